import ArgumentParser
import Foundation
import OnePoolCore
import OnePoolStore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an empty store.",
        discussion: """
            Creates the store directory with an empty journal. By default it belongs to you alone \
            (directories 0700, files 0600: it will hold your sales). With --group, several \
            operators share it: the store is group-writable with the setgid bit and nothing for \
            others, and each member writes (and approves) as themselves.

            OnePool refuses to write a store that is looser than that (writable by others, or by a \
            group it was not made for) or that belongs to another user, as ssh refuses a loose key.
            """)

    @OptionGroup var options: StoreOptions

    @Option(help: "A name for the store, shown in the console header.")
    var name: String = "OnePool"

    @Option(help: "The store's time zone (IANA name): where its days begin and end (default: this machine's).")
    var timeZone: String?

    @Option(
        help: ArgumentHelp("Share the store with this OS group (each member writes as themselves).", valueName: "group")
    )
    var group: String?

    func run() throws {
        let timeZone = self.timeZone ?? TimeZone.current.identifier
        guard TimeZone(identifier: timeZone) != nil else {
            throw CLIError("unknown time zone '\(timeZone)': expected an IANA name such as Europe/London")
        }
        let path = options.resolvedPath
        let metadata = StoreMetadata(
            name: name, createdAt: Clock.now().millisecondsSince1970, timeZone: timeZone, group: group)
        try Store.create(at: path, metadata: metadata)
        say("Created store '\(name)' at \(path)" + (group.map { ", shared with group \($0)" } ?? ""))
        say("Next: onepool channel add shopify · onepool sku add CODE --title \"...\" · onepool receive CODE QTY")
    }
}
