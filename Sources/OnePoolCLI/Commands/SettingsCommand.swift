import ArgumentParser
import OnePoolCore
import OnePoolStore

/// `onepool settings`: the store-wide settings the briefing's money is priced with, kept in the
/// journal so the console, cron and every verb price alike.
struct SettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract:
            "Show or set the store's settings: the briefing's horizon, cancellation penalty, carrying rate, margin.",
        discussion: """
            The briefing and `reorder` price every item as its expected effect on profit over the horizon; \
            these settings say how. Each change is an event in the journal (shown by `onepool log --kind \
            settings-set`); setting a value to what it already is records nothing.
            Examples: onepool settings · onepool settings set --horizon 45 --carrying-rate 22.5% \
            · onepool settings set --cancellation-penalty 7.50 --default-margin 35
            """,
        subcommands: [Show.self, Set.self], defaultSubcommand: Show.self)

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the store's settings.")

        @OptionGroup var options: StoreOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let store = try options.openStore()
            show(Output.record(SettingsReport(store.state.settings), format: output.format), format: output.format)
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change the store's settings (only those given).",
            discussion: """
                --horizon: the days ahead the briefing prices every item over. --cancellation-penalty: what \
                one cancelled order line costs beyond its margin (marketplaces penalise cancellations). \
                --carrying-rate: the yearly cost of holding stock as a share of its cost (20–30% is usual). \
                --default-margin: the margin assumed, as a share of the price, for a SKU with no unit cost.
                """)

        @OptionGroup var options: StoreOptions
        @Option(
            help: OptionRanges.horizonDays.help(
                "Days ahead every briefing item is priced over.", default: StoreSettings.standard.horizonDays,
                valueName: "days"),
            transform: OptionRanges.horizonDays.read)
        var horizon: Int?
        @Option(
            help: OptionRanges.unitAmount.help(
                "What one cancelled order line costs beyond its margin, default "
                    + "\(StoreSettings.standard.cancellationPenalty)."),
            transform: OptionRanges.unitAmount.read)
        var cancellationPenalty: Money?
        @Option(
            help: OptionRanges.ratePercent.help(
                "Yearly cost of holding stock, as a share of its cost.",
                defaultBasisPoints: StoreSettings.standard.carryingRateBasisPoints),
            transform: OptionRanges.ratePercent.read)
        var carryingRate: Int?
        @Option(
            help: OptionRanges.ratePercent.help(
                "Margin assumed for a SKU with no unit cost, as a share of its price.",
                defaultBasisPoints: StoreSettings.standard.defaultMarginBasisPoints),
            transform: OptionRanges.ratePercent.read)
        var defaultMargin: Int?

        func validate() throws {
            guard horizon != nil || cancellationPenalty != nil || carryingRate != nil || defaultMargin != nil else {
                throw ValidationError(
                    "nothing to set: give --horizon, --cancellation-penalty, --carrying-rate or --default-margin")
            }
        }

        func run() throws {
            // Built from the state the change is checked against, under the store's lock: a setting
            // changed meanwhile by another process is kept, not overwritten with what it was.
            let (store, commit) = try options.commit { state in
                var settings = state.settings
                if let horizon { settings.horizonDays = horizon }
                if let cancellationPenalty { settings.cancellationPenalty = cancellationPenalty }
                if let carryingRate { settings.carryingRateBasisPoints = carryingRate }
                if let defaultMargin { settings.defaultMarginBasisPoints = defaultMargin }
                return ([ProposedChange(.storeSettingsSet(settings))], ())
            }
            let now = store.state.settings
            say(commit.appended.isEmpty ? "Nothing changed: \(now.text)" : "Settings: \(now.text)")
        }
    }
}

/// `onepool settings`: one record.
struct SettingsReport: Codable {
    var horizonDays: Int
    var cancellationPenalty: Amount
    var carryingRate: String
    var defaultMargin: String

    init(_ settings: StoreSettings) {
        horizonDays = settings.horizonDays
        cancellationPenalty = Amount(settings.cancellationPenalty)
        carryingRate = StoreSettings.percentText(settings.carryingRateBasisPoints)
        defaultMargin = StoreSettings.percentText(settings.defaultMarginBasisPoints)
    }
}
