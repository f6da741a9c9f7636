import ArgumentParser
import Foundation
import OnePoolConsole
import OnePoolCore
import OnePoolStore

struct BriefingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "briefing",
        abstract: "The morning briefing: the highest-impact moves, ranked by money.",
        discussion: """
            Stockouts before the earliest delivery (revenue at risk), oversells, channels over-exposed \
            since their last publish, POs awaiting approval, late POs, unmapped listings with orders \
            waiting, overstock (cash at cost), SKUs whose last week broke from the forecast. Each item \
            says why in one line and names its action. The same store on the same date gives the same \
            ranking. For cron: onepool briefing --format markdown | mail -s "OnePool" ops@example.com
            """)

    @OptionGroup var options: StoreOptions
    @OptionGroup var policy: ReplenishmentOptions
    @Option(help: "The briefing's date (default: today), e.g. 2026-11-27.") var date: String?
    enum Format: String, CaseIterable, ExpressibleByArgument { case text, markdown, json }

    @Option(help: "Output format.") var format: Format = .text
    @Option(
        help: OptionRanges.rowLimit.help("At most this many items.", default: 25, valueName: "n"),
        transform: OptionRanges.rowLimit.read)
    var limit: Int = 25

    func run() throws {
        var now: Timestamp?
        if let date {
            guard let parsed = DateText.parseInstant(date + (date.count == 10 ? " 08:00" : "")) else {
                throw CLIError("--date '\(date)' is not a date like 2026-11-27")
            }
            now = Timestamp(parsed)
        }
        let context = try ReplenishmentContext.load(options, now: now)
        let planner = context.planner(policy.settings)
        let time = now ?? Clock.now()
        let items = Briefing.make(
            state: context.store.state, recommendations: context.recommendations(planner), recentSales: context.recentSales(days: 7), time: time)
        let shown = limit == 0 ? items : Array(items.prefix(limit))
        let title = "OnePool briefing · \(context.store.metadata.name) · \(context.dateText(context.today))"
        switch format {
        case .json: print(Self.json(shown, title: title, date: context.dateText(context.today), total: items.count))
        case .markdown: print(Self.markdown(shown, title: title, total: items.count))
        case .text: print(Self.text(shown, title: title, total: items.count))
        }
    }

    static func text(_ items: [BriefingItem], title: String, total: Int) -> String {
        guard !items.isEmpty else { return title + "\n\nNothing needs you this morning." }
        var lines = [title, ""]
        for (index, item) in items.enumerated() {
            let rank = index < 9 ? " \(index + 1). " : "\(index + 1). "
            lines.append(TerminalText.escaped(rank + "\(item.kind.title): \(item.subject) — \(item.money)"))
            lines.append(TerminalText.escaped("    \(item.why) [\(item.action.text)]"))
        }
        if total > items.count { lines.append("… and \(total - items.count) more (--limit)") }
        return lines.joined(separator: "\n")
    }

    static func markdown(_ items: [BriefingItem], title: String, total: Int) -> String {
        var lines = ["# \(title)", ""]
        if items.isEmpty { lines.append("Nothing needs you this morning.") }
        lines.append("| # | what | subject | money | why | action |")
        lines.append("|---|---|---|---:|---|---|")
        for (index, item) in items.enumerated() {
            let cells = [item.kind.title, item.subject, "\(item.money)", item.why, item.action.text]
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

    static func json(_ items: [BriefingItem], title: String, date: String, total: Int) -> String {
        let rows = items.enumerated().map { index, item in
            BriefingRow(
                rank: index + 1, kind: Identifier(item.kind.rawValue), subject: Identifier(item.subject),
                money: Amount(item.money), why: item.why, action: item.action.text)
        }
        return Output.json(BriefingReport(title: title, date: date, total: total, items: rows))
    }
}
