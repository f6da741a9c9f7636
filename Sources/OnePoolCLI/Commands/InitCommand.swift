import ArgumentParser
import Foundation
import OnePoolCore
import OnePoolStore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an empty store.",
        discussion: "Creates the store directory (owner-only permissions: it will hold your sales) with an empty journal.")

    @OptionGroup var options: StoreOptions

    @Option(help: "A name for the store, shown in the console header.")
    var name: String = "OnePool"

    @Option(help: "The store's time zone (IANA name): where its days begin and end (default: this machine's).")
    var timeZone: String?

    func run() throws {
        let timeZone = self.timeZone ?? TimeZone.current.identifier
        guard TimeZone(identifier: timeZone) != nil else {
            throw CLIError("unknown time zone '\(timeZone)': expected an IANA name such as Europe/London")
        }
        let path = options.resolvedPath
        let metadata = StoreMetadata(name: name, createdAt: Clock.now().millisecondsSince1970, timeZone: timeZone)
        try Store.create(at: path, metadata: metadata)
        say("Created store '\(name)' at \(path)")
        say("Next: onepool channel add shopify · onepool sku add CODE --title \"...\" · onepool receive CODE QTY")
    }
}
