import ArgumentParser
import OnePoolCore

/// `--closed FILE` and `--no-inferred-closed`, shared by the verbs that read a demand file
/// (`forecast evaluate`, `simulate --data`), so both choose their closed days by one rule
/// (`StoreClosedDays`) and teach it with the same words.
struct ClosedDaysOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Store-closed dates, one per line (daily demand files only): censored in the history. "
                + "Given, they replace the inferred ones.",
            valueName: "file"))
    var closed: String?

    @Flag(help: "Daily demand files: do not infer closed days from days on which a set of ≥ 20 series sold nothing.")
    var noInferredClosed = false

    /// The dates `--closed` lists (nil without it).
    func listed() throws -> Set<Int>? {
        try closed.map { try DayFiles.dates(path: $0) }
    }

    /// The closed days of a demand file whose usable series are `series`.
    func choose(
        listed: Set<Int>?, daily: Bool, series: @autoclosure () -> [DemandCSV.Series]
    ) -> StoreClosedDays {
        StoreClosedDays(
            listed: listed, infer: !noInferredClosed, daily: daily,
            series: series().map { (first: $0.firstPeriod, values: $0.values) })
    }

    /// The text for a verb's discussion: what the days do and where they come from.
    static let discussion = """
        --closed FILE lists dates (one per line) the store was closed: those days are censored in the \
        history. Without it, daily files infer closed days from the history alone (InferredClosedDays): \
        a day on which all of at least 20 series sold nothing, though the same weekday of the 4 weeks \
        before averaged at least 20 units for the set, is censored; each day's verdict uses only the \
        data up to that day (--no-inferred-closed switches this off; monthly files never infer).
        """
}
