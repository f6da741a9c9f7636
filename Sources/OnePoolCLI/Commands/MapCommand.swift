import ArgumentParser
import Foundation
import OnePoolChannels
import OnePoolCore
import OnePoolStore

struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Map a channel's listing to a OnePool SKU (times a pack size).",
        discussion: """
            A listing whose id equals a SKU code maps to that SKU unless mapped otherwise. Order \
            lines for a listing that maps to nothing wait in the unmapped queue (`onepool map list \
            --unmapped`); mapping the listing applies them to the SKU.
            Examples:
              onepool map amazon TORCH-CB-M-DE TORCH-CB-M
              onepool map amazon MUG-6PK MUG-BLUE --pack 6
              onepool map import listings.csv        (columns: channel,listing,sku[,pack])
              onepool map list --unmapped
            """,
        subcommands: [Set.self, Import.self, List.self],
        defaultSubcommand: Set.self)

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Map one listing (the default: `onepool map CHANNEL LISTING SKU`).")

        @OptionGroup var options: StoreOptions
        @Argument(help: "The channel.") var channel: ChannelName
        @Argument(help: "The channel's SKU / listing id.") var listing: String
        @Argument(help: "The OnePool SKU it sells.") var sku: SKUCode
        @Option(
            help: OptionRanges.pack.help("Units of the SKU one listing unit consumes (a 6-pack: 6).", default: 1),
            transform: OptionRanges.pack.read)
        var pack: Int = 1

        func run() throws {
            let (_, commit) = try options.commit { state in
                let entry = MappingEntry(
                    key: ListingKey(channel: channel, listing: listing), mapping: ListingMapping(sku: sku, pack: pack),
                    fileLine: 0)
                let plan = try MappingPlan.make([entry], file: nil, state: state, time: Clock.now())
                return (plan.changes, plan)
            }
            let plan = commit.result
            if commit.appended.isEmpty {
                say("Already mapped: \(channel):\(listing) → \(sku)" + (pack == 1 ? "" : " × \(pack)"))
            } else {
                say("Mapped \(channel):\(listing) → \(sku)" + (pack == 1 ? "" : " × \(pack)") + plan.appliedText)
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Map many listings from a CSV file: channel,listing,sku[,pack].",
            discussion:
                "The whole file is applied or, if any row is wrong, nothing (every problem is listed as file:line:column)."
        )

        @OptionGroup var options: StoreOptions
        @Argument(help: "The CSV file.") var file: String

        func run() throws {
            let entries = try MappingFile.read(try readDelimited(file))
            let (_, commit) = try options.commit { state in
                let plan = try MappingPlan.make(entries, file: file, state: state, time: Clock.now())
                return (plan.changes, plan)
            }
            say(
                "Mapped \(commit.result.mapped) listing(s) from \(file), \(entries.count - commit.result.mapped) unchanged"
                    + commit.result.appliedText)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List mapped listings, or with --unmapped the listings with orders waiting.")

        @OptionGroup var options: StoreOptions
        @OptionGroup var output: FormatOptions
        @Flag(help: "Show the unmapped queue: listings with order lines that map to no SKU.") var unmapped = false
        @Option(help: "Only this channel.") var channel: ChannelName?

        func run() throws {
            let state = try options.openStore().state
            if unmapped {
                let listings = state.unmappedListings().filter { channel == nil || $0.key.channel == channel }
                let rows = listings.map { entry in
                    UnmappedRow(
                        channel: Identifier(entry.key.channel), listing: Identifier(entry.key.listing),
                        lines: entry.lines,
                        openUnits: entry.openUnits, firstSeen: entry.firstSeen.map { TimeText.iso($0) })
                }
                show(Output.rows(rows, format: output.format), format: output.format)
                if output.format == .table && rows.isEmpty {
                    Console.note("No unmapped listings: every order line maps to a SKU.")
                }
                return
            }
            let listings = state.listings.sorted(by: { $0.key < $1.key })
                .filter { channel == nil || $0.key.channel == channel }
            let rows = listings.map { key, mapping in
                MappingRow(
                    channel: Identifier(key.channel), listing: Identifier(key.listing), sku: Identifier(mapping.sku),
                    pack: mapping.pack)
            }
            show(Output.rows(rows, format: output.format), format: output.format)
            if output.format == .table { Console.note("Listings not shown map to the SKU with the same code.") }
        }
    }
}

/// Reads a CSV or tab-separated file (by its first line) for the importers.
func readDelimited(_ path: String) throws -> DelimitedFile {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CLIError("cannot read \(path): no such file or not readable")
    }
    return try DelimitedFile.read(bytes: [UInt8](data), file: path)
}
