import Foundation
import OnePoolCore

/// What a `sync` process says about itself beside the journal (STORE/sync/CHANNEL.json, written
/// by OnePoolSync's SyncStatusFile): here only the last pull that read each channel's orders,
/// for readers of the store that show the lag (the console). Reading never writes; a missing
/// or unreadable file is no pull known.
public enum SyncLiveness {
    public static func directory(store: String) -> String { "\(store)/sync" }

    private struct Record: Decodable {
        var channel: ChannelName
        var lastPullMs: Int64?
    }

    /// Channel → the last pull that read its orders.
    public static func lastReadPulls(store: String) -> [ChannelName: Timestamp] {
        let directory = directory(store: store)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [:] }
        var pulls: [ChannelName: Timestamp] = [:]
        for name in names where name.hasSuffix(".json") && !name.hasPrefix(".") {
            guard let data = FileManager.default.contents(atPath: "\(directory)/\(name)"), data.count < 1 << 20,
                let record = try? JSONDecoder().decode(Record.self, from: data), let ms = record.lastPullMs
            else { continue }
            pulls[record.channel] = Timestamp(millisecondsSince1970: ms)
        }
        return pulls
    }
}
