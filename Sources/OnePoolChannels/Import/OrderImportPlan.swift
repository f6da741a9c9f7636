import OnePoolCore

/// What importing order lines means for the pool, decided against the store's current state.
///
/// For each line (listing mapped to `pack` units of a SKU, else parked in the unmapped queue):
/// - still open → placed (its units are committed);
/// - shipped → if its SKU was counted after it shipped, the count already reflects it: demand
///   history only; otherwise placed and shipped (its units leave on hand);
/// - cancelled → closes the line if it was open; a line never seen open changes nothing.
/// A line already recorded only moves forward (open → shipped or cancelled), so importing a
/// newer export of the same orders applies just what changed, and the same file twice nothing.
/// A line recorded before whose quantity, SKU or price changed (a channel's order edit) is an
/// amendment first (`StockState.report` decides), then moves forward like any other; a line
/// in the unmapped queue reported with other facts replaces its queue entry.
/// Each change is checked against the newest state as it is planned (`ChangeStaging`): a line
/// the store would refuse is reported with its file line instead of failing the commit.
///
/// `OrderImportPlanner` plans one line at a time (an import streams millions); `make` plans a
/// list of lines on a working copy of a state and returns the changes (the live sync's pages).
public struct OrderImportPlan: Sendable {
    public var changes: [ProposedChange] = []
    public var summary = OrderImportSummary()
    public var problems: [ImportProblem] = []

    public static func make(
        lines: [ImportedLine], channel: ChannelName, file: String, state: StockState, time: Timestamp
    ) -> OrderImportPlan {
        var planner = OrderImportPlanner(channel: channel, file: file)
        var scratch = ScratchStaging(state: state, time: time)
        for line in lines { planner.plan(line, into: &scratch) }
        return OrderImportPlan(changes: scratch.changes, summary: planner.summary, problems: planner.problems)
    }
}

/// Where planned changes go, one at a time: each is checked against `state` and, if it passes,
/// applied to it at once, so the next line is decided against a state that includes it.
public protocol ChangeStaging {
    var state: StockState { get }
    /// Runs `body` on the state as it stands, lent rather than copied: through the protocol, a
    /// read of `state` returns a copy of the whole `StockState` (a retain and a release of each
    /// of its tables), once per planned line — 6% of a large import. `body` reads the state
    /// it is handed, never `state` (the store's batch holds an exclusive access meanwhile).
    func withState<Result>(_ body: (StockState) -> Result) -> Result
    /// Checks and applies `proposed` (its key's digest worked out by the caller); false, changing
    /// nothing, if the key was seen or the change would change nothing. A refusal changes nothing.
    mutating func stage(_ proposed: ProposedChange, digest: IdempotencyDigest?) throws(Refusal) -> Bool
}

/// A working copy of a state that keeps the changes staged on it, in order (what `make`
/// returns, and what a dry run counts without keeping them).
public struct ScratchStaging: ChangeStaging {
    public private(set) var state: StockState
    public private(set) var changes: [ProposedChange] = []
    public private(set) var staged = 0
    private let time: Timestamp
    private let keepsChanges: Bool

    public init(state: StockState, time: Timestamp, keepingChanges: Bool = true) {
        self.state = state
        self.time = time
        self.keepsChanges = keepingChanges
    }

    public func withState<Result>(_ body: (StockState) -> Result) -> Result { body(state) }

    public mutating func stage(_ proposed: ProposedChange, digest: IdempotencyDigest?) throws(Refusal) -> Bool {
        let sequence = state.lastSequence + 1
        guard try state.commit(proposed.change, sequence: sequence, time: time, digest: digest) else { return false }
        if keepsChanges { changes.append(proposed) }
        staged += 1
        return true
    }
}

