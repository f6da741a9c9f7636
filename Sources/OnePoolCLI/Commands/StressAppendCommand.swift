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

    func run() throws {
        let store = try options.openStore()
        store.snapshotInterval = 500
        store.crashTestWriteChunk = chunk
        var round = 0
        while count == 0 || round < count {
            let now = Clock.now()
            let first = round * batch
            let commit = try store.transact(actor: "stress", time: now) { _ in
                let changes = (0..<batch).map { index -> ProposedChange in
                    let id = OrderLineID(channel: channel, order: "\(tag)-\(first + index)", line: 1)
                    let facts = OrderLineFacts(id: id, sku: sku, quantity: 1, unitPrice: .zero, time: now)
                    return ProposedChange(.orderPlaced(facts), idempotencyKey: "stress:\(tag):\(first + index)")
                }
                return (changes, ())
            }
            var text = ""
            for event in commit.appended { text += "ack \(event.idempotencyKey ?? "")\n" }
            FileHandle.standardOutput.write(Data(text.utf8))
            round += 1
        }
    }
}
