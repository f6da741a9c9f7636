import ArgumentParser
import OnePoolCore
import OnePoolSync

/// The range of every number an option or argument takes, in one table.
///
/// Values that enter the journal take their range from Core's `Bounds` (the one bounds table
/// of the store); the others — how far back to look, how many rows to show, a policy's
/// settings — are stated here. Each range reads its option's text (`read`, the `transform:` of
/// the option), so a value out of range is refused where it is typed, with a message that gives
/// the range ("--lead-time: expected 0–730 days"), before any store is opened; and writes the
/// range into the option's help (`help`), so the help and the check cannot disagree.
/// `OptionRangeTests` feeds every numeric option of every verb values outside its range.
enum OptionRanges {
    // MARK: Journal values (ranges from Bounds)

    static let leadTime = WholeRange(Bounds.leadTimeDays, unit: "days")
    static let casePack = WholeRange(Bounds.casePack, unit: "units")
    static let minimumOrder = WholeRange(1...Bounds.eventUnits, unit: "units")
    static let priority = WholeRange(Bounds.priority, note: "1 is served first")
    static let ruleUnits = WholeRange(0...Bounds.eventUnits, unit: "units")
    static let capPercent = WholeRange(0...100, unit: "%")
    static let pack = WholeRange(Bounds.packSize, unit: "units")
    static let orderLine = WholeRange(Bounds.orderLineNumber)
    /// Units moved by one event: a receipt, a hold, a sale, a PO receipt.
    static let units = WholeRange(1...Bounds.eventUnits, unit: "units")
    /// Units set by one event, where 0 means none: a count, a safety quantity, a PO line.
    static let unitsOrZero = WholeRange(0...Bounds.eventUnits, unit: "units")
    /// Units added or removed by an adjustment (0 changes nothing and is refused by the store).
    static let delta = WholeRange(-Bounds.eventUnits...Bounds.eventUnits, unit: "units")
    /// The store settings the briefing's money is priced with (`StoreSettings`).
    static let horizonDays = WholeRange(StoreSettings.horizonRange, unit: "days")
    static let ratePercent = PercentRange(basisPoints: StoreSettings.rateRange)

    // MARK: Reading and planning (not stored)

    static let reviewDays = WholeRange(1...365, unit: "days")
    static let overstockDays = WholeRange(1...3650, unit: "days")
    static let historyDays = WholeRange(7...3650, unit: "days")
    /// `forecast SKU --days`, `simulate --days`, `shadow --days`: at most ten years.
    static let lookBackDays = WholeRange(1...3650, unit: "days")
    /// The window return rates are measured over (`onepool returns --days`).
    static let returnDays = WholeRange(1...3650, unit: "days")
    static let horizon = WholeRange(1...1000, unit: "periods")
    static let season = WholeRange(1...400, unit: "periods")
    /// `forecast evaluate`: a horizon of at most a year (backtests also look a year back), a
    /// season of at most 52 periods, and up to 52 hold-out origins.
    static let evaluationHorizon = WholeRange(1...366, unit: "periods")
    static let evaluationSeason = WholeRange(1...52, unit: "periods")
    static let origins = WholeRange(1...52, unit: "origins")
    /// `simulate --days`: at least a week, so a review period fits.
    static let simulatedDays = WholeRange(7...3650, unit: "days")
    /// `log --limit`, `briefing --limit`: 0 means every row, for both.
    static let rowLimit = WholeRange(0...1_000_000, unit: "rows", note: "0: all")
    static let demoSKUs = WholeRange(10...100_000, unit: "SKUs")
    static let demoSeed = WholeRange(0...Int.max)
    static let demoDays = WholeRange(14...3650, unit: "days")
    static let serviceLevel = FractionRange(0.5...0.999)
    /// `sync --every`: at most a day between steps; `sync --reconcile-every`: a minute to a week.
    static let syncInterval = WholeRange(1...86_400, unit: "seconds")
    static let reconcileInterval = WholeRange(60...604_800, unit: "seconds")
    /// `sync --bulk-above`: up to the largest catalogue OnePool reads page by page (1,000 pages
    /// of 100), so a catalogue too large to page is always exported in bulk. Shopify counts
    /// variants up to the threshold asked (`productVariantsCount(limit:)`), past its default 10,000.
    static let bulkThreshold = WholeRange(
        0...ShopifyConnector.mostVariantsPaged, unit: "variants", note: "0: never, always page")
    /// `sync --amazon-report-after`, `--amazon-returns-every`: up to 30 days; 0 turns the report off.
    static let amazonReportAfter = WholeRange(0...2_592_000, unit: "seconds", note: "0: never, search only")
    static let amazonReturnsEvery = WholeRange(0...2_592_000, unit: "seconds", note: "0: never")
    /// `sync --amazon-report-settle`: up to a day.
    static let amazonReportSettle = WholeRange(0...86_400, unit: "seconds")

    // MARK: Amounts

    /// A unit price or cost (as the store keeps it).
    static let unitAmount = AmountRange(maximumCents: Bounds.unitCents)
    /// A limit or minimum on a PO's value.
    static let totalAmount = AmountRange(maximumCents: Bounds.totalCents)

    // MARK: The hidden crash-test verb

    static let stressRounds = WholeRange(0...1_000_000_000, note: "0: until killed")
    static let stressBatch = WholeRange(1...10_000, unit: "events")
    static let stressChunk = WholeRange(1...(1 << 20), unit: "bytes")
}

/// A whole number's allowed range, with its unit, as options read and help shows it.
struct WholeRange: Sendable {
    let range: ClosedRange<Int>
    let unit: String
    let note: String?

