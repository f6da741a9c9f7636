import ArgumentParser
import Foundation
import OnePoolCore
import OnePoolStore

/// `onepool returns`: the returns queue (awaiting inspection first) and return rates.
struct ReturnsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "returns",
        abstract: "List customer returns (awaiting inspection first) and return rates per SKU and channel.",
        discussion: """
            A return rate is units returned ÷ units shipped over the last --days days (a return \
            counts on the day it came back, so over a short window a rate may pass 100 %). Returns \
            never erase the sale from demand history. Inspect waiting units with `onepool inspect`.
            Examples:
              onepool returns --awaiting
              onepool returns --days 90 --format json
            """)

    @OptionGroup var options: StoreOptions
    @Flag(help: "Only returns with units awaiting inspection.") var awaiting = false
    @Option(
        help: OptionRanges.returnDays.help("Days the return rates are measured over.", default: 30),
        transform: OptionRanges.returnDays.read)
    var days: Int = 30
    @Option(
        help: OptionRanges.rowLimit.help("At most this many returns listed.", default: 50),
        transform: OptionRanges.rowLimit.read)
    var limit: Int = 50
    @OptionGroup var output: FormatOptions

    func run() throws {
        let store = try options.openStore()
        var history = ReturnHistory()
        var rates = ReturnRates(days: days, until: Clock.now())
        try store.forEachEvent { event in
            history.record(event)
            rates.record(event)
        }
        let zone = DateText.timeZone(of: store.metadata.timeZone)
        var entries = history.ordered
        if awaiting { entries = entries.filter { $0.awaiting > 0 } }
        if limit > 0 { entries = Array(entries.prefix(limit)) }
        let rows = entries.map { Self.row($0, zone: zone) }
        let rateRows = Self.rateRows(rates)
        let waiting = store.state.returns.awaitingQueue.reduce(0) { $0 + $1.remaining }
        switch output.format {
        case .json:
            emit(
                Output.json(ReturnsDocument(windowDays: days, awaitingUnits: waiting, returns: rows, rates: rateRows)))
        case .csv:
            emit(Output.rows(rows, format: .csv), terminator: "")
        case .table:
            say("\(waiting) unit(s) awaiting inspection")
            say(Output.rows(rows, format: .table))
            say("Return rates over the last \(days) days (units returned ÷ units shipped)")
            say(Output.rows(rateRows, format: .table))
        }
    }

    static func row(_ entry: ReturnHistory.Entry, zone: TimeZone) -> ReturnRow {
        let status: String =
            entry.awaiting > 0
            ? "awaiting"
            : entry.writtenOff == 0 ? "restocked" : entry.restocked == 0 ? "written-off" : "inspected"
        return ReturnRow(
            status: Identifier(status), returned: DateText.format(entry.line.time, timeZone: zone, withTime: false),
            channel: Identifier(entry.line.id.channel), order: Identifier(entry.line.id.order),
            line: entry.line.id.line,
            sku: Identifier(entry.line.sku), quantity: entry.line.quantity, awaiting: entry.awaiting,
            restocked: entry.restocked, writtenOff: entry.writtenOff, reason: entry.line.reason,
            returnId: entry.line.returnID)
    }

    /// Per SKU, then per channel; each by units returned, most first.
    static func rateRows(_ rates: ReturnRates) -> [ReturnRateRow] {
        func rows(_ scope: String, _ tallies: [String: ReturnRates.Tally]) -> [ReturnRateRow] {
            tallies.sorted { ($0.value.returned, $1.key) > ($1.value.returned, $0.key) }.map { name, tally in
                ReturnRateRow(
                    scope: Identifier(scope), name: Identifier(name), shipped: tally.shipped, returned: tally.returned,
                    ratePercent: tally.rate.map { ($0 * 1000).rounded() / 10 })
            }
        }
        let bySKU = Dictionary(uniqueKeysWithValues: rates.bySKU.map { ($0.key.rawValue, $0.value) })
        let byChannel = Dictionary(uniqueKeysWithValues: rates.byChannel.map { ($0.key.rawValue, $0.value) })
        return rows("sku", bySKU) + rows("channel", byChannel)
    }
}
