import ArgumentParser
import Foundation
import OnePoolConsole
import OnePoolCore
import OnePoolStore

struct BriefingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "briefing",
        abstract: "The morning briefing: the highest-impact moves, ranked by their effect on profit.",
        discussion: """
            Every item is priced in one unit: its expected effect on profit over the store's horizon \
            (30 days unless `onepool settings set --horizon` says otherwise) if nothing is done — \
            stockouts before the earliest delivery (lost units × margin), oversells (margin + a \
            cancellation penalty per line), channels over-exposed since their last publish (expected \
            oversells × that cost), channels whose live sync is failing or drifted (the same expected \
            oversells, on what the channel was left showing), starved channels (the margin they cannot \
            sell), POs awaiting \
            approval (what a day's wait loses), late POs (margin short while their units are missing), \
            unmapped listings (margin of the waiting lines), overstock (carrying cost + likely markdown), \
            forecast misses (margin of the gap), returns. A SKU with no cost is priced at the default \
            margin and says so. Capital (cash in overstock, a PO's spend) is shown beside an item, never \
            as its rank. Each item has a stable id; --explain ID shows the inputs and the rule that \
            produced its money. --date D is the briefing as the store stood at the end of D (or at a \
            time: "2026-11-27 08:00"), in the store's time zone: the journal folded up to the first \
            event recorded later. The same store on the same date gives the same ranking.
            For cron: onepool briefing --format markdown | mail -s "OnePool" ops@example.com
            """)

    @OptionGroup var options: StoreOptions
    @OptionGroup var policy: ReplenishmentOptions
    @Option(
        help: ArgumentHelp(
            "The briefing as the store stood then: YYYY-MM-DD (the end of that day) or YYYY-MM-DD HH:MM, in the "
                + "store's time zone (default: now).", valueName: "date"))
    var date: String?
    @Option(
        help: ArgumentHelp("Explain one item's money: its inputs and the rule (an id from the list).", valueName: "id"))
    var explain: String?
    enum Format: String, CaseIterable, ExpressibleByArgument { case text, markdown, json }

    @Option(help: "Output format.") var format: Format = .text
    @Option(
        help: OptionRanges.rowLimit.help("At most this many items.", default: 25, valueName: "n"),
        transform: OptionRanges.rowLimit.read)
    var limit: Int = 25

    func run() throws {
        let context = try ReplenishmentContext.load(
            options,
            at: date.map { text in
                { store in
                    let end = try DateText.instant(
                        text, option: "--date", storeZone: store.metadata.timeZone, dateOnly: .endOfDay)
                    return min(end, Clock.now())
                }
            })
        let state = context.state
        let items = Self.items(context, settings: policy.settings)
        if let explain {
            try explainItem(explain, items: items, settings: state.settings)
            return
        }
        let shown = limit == 0 ? items : Array(items.prefix(limit))
        let title = "OnePool briefing · \(context.store.metadata.name) · \(context.dateText(context.today))"
        let money = Self.moneyLine(state.settings)
        switch format {
        case .json:
            emit(
                Output.json(
                    BriefingReport(
                        title: title, date: context.dateText(context.today), money: money,
                        lastSequence: context.cut?.lastIncluded.map { Int(clamping: $0.sequence) }, total: items.count,
                        items: Self.rows(shown))))
        case .markdown: emit(Self.markdown(shown, title: title, money: money, total: items.count))
        case .text:
            if let cut = context.cut { say(PointInTimeReading.note(cut, store: context.store)) }
            // Through `say`: folded to ASCII on a terminal whose locale is not UTF-8 (LANG=C over ssh).
            say(Self.text(shown, title: title, money: money, total: items.count))
        }
    }

    /// The briefing of a store read for it: the one builder (`Briefing.make`) the console's
    /// loader calls too, with the same inputs.
    static func items(_ context: ReplenishmentContext, settings: ReplenishmentSettings) -> [BriefingItem] {
        let planner = context.planner(settings)
        return Briefing.make(
            context.briefingInputs, recommendations: context.recommendations(planner),
            recentSales: context.recentSales())
    }

    /// What every figure means, said once at the top.
    static func moneyLine(_ settings: StoreSettings) -> String {
        "Money: expected effect on profit over the next \(settings.horizonDays) days "
            + "(cancellation penalty \(settings.cancellationPenalty) a line, carrying "
            + "\(StoreSettings.percentText(settings.carryingRateBasisPoints)) a year, default margin "
            + "\(StoreSettings.percentText(settings.defaultMarginBasisPoints)))"
    }

    private func explainItem(_ id: String, items: [BriefingItem], settings: StoreSettings) throws {
        guard let item = Briefing.item(id, in: items) else {
            let near = items.map(\.id).filter { $0.hasPrefix(id) || $0.contains(id) }
            let known = (near.isEmpty ? items.map(\.id) : near).prefix(8).joined(separator: ", ")
            throw CLIError(
                "--explain '\(id)': no such item in this briefing"
                    + (items.isEmpty
                        ? " (it has none)" : "; ids: \(known)\(items.count > 8 && near.isEmpty ? ", …" : "")"))
        }
        let explanation = BriefingExplanation(item, settings: settings)
        switch format {
        case .json: emit(Output.json(explanation))
        case .text, .markdown:
            // Core says which inputs are store settings; how to change them is the command line's.
            let lines = ExplanationText.briefing(item, settings: settings) + ["", Self.settingsHint]
            say(lines.joined(separator: "\n"))
        }
    }

    /// The line under an explanation: where the store settings it used are changed.
    static let settingsHint =
        "Store settings (horizon, penalty, rates): `onepool settings`; change them with "
        + "`onepool settings set`"

    /// "· cash in overstock 62017.33" after an item's money, when it has capital figures.
    static func capitalText(_ item: BriefingItem) -> String {
        item.effect.capital.map { " · \($0.name) \($0.money)" }.joined()
    }

    static func text(_ items: [BriefingItem], title: String, money: String, total: Int) -> String {
        guard !items.isEmpty else { return title + "\n\nNothing needs you this morning." }
        var lines = [title, money, ""]
        for (index, item) in items.enumerated() {
            let rank = index < 9 ? " \(index + 1). " : "\(index + 1). "
            lines.append(
                TerminalText.escaped(
                    rank + "\(item.kind.title): \(item.subject) — \(item.money)\(capitalText(item))  (\(item.id))"))
            lines.append(TerminalText.escaped("    \(item.why) [\(item.action.text)]"))
        }
        if total > items.count { lines.append("… and \(total - items.count) more (--limit)") }
        return lines.joined(separator: "\n")
    }

    static func markdown(_ items: [BriefingItem], title: String, money: String, total: Int) -> String {
        var lines = ["# \(title)", "", money, ""]
        if items.isEmpty { lines.append("Nothing needs you this morning.") }
        lines.append("| # | what | subject | money | capital | why | action | id |")
        lines.append("|---|---|---|---:|---|---|---|---|")
        for (index, item) in items.enumerated() {
            let capital = item.effect.capital.map { "\($0.name) \($0.money)" }.joined(separator: "; ")
            let cells = [item.kind.title, item.subject, "\(item.money)", capital, item.why, item.action.text, item.id]
                .map(Self.markdownCell)
            lines.append("| \(index + 1) | " + cells.joined(separator: " | ") + " |")
        }
        if total > items.count { lines += ["", "… and \(total - items.count) more."] }
        return lines.joined(separator: "\n")
    }

    /// A cell of a markdown table: its pipes escaped and its control characters shown, so a
    /// title can neither split the row nor reach the terminal that prints the mail.
    static func markdownCell(_ text: String) -> String {
        TerminalText.escaped(text).replacingOccurrences(of: "|", with: "\\|")
    }

    static func rows(_ items: [BriefingItem]) -> [BriefingRow] {
        items.enumerated().map { index, item in
            BriefingRow(
                rank: index + 1, id: Identifier(item.id), kind: Identifier(item.kind.rawValue),
                subject: Identifier(item.subject), money: Amount(item.money), why: item.why, action: item.action.text,
                capital: item.effect.capital.map { CapitalRow(name: $0.name, amount: Amount($0.money)) },
                defaultMargin: item.effect.usesDefaultMargin)
        }
    }
}
