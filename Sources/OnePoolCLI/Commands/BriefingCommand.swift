import ArgumentParser
import Foundation
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
    @Option(help: "text, markdown or json.") var format: String = "text"
    @Option(help: "At most this many items.") var limit: Int = 25

    func run() throws {
        guard ["text", "markdown", "json"].contains(format) else { throw CLIError("--format '\(format)' is not known: expected text, markdown or json") }
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
        let shown = Array(items.prefix(max(1, limit)))
        let title = "OnePool briefing · \(context.store.metadata.name) · \(context.dateText(context.today))"
        switch format {
        case "json": print(Self.json(shown, title: title))
        case "markdown": print(Self.markdown(shown, title: title, total: items.count))
        default: print(Self.text(shown, title: title, total: items.count))
        }
    }

    static func text(_ items: [BriefingItem], title: String, total: Int) -> String {
        guard !items.isEmpty else { return title + "\n\nNothing needs you this morning." }
        var lines = [title, ""]
        for (index, item) in items.enumerated() {
            lines.append(String(format: "%2d. ", index + 1) + "\(item.kind.title): \(item.subject) — \(item.money)")
            lines.append("    \(item.why) [\(item.action.text)]")
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
            let why = item.why.replacingOccurrences(of: "|", with: "\\|")
            lines.append("| \(index + 1) | \(item.kind.title) | \(item.subject) | \(item.money) | \(why) | \(item.action.text) |")
        }
        if total > items.count { lines += ["", "… and \(total - items.count) more."] }
        return lines.joined(separator: "\n")
    }

    static func json(_ items: [BriefingItem], title: String) -> String {
        let objects: [[String: Any]] = items.enumerated().map { index, item in
            ["rank": index + 1, "kind": item.kind.rawValue, "subject": item.subject, "money": Double(item.money.cents) / 100,
             "why": item.why, "action": item.action.text]
        }
        let data = (try? JSONSerialization.data(withJSONObject: ["title": title, "items": objects], options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
