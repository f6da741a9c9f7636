import ArgumentParser
import Foundation
import OnePoolCore
import OnePoolStore

/// `--at TIME` for `stock` and `allocation`: the store as it stood at a moment.
struct PointInTimeOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Show the store as it stood at this moment: YYYY-MM-DD (the end of that day), YYYY-MM-DD HH:MM[:SS] "
                + "(both in the store's time zone) or ISO 8601 with a zone. The journal is folded in sequence "
                + "order up to the first event recorded later; the last event included is named.",
            valueName: "time"))
    var at: String?
}

/// The journal folded up to a moment (`PointInTime`), read from a store.
enum PointInTimeReading {
    private struct Stop: Error {}

    /// Folds `store`'s journal up to the first event later than `time`, showing `each` every event
    /// folded in (so a caller can build history from exactly the same events).
    static func fold(_ store: Store, at time: Timestamp, each: (Event) -> Void = { _ in }) throws -> PointInTime {
        var cut = PointInTime(time)
        do {
            try store.forEachEvent { event in
                guard cut.take(event) else { throw Stop() }
                each(event)
            }
        } catch is Stop {}
        return cut
    }

    /// `--at` read in the store's zone, then the fold.
    static func fold(_ store: Store, option: String, text: String) throws -> PointInTime {
        let time = try DateText.instant(text, option: option, storeZone: store.metadata.timeZone, dateOnly: .endOfDay)
        return try fold(store, at: time)
    }

    /// Which moment, and which event was the last one folded in, in the store's zone.
    static func note(_ cut: PointInTime, store: Store) -> String {
        let zone = DateText.timeZone(of: store.metadata.timeZone)
        let moment = "As of \(DateText.format(cut.time, timeZone: zone)) (\(store.metadata.timeZone))"
        guard let last = cut.lastIncluded else { return moment + ": no event had been recorded yet." }
        let later = cut.isComplete ? "" : " (the journal's last)"
        return moment + ": events 1–\(last.sequence), the last included recorded "
            + "\(DateText.format(last.time, timeZone: zone))\(later)."
    }
}

/// A read verb's rows as of a moment, for `--format json`: the moment, the last event folded in,
/// and the rows (a table prints the note above the rows; CSV prints it on standard error).
struct AsOfReport<Row: Codable>: Codable {
    var asOf: String
    var lastSequence: Int?
    var lastEventTime: String?
    var rows: [Row]

    init(_ cut: PointInTime, store: Store, rows: [Row]) {
        let zone = DateText.timeZone(of: store.metadata.timeZone)
        asOf = DateText.format(cut.time, timeZone: zone)
        lastSequence = cut.lastIncluded.map { Int(clamping: $0.sequence) }
        lastEventTime = cut.lastIncluded.map { DateText.format($0.time, timeZone: zone) }
        self.rows = rows
    }

    /// The rows in `format`, with the note where that format can carry it.
    static func render(_ rows: [Row], cut: PointInTime?, store: Store, format: OutputFormat) -> String {
        guard let cut else { return Output.rows(rows, format: format) }
        switch format {
        case .json: return Output.json(AsOfReport(cut, store: store, rows: rows))
        case .csv:
            Console.note(PointInTimeReading.note(cut, store: store))
            return Output.rows(rows, format: .csv)
        case .table: return PointInTimeReading.note(cut, store: store) + "\n" + Output.rows(rows, format: .table)
        }
    }
}