    init(_ range: ClosedRange<Int>, unit: String = "", note: String? = nil) {
        self.range = range
        self.unit = unit
        self.note = note
    }

    /// "0–730 days", "0–1000000 rows, 0: all", "-10000000 to 10000000 units".
    var text: String {
        let bounds =
            range.lowerBound < 0
            ? "\(range.lowerBound) to \(range.upperBound)" : "\(range.lowerBound)–\(range.upperBound)"
        let withUnit = unit.isEmpty ? bounds : (unit == "%" ? "\(bounds)%" : "\(bounds) \(unit)")
        return note.map { "\(withUnit), \($0)" } ?? withUnit
    }

    /// The option's `transform:`: the text as a whole number in range, or a refusal that gives
    /// the range. Reads "5", "+5", "-2" and "−2" (see `NegativeNumbers`); never traps on
    /// numbers of any length.
    func read(_ argument: String) throws -> Int {
        switch WholeNumber.read(argument, in: range) {
        case .success(let value): return value
        case .failure(.notWhole): throw OutOfRange(expected: "a whole number, \(text)")
        case .failure(.outOfRange): throw OutOfRange(expected: text)
        }
    }

    /// The option's help: what it means, then its range and default (the parser shows no
    /// default for an option read by a `transform:`, so it is stated here, once).
    func help(_ abstract: String, default value: Int? = nil, valueName: String? = nil) -> ArgumentHelp {
        ArgumentHelp(withRange(abstract, text + (value.map { "; default \($0)" } ?? "")), valueName: valueName)
    }
}

/// A fraction's allowed range (a probability).
struct FractionRange: Sendable {
    let range: ClosedRange<Double>

    init(_ range: ClosedRange<Double>) { self.range = range }

    var text: String { "\(range.lowerBound)–\(range.upperBound)" }

    func read(_ argument: String) throws -> Double {
        let plain = String(argument.map { $0 == "\u{2212}" ? "-" : $0 })
        guard let value = Double(plain), value.isFinite else { throw OutOfRange(expected: "a number, \(text)") }
        guard range.contains(value) else { throw OutOfRange(expected: text) }
        return value
    }

    func help(_ abstract: String, default value: Double? = nil, valueName: String? = nil) -> ArgumentHelp {
        ArgumentHelp(withRange(abstract, text + (value.map { "; default \($0)" } ?? "")), valueName: valueName)
    }
}

/// A percentage typed as "25", "25%" or "22.5%" (at most two decimals), read as basis points.
struct PercentRange: Sendable {
    let basisPoints: ClosedRange<Int>

    init(basisPoints: ClosedRange<Int>) { self.basisPoints = basisPoints }

    /// "0–100%".
    var text: String {
        let lower = StoreSettings.percentText(basisPoints.lowerBound).dropLast()
        return "\(lower)–\(StoreSettings.percentText(basisPoints.upperBound))"
    }

    func read(_ argument: String) throws -> Int {
        var digits = Substring(argument.trimmingCharacters(in: .whitespaces))
        if digits.hasSuffix("%") { digits = digits.dropLast() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts.first ?? ""
        let fraction = parts.count > 1 ? parts[1] : ""
        guard !whole.isEmpty, whole.count <= 4, fraction.count <= 2, !(parts.count > 1 && fraction.isEmpty),
            whole.allSatisfy(\.isASCIIDigitCharacter), fraction.allSatisfy(\.isASCIIDigitCharacter),
            let units = Int(whole), let hundredths = Int(fraction.padding(toLength: 2, withPad: "0", startingAt: 0))
        else {
            throw OutOfRange(expected: "a percentage such as 25 or 22.5%, \(text), at most two decimals")
        }
        let value = units * 100 + hundredths
        guard basisPoints.contains(value) else { throw OutOfRange(expected: text) }
        return value
    }

    func help(_ abstract: String, defaultBasisPoints: Int) -> ArgumentHelp {
        let stated = text + "; default \(StoreSettings.percentText(defaultBasisPoints))"
        return ArgumentHelp(withRange(abstract, stated), valueName: "percent")
    }
}

/// "Days of history (1–3650 days)." from "Days of history." and the range.
private func withRange(_ abstract: String, _ range: String) -> String {
    abstract.hasSuffix(".") ? "\(abstract.dropLast()) (\(range))." : "\(abstract) (\(range))"
}

/// An amount's allowed range, read by Core's one amount reader (`Money.read`): "12,99" is
/// refused with the amount written as expected, never read as 1299.
struct AmountRange: Sendable {
    let maximumCents: Int64

    var text: String { "0–\(Money(cents: maximumCents))" }

    func read(_ argument: String) throws -> Money {
        do {
            return try Money.read(String(argument.map { $0 == "\u{2212}" ? "-" : $0 }), maximumCents: maximumCents)
        } catch {
            throw OutOfRange(expected: "an amount \(text)", found: error.reason)
        }
    }

    func help(_ abstract: String, valueName: String = "amount") -> ArgumentHelp {
        ArgumentHelp(withRange(abstract, text), valueName: valueName)
    }
}

/// A number outside its option's range; ArgumentParser prints it after the option's name:
/// "The value '9999' is invalid for '--lead-time <days>': expected 0–730 days".
struct OutOfRange: Error, CustomStringConvertible {
    var expected: String
    /// What was wrong with the text, when there is more to say than "out of range".
    var found: String?
    /// Said before what was expected ("unknown kind 'x'").
    var prefix: String?

    init(expected: String, found: String? = nil, prefix: String? = nil) {
        self.expected = expected
        self.found = found
        self.prefix = prefix
    }

    var description: String {
        if let found { return "it \(found) (expected \(expected))" }
        return (prefix.map { "\($0): " } ?? "") + "expected \(expected)"
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