/// Plans order lines one at a time into a `ChangeStaging`: one hash per idempotency key (its
/// digest travels with the change), one check per change (the staging's). Remembers only what
/// it must to refuse a line that comes twice: the first file line of each line's key.
public struct OrderImportPlanner {
    public let channel: ChannelName
    public let file: String
    public private(set) var summary = OrderImportSummary()
    public private(set) var problems: [ImportProblem] = []
    /// File lines refused after an earlier change of the same line was staged: the staging holds
    /// part of them, so only planning again without them leaves no trace (`--skip-bad`).
    public private(set) var partlyStaged: [Int] = []
    /// Where each line's key was first seen (set by a streamed import to its own).
    var sightings = Sightings()
    /// The reader already refused every line whose order line comes twice (a Shopify export's
    /// lines are numbered within their order, and the reader refuses an order that comes twice):
    /// then no line is remembered here.
    public var linesAreUnique = false

    public init(channel: ChannelName, file: String) {
        self.channel = channel
        self.file = file
    }

    /// Plans `line` and stages its changes. Returns the problems it had (none: planned).
    @discardableResult
    public mutating func plan<Stage: ChangeStaging>(
        _ line: ImportedLine, into stage: inout Stage
    ) -> ArraySlice<ImportProblem> {
        let firstProblem = problems.count
        let id = OrderLineID(channel: line.channel ?? channel, order: line.order, line: line.line)
        let placedKey = OrderKeys.placed(id)
        let placedDigest = IdempotencyDigest(key: placedKey)
        if !linesAreUnique,
            let first = sightings.firstLine(of: placedDigest.high | 1, .orderLine, recording: line.fileLine)
        {
            problems.append(
                ImportProblem(
                    file: file, line: line.fileLine,
                    message:
                        "order \(line.order) line \(line.line) appears twice in this file (first on line \(first)); "
                        + "expected each line once"))
            return problems[firstProblem...]
        }
        if line.refunded { summary.refundedLines += 1 }
        let proposed = stage.withState { state in
            Self.decide(line, id: id, placed: (placedKey, placedDigest), source: (file, line.fileLine), in: state)
        }
        var stagedAny = false
        for (change, digest) in proposed {
            do {
                if try stage.stage(change, digest: digest) {
                    summary.count(change)
                    stagedAny = true
                }
            } catch {
                problems.append(ImportProblem(file: file, line: line.fileLine, message: error.commandLineText))
                if stagedAny { partlyStaged.append(line.fileLine) }
            }
        }
        if proposed.isEmpty { summary.unchanged += 1 }
        return problems[firstProblem...]
    }

