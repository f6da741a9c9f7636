import ArgumentParser
import OnePoolChannels
import OnePoolCore
import OnePoolStore

struct ChannelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "channel",
        abstract: "Add sales channels, set their allocation rules, list them.",
        discussion: """
            Each channel is offered a share of every SKU's available units, by priority from a \
            shrinking balance: floors first (in priority order), then up to each channel's cap. \
            See `onepool allocation` for the result per SKU.
            """,
        subcommands: [Add.self, Set.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a sales channel.",
            discussion: """
                The kind is guessed from the name (shopify, amazon, ebay, wholesale, retail) unless given. \
                A new channel is served after the ones added before it, with no floor and no cap; \
                change that with `onepool channel set`.
                """)

        @OptionGroup var options: StoreOptions

        @Argument(help: "Channel name: lowercase letters, digits, '-' or '_'.")
        var name: ChannelName

        @Option(help: "shopify, amazon, ebay, wholesale, retail or other.")
        var kind: String?

        func run() throws {
            let resolvedKind: ChannelKind
            if let kind {
                guard let parsed = ChannelKind(rawValue: kind) else {
                    throw CLIError(
                        "unknown channel kind '\(kind)': expected one of \(ChannelKind.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                resolvedKind = parsed
            } else {
                resolvedKind = ChannelKind.allCases.first { name.rawValue.hasPrefix($0.rawValue) } ?? .other
            }
            let (store, _) = try options.commitOne(.channelAdded(Channel(name: name, kind: resolvedKind)))
            let settings = store.state.channelSettings[name]
            say(
                "Added channel \(name) (\(resolvedKind.rawValue)), priority \(settings?.rule.priority ?? 0), format \(settings?.format.rawValue ?? "")"
            )
            StarvationReport.lines(store.state, channels: [name]).forEach { say($0) }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a channel's priority, floor, cap, format, or switch it off.",
            discussion: """
                Every change is an event in the journal. Prints what the change does to the units \
                offered to each channel over the whole catalogue.
                Examples:
                  onepool channel set amazon --priority 2 --cap 30%
                  onepool channel set wholesale --floor 10
                  onepool channel set ebay --cap none --disable
                Says which channels are starved afterwards: offered 0 of SKUs that have units, because \
                channels served before them take them all.
                """)

        @OptionGroup var options: StoreOptions
        @Argument(help: "The channel.") var name: ChannelName
        @Option(
            help: OptionRanges.priority.help("Serving order."), transform: OptionRanges.priority.read)
        var priority: Int?
        @Option(
            help: OptionRanges.ruleUnits.help("Units guaranteed before any channel gets more than its floor."),
            transform: OptionRanges.ruleUnits.read)
        var floor: Int?
        @Option(
            help: ArgumentHelp(
                "Most the channel is offered (with what it holds in open orders): "
                    + "units (30; \(OptionRanges.ruleUnits.text)), "
                    + "percent of the pool (30%; \(OptionRanges.capPercent.text)), or none.",
                valueName: "cap"),
            transform: CapSetting.read)
        var cap: CapSetting?
        @Option(help: "File format: shopify, amazon or generic.") var format: String?
        @Flag(help: "Offer the channel stock (--enable), or nothing (--disable).") var switched: Switch?

        /// `--enable` / `--disable` (one flag each, as the examples write them).
        enum Switch: String, EnumerableFlag {
            case enable, disable

            static func help(for value: Switch) -> ArgumentHelp? {
                value == .enable ? "Offer the channel stock." : "Offer the channel nothing (its listings publish 0)."
            }
        }

        func run() throws {
            let (store, commit) = try options.commit {
                state -> (changes: [ProposedChange], result: [ChannelName: Int]) in
                guard var settings = state.channelSettings[name] else {
                    throw StoreError.refused(.unknownChannel(name))
                }
                if let priority { settings.rule.priority = priority }
                if let floor { settings.rule.floor = floor }
                if let cap { settings.rule.cap = cap.rule }
                if let format {
                    guard let parsed = ChannelFormat(rawValue: format) else {
                        throw CLIError(
                            "--format '\(format)' is not valid: expected \(ChannelFormat.allCases.map(\.rawValue).joined(separator: ", "))"
                        )
                    }
                    settings.format = parsed
                }
                if let switched { settings.rule.enabled = switched == .enable }
                guard settings != state.channelSettings[name] else { return ([], [:]) }
                return (
                    [ProposedChange(.channelConfigured(name: name, settings: settings))],
                    ExposureTotals.perChannel(state)
                )
            }
            guard !commit.appended.isEmpty else {
                say("Nothing to change for \(name) (give --priority, --floor, --cap, --format or --enable/--disable)")
                return
            }
            let after = ExposureTotals.perChannel(store.state)
            say("Channel \(name) set.")
            say("Units offered over all SKUs, before → after:")
            for channel in store.state.channelOrder {
                let was = commit.result[channel] ?? 0
                let now = after[channel] ?? 0
                say(
                    "  \(channel.rawValue.padding(15)) \(String(was).leftPadding(8)) → \(String(now).leftPadding(8))"
                        + (was == now ? "" : "  (\(now > was ? "+" : "")\(now - was))"))
            }
            StarvationReport.lines(store.state).forEach { say($0) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the channels with their rules and what they are offered.")

        @OptionGroup var options: StoreOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let state = try options.openStore().state
            let exposed = ExposureTotals.perChannel(state)
            let over = Dictionary(grouping: state.overExposed(), by: \.key.channel)
            let waiting = Dictionary(grouping: state.unmappedListings(), by: \.key.channel)
            var rows: [ChannelRow] = []
            var openLines: [ChannelName: (lines: Int, units: Int)] = [:]
            for (id, line) in state.openLines {
                openLines[id.channel, default: (0, 0)].lines += 1
                openLines[id.channel, default: (0, 0)].units += line.quantity
            }
            for name in state.channelOrder {
                guard let channel = state.channels[name], let settings = state.channelSettings[name] else { continue }
                rows.append(
                    ChannelRow(
                        channel: Identifier(name), kind: Identifier(channel.kind.rawValue),
                        priority: settings.rule.priority,
                        floor: settings.rule.floor, cap: Identifier(settings.rule.cap?.description ?? "none"),
                        enabled: settings.rule.enabled, format: Identifier(settings.format.rawValue),
                        openLines: openLines[name]?.lines ?? 0, committedUnits: openLines[name]?.units ?? 0,
                        unitsOffered: exposed[name] ?? 0, overExposed: over[name]?.count ?? 0,
                        unmappedListings: waiting[name]?.count ?? 0))
            }
            show(Output.rows(rows, format: output.format), format: output.format)
        }
    }
}

/// `channel set --cap`: units, a percentage of the pool, or none — each within its range.
enum CapSetting {
    case none
    case cap(ChannelRule.Cap)

    var rule: ChannelRule.Cap? {
        if case .cap(let cap) = self { return cap }
        return nil
    }

    static func read(_ text: String) throws -> CapSetting {
        if text == "none" { return .none }
        let expected = "units (\(OptionRanges.ruleUnits.text)), a percentage (\(OptionRanges.capPercent.text)) or none"
        if text.hasSuffix("%") {
            guard let percent = try? OptionRanges.capPercent.read(String(text.dropLast())) else {
                throw OutOfRange(expected: expected)
            }
            return .cap(.percent(percent))
        }
        guard let units = try? OptionRanges.ruleUnits.read(text) else { throw OutOfRange(expected: expected) }
        return .cap(.units(units))
    }
}

/// Units offered per channel summed over the catalogue: what a rule change moves.
enum ExposureTotals {
    static func perChannel(_ state: StockState) -> [ChannelName: Int] {
        let book = AllocationBook(state: state)
        return Dictionary(uniqueKeysWithValues: zip(book.channels, book.totals))
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    func leftPadding(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
