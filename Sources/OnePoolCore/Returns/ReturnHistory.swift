/// Every return the journal holds and what became of its units, for `onepool returns`: fed the
/// events in order, it inspects each SKU's returns oldest first, exactly as the fold does
/// (`ReturnsState.inspect`), so its "awaiting" agrees with the pool's.
public struct ReturnHistory: Sendable {
    public struct Entry: Hashable, Sendable {
        public var line: ReturnedLine
        public var restocked = 0
        public var writtenOff = 0
        /// Recorded by the first return event, before inspection existed: restocked or unsellable at once.
        public var recordedBeforeInspection = false

        public var awaiting: Int { max(0, line.quantity - restocked - writtenOff) }
    }

    public private(set) var entries: [Entry] = []
    /// Per SKU, the entries with units still awaiting inspection, oldest first.
    private var queues: [SKUCode: [Int]] = [:]

    public init() {}

    public mutating func record(_ event: Event) {
        switch event.change {
        case .returns(.arrived(let line)):
            queues[line.sku, default: []].append(entries.count)
            entries.append(Entry(line: line))
        case .returns(.restocked(let sku, let quantity, _)):
            inspect(sku, quantity, restock: true)
        case .returns(.writtenOff(let sku, let quantity, _)):
            inspect(sku, quantity, restock: false)
        case .orderReturned(let facts, let restocked):
            var entry = Entry(
                line: ReturnedLine(
                    id: facts.id, returnID: "", sku: facts.sku, quantity: facts.quantity,
                    reason: restocked ? "restocked on arrival" : "unsellable on arrival", time: facts.time),
                recordedBeforeInspection: true)
            if restocked { entry.restocked = facts.quantity } else { entry.writtenOff = facts.quantity }
            entries.append(entry)
        default:
            break
        }
    }

    private mutating func inspect(_ sku: SKUCode, _ quantity: Int, restock: Bool) {
        guard var queue = queues[sku] else { return }
        var left = quantity
        while left > 0, let first = queue.first {
            let taken = min(left, entries[first].awaiting)
            left -= taken
            if restock { entries[first].restocked += taken } else { entries[first].writtenOff += taken }
            if entries[first].awaiting == 0 { queue.removeFirst() }
        }
        queues[sku] = queue.isEmpty ? nil : queue
    }

    /// Awaiting inspection first (oldest first), then the rest newest first.
    public var ordered: [Entry] {
        let waiting = entries.filter { $0.awaiting > 0 }
        let done = entries.filter { $0.awaiting == 0 }
        return waiting + done.reversed()
    }
}
