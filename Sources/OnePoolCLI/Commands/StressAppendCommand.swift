import ArgumentParser
import Foundation
import OnePoolCore
import OnePoolStore

/// A hidden verb for crash tests: appends order lines in a loop and prints one `ack KEY` line per
/// event only after its batch is durable. A test kills it at random moments and then checks that
/// every acknowledged key is in the store.
struct StressAppendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stress-append", abstract: "Append order lines in a loop (crash testing).", shouldDisplay: false)

    @OptionGroup var options: StoreOptions
    @Option(help: "The channel to sell on (must exist).") var channel: ChannelName
    @Option(help: "The SKU to sell (must exist).") var sku: SKUCode
    @Option(
        help: OptionRanges.stressRounds.help("Number of batches.", default: 0),
        transform: OptionRanges.stressRounds.read)
    var count: Int = 0
    @Option(
        help: OptionRanges.stressBatch.help("Events per batch.", default: 1), transform: OptionRanges.stressBatch.read)
    var batch: Int = 1
    @Option(help: "A prefix making this run's keys unique.") var tag: String = "\(getpid())"
    @Option(
        help: OptionRanges.stressChunk.help("Write each batch in pieces of this many bytes, pausing between them."),
        transform: OptionRanges.stressChunk.read)
    var chunk: Int?
    @Flag(help: "Append through `Store.transactStream`: each batch's sync overlaps the next batch's work.")
    var stream = false

    func run() throws {
        let store = try options.openStore()
        store.snapshotInterval = 500
        store.crashTestWriteChunk = chunk
        if stream {
            try appendStreamed(to: store)
            return
        }
        var round = 0
        while count == 0 || round < count {
            let now = Clock.now()
            let commit = try store.transact(actor: "stress", time: now) { _ in (changes(round: round, at: now), ()) }
            var text = ""
            for event in commit.appended { text += "ack \(event.idempotencyKey ?? "")\n" }
            FileHandle.standardOutput.write(Data(text.utf8))
            round += 1
        }
    }

    /// The same batches through one stream: a batch's keys are printed when the store says it is
    /// durable, which is after the next batch was already checked and applied in memory.
    private func appendStreamed(to store: Store) throws {
        var round = 0
        var pending: [[String]] = []  // the keys of each batch handed over and not yet acknowledged
        _ = try store.transactStream(
            actor: "stress",
            next: {
                guard count == 0 || round < count else { return nil }
                let now = Clock.now()
                let batch = changes(round: round, at: now)
                pending.append(batch.compactMap(\.idempotencyKey))
                round += 1
                return StreamBatch(time: now, changes: batch)
            },
            durable: { _ in
                let keys = pending.removeFirst()
                FileHandle.standardOutput.write(Data(keys.map { "ack \($0)\n" }.joined().utf8))
            })
    }

    /// Round `round`'s batch: one new order line per event, each with a key of its own.
    private func changes(round: Int, at now: Timestamp) -> [ProposedChange] {
        let first = round * batch
        return (0..<batch).map { index -> ProposedChange in
            let id = OrderLineID(channel: channel, order: "\(tag)-\(first + index)", line: 1)
            let facts = OrderLineFacts(id: id, sku: sku, quantity: 1, unitPrice: .zero, time: now)
            return ProposedChange(.orderPlaced(facts), idempotencyKey: "stress:\(tag):\(first + index)")
        }
    }
}
