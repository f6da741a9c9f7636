import ArgumentParser
import OnePoolCore
import OnePoolStore

struct ChannelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "channel",
        abstract: "Add and list sales channels.",
        subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a sales channel.",
            discussion: "The kind is guessed from the name (shopify, amazon, ebay, wholesale, retail) unless given.")

        @OptionGroup var options: StoreOptions

        @Argument(help: "Channel name: lowercase letters, digits, '-' or '_'.")
        var name: String

        @Option(help: "shopify, amazon, ebay, wholesale, retail or other.")
        var kind: String?

        func run() throws {
            let resolvedKind: ChannelKind
            if let kind {
                guard let parsed = ChannelKind(rawValue: kind) else {
                    throw CLIError("unknown channel kind '\(kind)': expected one of \(ChannelKind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                resolvedKind = parsed
            } else {
                resolvedKind = ChannelKind.allCases.first { name.hasPrefix($0.rawValue) } ?? .other
            }
            _ = try options.commitOne(.channelAdded(Channel(name: name, kind: resolvedKind)))
            print("Added channel \(name) (\(resolvedKind.rawValue))")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the channels.")

        @OptionGroup var options: StoreOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let state = try options.openStore().state
            var table = Table([.init("channel"), .init("kind"), .init("open_lines", .number), .init("committed_units", .number)])
            for name in state.channels.keys.sorted() {
                guard let channel = state.channels[name] else { continue }
                let lines = state.openLines.filter { $0.key.channel == name }
                table.add([name, channel.kind.rawValue, "\(lines.count)", "\(lines.values.reduce(0) { $0 + $1.quantity })"])
            }
            print(table.render(output.format))
        }
    }
}
