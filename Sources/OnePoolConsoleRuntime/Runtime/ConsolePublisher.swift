import Foundation
import OnePoolChannels
import OnePoolConsole
import OnePoolCore
import OnePoolStore

/// Publishing from the console (a briefing item's action): the channel's changed listings are
/// written to an upload file in the current directory and recorded, under the store's lock,
/// exactly as `onepool publish` does.
enum ConsolePublisher {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func publish(channel: ChannelName, store: Store, actor: UserName) throws -> String {
        guard let settings = store.state.channelSettings[channel] else {
            throw Failure(description: "unknown channel \(channel)")
        }
        let stamp = CivilDate.text(Date().timestamp, offsetSeconds: 0).filter { $0.isNumber }
        let path =
            FileManager.default.currentDirectoryPath
            + "/\(channel)-quantities-\(stamp).\(UploadWriter.fileExtension(settings.format))"
        let commit = try store.transact(actor: actor, time: Date().timestamp) { state -> ([ProposedChange], Int) in
            let lines = PublishPlan.make(state: state, channel: channel, full: false)
            // The guard every push passes: a channel never offered stock is not set to 0.
            let guarded = Result { () throws(Refusal) in
                try state.checkZeroing(
                    channel: channel, quantities: lines.map { ($0.listing, $0.quantity) }, allowZero: false)
            }
            if case .failure(let refusal) = guarded { throw Failure(description: refusal.consoleText()) }
            let text = UploadWriter.file(lines, channel: channel, format: settings.format)
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
                throw Failure(description: "cannot write \(path)")
            }
            return (PublishPlan.changes(lines, channel: channel), lines.count)
        }
        return "Published \(commit.result) listing(s) for \(channel): \(path)"
    }
}
