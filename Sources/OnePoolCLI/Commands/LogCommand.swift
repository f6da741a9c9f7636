import ArgumentParser
import Foundation
import OnePoolCore
import OnePoolStore

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "The journal, human-readable: every change, who made it and when.",
        discussion: "Examples: onepool log --sku MUG-BLUE · onepool log --since 2026-11-01 --limit 0 --format csv")

    @OptionGroup var options: StoreOptions
    @OptionGroup var output: FormatOptions
    @Option(help: "Only events about this SKU.") var sku: SKUCode?
    @Option(help: "Only events recorded on or after this date (YYYY-MM-DD, in the store's time zone).") var since:
        String?
    @Option(
        help: ArgumentHelp("Only these kinds (comma-separated), e.g. order-placed,received.", valueName: "kinds"),
        transform: EventKinds.read)
    var kind: Set<String>?
    @Option(
        help: OptionRanges.rowLimit.help("Show the newest N matching events.", default: 100, valueName: "n"),
        transform: OptionRanges.rowLimit.read)
    var limit: Int = 100

    func run() throws {
        let store = try options.openStore()
        let zone = DateText.timeZone(of: store.metadata.timeZone)
        let sinceTime = try since.map {
            try DateText.instant($0, option: "--since", storeZone: store.metadata.timeZone)
        }
        if let sku, store.state.pools[sku] == nil { throw StoreError.refused(.unknownSKU(sku)) }
        let kinds = kind

        var matched: [Event] = []
        try store.forEachEvent { event in
            if let sinceTime, event.time < sinceTime { return }
            if let sku, event.change.skuCode != sku { return }
            if let kinds, !kinds.contains(event.change.kind) { return }
            matched.append(event)
            if limit > 0 && matched.count > limit * 2 { matched.removeFirst(matched.count - limit) }
        }
        if limit > 0 && matched.count > limit { matched.removeFirst(matched.count - limit) }
        let rows = matched.map { event in
            LogRow(
                seq: Int(clamping: event.sequence), time: DateText.format(event.time, timeZone: zone),
                actor: event.actor,
                kind: Identifier(event.change.kind), details: EventText.details(event.change))
        }
        show(Output.rows(rows, format: output.format), format: output.format)
    }
}

/// `log --kind`: a comma-separated list of `Change.kinds`; an unknown one is refused with the list.
enum EventKinds {
    static func read(_ text: String) throws -> Set<String> {
        let kinds = text.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        let unknown = kinds.filter { !Change.kinds.contains($0) }
        guard !kinds.isEmpty, unknown.isEmpty else {
            let named = unknown.map { "'\($0)'" }.joined(separator: ", ")
            let what = unknown.isEmpty ? "no kind given" : "unknown kind\(unknown.count == 1 ? "" : "s") \(named)"
            throw OutOfRange(
                expected: "one or more of \(Change.kinds.joined(separator: ", "))", found: nil,
                prefix: what)
        }
        return Set(kinds)
    }
}
