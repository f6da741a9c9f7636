import Foundation
import OnePoolChannels
import OnePoolCore

/// Runs sync steps over the connected channels. In a step every channel pulls (at the same
/// time), then every channel pushes its decreases, then every channel the rest: a sale recorded
/// from one channel reaches the others' push in the same step, and stock moving between
/// channels leaves one before it is offered on the other. A channel that fails is reported and retried later; it never stops the
/// others.
public final class SyncEngine: Sendable {
    private let channels: [ChannelSync]
    private let store: SyncStore
    private let statusDirectory: String?

    /// `statusDirectory`: where each channel's status file goes (nil: none).
    public init(
        storePath: String, connectors: [any ChannelConnector], options: SyncOptions = SyncOptions(),
        statusDirectory: String? = nil, clock: @escaping @Sendable () -> Timestamp
    ) throws {
        let store = try SyncStore(path: storePath, actor: options.actor, clock: clock)
        self.store = store
        var pulled: (@Sendable (ChannelName, Date) -> Void)?
        if let statusDirectory {
            pulled = { channel, at in SyncStatusFile.notePull(directory: statusDirectory, channel: channel, at: at) }
        }
        channels = connectors.map { connector in
            let last = statusDirectory.flatMap {
                SyncStatusFile.read(directory: $0, channel: connector.channel)?.lastCatalogue
            }
            return ChannelSync(
                connector: connector, store: store, options: options,
                lastCatalogue: last.flatMap(TimeText.parse).map(\.date), pulled: pulled)
        }
        self.statusDirectory = statusDirectory
    }

    /// One step over every channel. Returns what each channel did, in the connectors' order.
    public func step() async -> [ChannelStepReport] {
        let pulled = await Self.inParallel(channels) { channel in await channel.pull() }
        let lowered = await Self.inParallel(Array(zip(channels, pulled))) { pair in
            await pair.0.push(pair.1, decreasesOnly: true)
        }
        let pushed = await Self.inParallel(Array(zip(channels, lowered))) { pair in
            await pair.0.push(pair.1, decreasesOnly: false)
        }
        let finished = await Self.inParallel(Array(zip(channels, pushed))) { pair in await pair.0.finish(pair.1) }
        if let statusDirectory {
            for report in finished { SyncStatusFile.update(directory: statusDirectory, with: report) }
        }
        return finished
    }

    /// Store warnings (a torn tail cut off) since the last call.
    public func warnings() async -> [String] { await store.takeWarnings() }

    private static func inParallel<Input: Sendable, Output: Sendable>(
        _ inputs: [Input], _ body: @escaping @Sendable (Input) async -> Output
    ) async -> [Output] {
        await withTaskGroup(of: (Int, Output).self) { group in
            for (index, input) in inputs.enumerated() { group.addTask { (index, await body(input)) } }
            var results: [(Int, Output)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}

extension Timestamp {
    var date: Date { Date(timeIntervalSince1970: Double(millisecondsSince1970) / 1000) }
}
