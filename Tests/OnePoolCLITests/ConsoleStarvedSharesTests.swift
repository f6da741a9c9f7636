import Foundation
import OnePoolConsole
import OnePoolCore
import OnePoolStore
import OnePoolTestSupport
import Testing

@testable import OnePoolConsoleRuntime

/// The console holds the channels' shares of sales between refreshes (so one order line
/// re-prices one SKU); after news the background loader prices the starved channels again with
/// fresh shares, and then the console's starved items are exactly what `onepool briefing`'s code
/// (`Briefing.judgedItems`) builds from the same state, journal and forecasts.
@Suite(.serialized) struct ConsoleStarvedSharesTests {
    /// The demo's moment; the console looks a day later, so the sales made at it count in the
    /// channels' last 30 days (which end yesterday).
    static let sold = ConsoleBriefingParityTests.now
    static let looked = ConsoleBriefingParityTests.nowStamp.adding(days: 1)

    @Test func starvedItemsFollowTheSharesAfterARefresh() throws {
        let home = TemporaryDirectory("onepool-shares")
        let path = home.child("store")
        let pinned = ["ONEPOOL_NOW": Self.sold]
        let (store, loader, started) = try Self.started(at: path, home: home.path)
        var state = started
        defer { loader.stop() }
        var refreshes: [StarvedRefresh] = []
        /// Takes the loader's reports until `done`, sending each as the runtime does, except the
        /// share refreshes (kept in `refreshes` for the test to send): `deliver`.
        func pump(until done: () -> Bool) {
            let deadline = Date().addingTimeInterval(300)
            while !done(), Date() < deadline {
                for report in loader.take() {
                    if let refresh = Self.deliver(report, to: &state, store: store) { refreshes.append(refresh) }
                }
                if !done() { Thread.sleep(forTimeInterval: 0.05) }
            }
        }
        pump { !state.data.forecasts.isEmpty }
        #expect(!state.data.forecasts.isEmpty, "the forecasts never came")
        #expect(Self.starved(state) == Self.expected(store: store, path: path, forecasts: state.data.forecasts))

        // News from another process: the last channel sells a lot, which moves every share.
        let position = store.journalPosition
        let next = store.state.lastSequence + 1
        let channel = try #require(store.state.channels.keys.sorted().last)
        for (index, code) in store.state.skuCodes.prefix(6).enumerated() {
            try ConsoleBriefingParityTests.succeed(
                ["sell", "--channel", channel.rawValue, "--order", "news-\(index)", code.rawValue, "40"],
                home: home.path, extra: pinned, store: path)
        }
        _ = try store.refresh()
        let news = try store.events(after: position, nextSequence: next)
        #expect(news.count == 6)
        loader.follow(news, state: store.state)
        _ = ConsoleProgram.send(&state, .journalAppended(news, store.state))
        pump { refreshes.contains { $0.sequence == store.state.lastSequence } }
        let expected = Self.expected(store: store, path: path, forecasts: state.data.forecasts)
        // Held shares: until the refresh the console prices with the shares of before the news.
        #expect(Self.starved(state) != expected, "the news moved no share: the test proves nothing")
        let refresh = try #require(refreshes.last)
        #expect(refresh.sequence == store.state.lastSequence)
        _ = ConsoleProgram.send(&state, .starvedRefreshed(refresh, current: store.state))
        #expect(Self.starved(state) == expected)
        #expect(!expected.isEmpty, "the fixture has a starved channel")
    }

