import Foundation
import OnePoolConsole
import OnePoolCore
import OnePoolStore
import OnePoolTestSupport
import Testing

@testable import OnePoolConsoleRuntime

/// The console's briefing is `onepool briefing`, item for item: the same ids in the same order
/// with the same money and the same why, on a demo store — starved channels priced with each
/// channel's own sales, the returns item, forecasts from the planner calibrated on the store.
@Suite(.serialized) struct ConsoleBriefingParityTests {
    static let now = "2026-03-18T14:30:00Z"
    static let nowStamp = Timestamp(secondsSince1970: 1_773_844_200)

    struct Row: Equatable, CustomStringConvertible {
        var id: String
        var kind: String
        var cents: Int64
        var why: String
        var description: String { "\(id) \(cents) \(why)" }
    }

    @Test func theConsolesBriefingIsTheCLIs() throws {
        let home = TemporaryDirectory("onepool-parity")
        let store = home.child("store")
        try Self.makeStarvedDemo(at: store, home: home.path)
        let cli = try Self.cliRows(store: store, home: home.path)
        #expect(cli.contains { $0.kind == "channel-starved" }, "the fixture has a starved channel:\n\(cli)")
        #expect(cli.contains { $0.kind == "returns" }, "the fixture has returns:\n\(cli)")
        let console = try Self.consoleRows(store: store)
        #expect(console.map(\.id) == cli.map(\.id), "ids and order")
        for (shown, printed) in zip(console, cli) where shown != printed {
            Issue.record("console \(shown)\n    CLI \(printed)")
        }
    }

    /// The 90-SKU demo at `now`, with wholesale first and uncapped so that eBay is starved of
    /// every SKU the channels before it take whole (the starved rule is met).
    static func makeStarvedDemo(at store: String, home: String) throws {
        let pinned = ["ONEPOOL_NOW": now]
        try succeed(
            ["demo", "--store", store, "--skus", "90", "--days", "150", "--seed", "42", "--no-console"],
            home: home, extra: pinned)
        try succeed(
            ["channel", "set", "wholesale", "--priority", "1", "--cap", "none"], home: home, extra: pinned,
            store: store)
    }

    static func succeed(_ arguments: [String], home: String, extra: [String: String], store: String? = nil) throws {
        let result = try OnePoolBinary.run(arguments + (store.map { ["--store", $0] } ?? []), home: home, extra: extra)
        guard result.status == 0 else {
            throw OnePoolBinary.Failure(description: "onepool \(arguments.joined(separator: " ")): \(result.stderr)")
        }
    }

    /// `onepool briefing --format json --limit 0` at the pinned moment.
    static func cliRows(store: String, home: String) throws -> [Row] {
        let result = try OnePoolBinary.run(
            ["briefing", "--store", store, "--format", "json", "--limit", "0"], home: home, extra: ["ONEPOOL_NOW": now])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let items = try #require(object?["items"] as? [[String: Any]])
        return items.map { item in
            Row(
                id: item["id"] as? String ?? "", kind: item["kind"] as? String ?? "",
                cents: Int64(((item["money"] as? Double ?? .nan) * 100).rounded()), why: item["why"] as? String ?? "")
        }
    }

    /// The console's briefing once its background loader has read the journal and forecast every
    /// SKU, through the messages the runtime sends.
    static func consoleRows(store path: String) throws -> [Row] {
        try loadedConsole(store: path, checkpoint: true, keepEvents: 100).data.briefing.map {
            Row(id: $0.id, kind: $0.kind.rawValue, cents: $0.money.cents, why: $0.why)
        }
    }

    /// The console's state once its background loader has read the journal — from the history
    /// checkpoint the runtime would use when `checkpoint`, else whole — and forecast every SKU.
    static func loadedConsole(store path: String, checkpoint: Bool, keepEvents: Int) throws -> ConsoleState {
        let store = try Store.open(at: path)
        let offset = 0
        let today = nowStamp.day(offsetSeconds: offset)
        var data = ConsoleData(
            storeName: "demo", state: store.state, today: today, utcOffsetSeconds: offset, deferSecondary: true)
        data.now = nowStamp
        var state = ConsoleState(data: data, width: 100, height: 30, pane: .briefing)
        let loader = BackgroundLoader()
        loader.start(
            storePath: path, state: store.state, now: nowStamp, today: today, utcOffsetSeconds: offset,
            keepEvents: keepEvents, checkpoints: checkpoint ? store.historyCheckpointFinder : nil)
        defer { loader.stop() }
        let deadline = Date().addingTimeInterval(300)
        var forecasted = false
        while !forecasted, Date() < deadline {
            for report in loader.take() {
                let message: Message
                switch report {
                case .secondary(let secondary): message = .secondaryBuilt(secondary, current: store.state)
                case .history(let events, let history, let journal, let through):
                    message = .historyLoaded(events: events, history: history, journal: journal, through: through)
                case .forecastProgress(let done, let total): message = .forecastProgress(done: done, total: total)
                case .forecasts(let summaries, let briefing, let starved):
                    message = .forecastsComputed(summaries, briefing: briefing, starved: starved, current: store.state)
                    forecasted = true
                case .forecastsUpdated(let summaries, let items):
                    message = .forecastsUpdated(summaries, items: items, current: store.state)
                case .starvedRefreshed(let refresh):
                    message = .starvedRefreshed(refresh, current: store.state)
                case .failed(let why):
                    Issue.record("the loader failed: \(why)")
                    return state
                case .checkpointPassedOver(let warnings):
                    Issue.record("a checkpoint was passed over: \(warnings)")
                    continue
                }
                _ = ConsoleProgram.send(&state, message)
            }
            if !forecasted { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(forecasted, "the forecasts never came")
        return state
    }
}
