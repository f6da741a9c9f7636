import Foundation
import OnePoolChannels
import OnePoolCore
import OnePoolStore
import OnePoolConsole

/// Publishing from the console (a briefing item's action): the channel's changed listings are
/// written to an upload file in the current directory and recorded, under the store's lock,
/// exactly as `onepool publish` does.
enum ConsolePublisher {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func publish(channel: String, store: Store, actor: String) throws -> String {
        guard let settings = store.state.channelSettings[channel] else { throw Failure(description: "unknown channel \(channel)") }
        let stamp = CivilDate.text(Date().timestamp, offsetSeconds: 0).filter { $0.isNumber }
        let path = FileManager.default.currentDirectoryPath + "/\(channel)-quantities-\(stamp).\(UploadWriter.fileExtension(settings.format))"
        let commit = try store.transact(actor: actor, time: Date().timestamp) { state in
            let lines = PublishPlan.make(state: state, channel: channel, full: false)
            let text = UploadWriter.file(lines, channel: channel, format: settings.format)
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else { throw Failure(description: "cannot write \(path)") }
            return (PublishPlan.changes(lines, channel: channel), lines.count)
        }
        return "Published \(commit.result) listing(s) for \(channel): \(path)"
    }
}