    /// Between the history and the forecasts the starved channels are priced with the journal's
    /// shares by the loader (not by the first news on the UI thread, which priced every starved
    /// SKU): right after the history the loader reports a refresh of the state it read, and with
    /// it the console's starved items are what `onepool briefing`'s code builds with no forecast.
    @Test func starvedItemsArePricedWithTheJournalBeforeTheForecasts() throws {
        let home = TemporaryDirectory("onepool-shares-history")
        let path = home.child("store")
        let (store, loader, started) = try Self.started(at: path, home: home.path)
        var state = started
        defer { loader.stop() }
        var refresh: StarvedRefresh?
        var forecastsFirst = false
        let deadline = Date().addingTimeInterval(300)
        reading: while Date() < deadline {
            for report in loader.take() {
                if case .forecasts = report {
                    forecastsFirst = true
                    break reading
                }
                if let report = Self.deliver(report, to: &state, store: store) {
                    refresh = report
                    break reading
                }
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(!forecastsFirst, "the forecasts came before any refresh of the starved channels")
        let first = try #require(refresh, "no refresh of the starved channels came after the history")
        #expect(state.data.historyLoaded)
        #expect(state.data.forecasts.isEmpty)
        #expect(first.sequence == store.state.lastSequence)
        _ = ConsoleProgram.send(&state, .starvedRefreshed(first, current: store.state))
        let expected = Self.expected(store: store, path: path, forecasts: [:])
        #expect(!expected.isEmpty, "the fixture has a starved channel")
        #expect(Self.starved(state) == expected)
    }

    /// Sends a loader's report to the console as the runtime does, except a refresh of the
    /// starved channels, which is returned for the test to send when it chooses.
    static func deliver(_ report: BackgroundLoader.Report, to state: inout ConsoleState, store: Store)
        -> StarvedRefresh?
    {
        switch report {
        case .secondary(let secondary):
            _ = ConsoleProgram.send(&state, .secondaryBuilt(secondary, current: store.state))
        case .history(let events, let history, let journal, let through):
            _ = ConsoleProgram.send(
                &state, .historyLoaded(events: events, history: history, journal: journal, through: through))
        case .forecastProgress: break
        case .forecasts(let summaries, let briefing, let starved):
            _ = ConsoleProgram.send(
                &state, .forecastsComputed(summaries, briefing: briefing, starved: starved, current: store.state))
        case .forecastsUpdated(let summaries, let items):
            _ = ConsoleProgram.send(&state, .forecastsUpdated(summaries, items: items, current: store.state))
        case .starvedRefreshed(let refresh): return refresh
        case .failed(let why): Issue.record("the loader failed: \(why)")
        case .checkpointPassedOver(let warnings): Issue.record("a checkpoint was passed over: \(warnings)")
        }
        return nil
    }

    /// The starved demo at `path`, opened; a console on it as the runtime starts one (the
    /// secondary deferred), and its background loader started (share refreshes after any news).
    static func started(at path: String, home: String) throws -> (Store, BackgroundLoader, ConsoleState) {
        try ConsoleBriefingParityTests.makeStarvedDemo(at: path, home: home)
        let store = try Store.open(at: path)
        let today = looked.day(offsetSeconds: 0)
        var data = ConsoleData(
            storeName: "demo", state: store.state, today: today, utcOffsetSeconds: 0, deferSecondary: true)
        data.now = looked
        let state = ConsoleState(data: data, width: 100, height: 30, pane: .briefing)
        let loader = BackgroundLoader(shareRefreshSeconds: 0)
        loader.start(
            storePath: path, state: store.state, now: looked, today: today, utcOffsetSeconds: 0, keepEvents: 100)
        return (store, loader, state)
    }

    static func starved(_ state: ConsoleState) -> [BriefingItem] {
        state.data.briefing.filter { $0.kind == .starved }
    }

    /// The starved items `onepool briefing` builds: the journal read afresh (shares of the
    /// moment, not held), the same forecasts.
    static func expected(store: Store, path: String, forecasts: [SKUCode: ForecastSummary]) -> [BriefingItem] {
        var journal = BriefingJournal(today: looked.day(offsetSeconds: 0), utcOffsetSeconds: 0)
        do {
            try Store.forEachEvent(inStoreAt: path, through: store.state.lastSequence) { journal.record($0) }
        } catch {
            Issue.record("the journal could not be read: \(error)")
        }
        let items = Briefing.judgedItems(
            BriefingInputs(state: store.state, journal: journal, time: looked), skus: forecasts.mapValues(\.outlook))
        return Briefing.rank(items.filter { $0.kind == .starved })
    }
}