    /// The changes one line calls for, given what the store already knows of it, each with the
    /// digest of its key.
    static func decide(
        _ line: ImportedLine, id: OrderLineID, placed: (key: String, digest: IdempotencyDigest), source: (String, Int),
        in state: StockState
    ) -> [(ProposedChange, IdempotencyDigest?)] {
        let key = ListingKey(channel: id.channel, listing: line.listing)
        guard let mapping = state.mapping(for: key) else {
            if let parked = state.parkedLines[id], parked.status == line.status {
                // The queue keeps the latest version of a waiting line. A replacement carries no
                // key: it is decided against the queue as it stands, so replay needs none.
                var updated = parked
                updated.listing = line.listing
                updated.quantity = line.quantity
                updated.unitPrice = line.unitPrice ?? parked.unitPrice
                return updated == parked ? [] : [(ProposedChange(.orderParked(updated)), nil)]
            }
            if state.hasSeen(digest: placed.digest) { return [] }
            let parked = ParkedLine(
                id: id, listing: line.listing, quantity: line.quantity, unitPrice: line.unitPrice ?? .zero,
                placedAt: line.placedAt, status: line.status, statusTime: line.statusTime)
            return [keyed(.orderParked(parked), OrderKeys.parked(id, line.status))]
        }
        let pack = max(1, mapping.pack)
        let listingPrice = line.unitPrice ?? Money(cents: (state.sku(mapping.sku)?.price.cents ?? 0) * Int64(pack))
        let facts = OrderLineFacts(
            id: id, sku: mapping.sku, quantity: line.quantity * pack,
            unitPrice: Money(cents: listingPrice.cents / Int64(pack)), time: line.placedAt)
        // Made only where it is staged: most lines of an export are history or closings, and
        // building it for every line (its strings retained, then released) cost ~2% of an import.
        func placement() -> (ProposedChange, IdempotencyDigest?) {
            (ProposedChange(.orderPlaced(facts), idempotencyKey: placed.key), placed.digest)
        }
        var open = state.openLines[id]
        var amended: [(ProposedChange, IdempotencyDigest?)] = []
        switch state.report(facts, priceGiven: line.unitPrice != nil, source: "", placedDigest: placed.digest) {
        case .new:
            break
        case .unchanged:
            if line.status == .open { return [] }
        case .changed(var amendment):
            // The source is written only for the few lines that changed.
            amendment.source = "\(source.0):\(source.1)"
            amended = [(ProposedChange(.orderAmended(amendment)), nil)]
            if let was = open {
                open = OpenOrderLine(
                    sku: amendment.after.sku, quantity: amendment.after.quantity, unitPrice: amendment.after.unitPrice,
                    placedAt: was.placedAt)
            }
        }
        let known = state.hasSeen(digest: placed.digest)
        switch line.status {
        case .open:
            return known ? amended : [placement()]
        case .shipped:
            let shippedAt = line.statusTime ?? line.placedAt
            if let open {
                var closing = facts
                closing.sku = open.sku
                closing.quantity = open.quantity
                closing.time = shippedAt
                return amended + [keyed(.orderShipped(closing), OrderKeys.shipped(id))]
            }
            if known { return amended }
            if let counted = state.pools[mapping.sku]?.countedAt, shippedAt <= counted {
                return [(ProposedChange(.demandRecorded(facts), idempotencyKey: placed.key), placed.digest)]
            }
            var shipped = facts
            shipped.time = shippedAt
            return [placement(), keyed(.orderShipped(shipped), OrderKeys.shipped(id))]
        case .cancelled:
            guard let open else { return amended }
            var closing = facts
            closing.sku = open.sku
            closing.quantity = open.quantity
            closing.time = line.statusTime ?? line.placedAt
            return amended + [keyed(.orderCancelled(closing), OrderKeys.cancelled(id))]
        }
    }

    /// A change with its key, and the key's digest (the one hash of that key).
    private static func keyed(_ change: Change, _ key: String) -> (ProposedChange, IdempotencyDigest?) {
        (ProposedChange(change, idempotencyKey: key), IdempotencyDigest(key: key))
    }
}

/// Counts for the operator: what an import did.
public struct OrderImportSummary: Hashable, Sendable {
    public var placed = 0
    public var shipped = 0
    public var cancelled = 0
    public var historyOnly = 0
    public var parked = 0
    public var unchanged = 0
    public var refundedLines = 0
    /// Lines recorded before that came back with another quantity, SKU or price, in file order.
    public var amendments: [OrderAmendment] = []
    /// Lines waiting in the unmapped queue that came back with other facts (their entry replaced).
    public var requeued: [ParkedLine] = []

    /// Amendments and replaced queue entries together.
    public var amended: Int { amendments.count + requeued.count }

    public init() {}

    public mutating func add(_ other: OrderImportSummary) {
        placed += other.placed
        shipped += other.shipped
        cancelled += other.cancelled
        historyOnly += other.historyOnly
        parked += other.parked
        unchanged += other.unchanged
        refundedLines += other.refundedLines
        amendments += other.amendments
        requeued += other.requeued
    }

    mutating func count(_ proposed: ProposedChange) {
        switch proposed.change {
        case .orderPlaced: placed += 1
        case .orderShipped: shipped += 1
        case .orderCancelled: cancelled += 1
        case .demandRecorded: historyOnly += 1
        case .orderParked(let line):
            // Without a key it replaces a waiting line's entry (see `decide`).
            if proposed.idempotencyKey == nil { requeued.append(line) } else { parked += 1 }
        case .orderAmended(let amendment): amendments.append(amendment)
        default: break
        }
    }
}
