import OnePoolConsole
import OnePoolCore
import Testing

/// The Channels pane's live sync: each connected channel's last pull, last push, lag, drift and
/// health, from the journal's sync facts, kept current as a `sync` process appends them.
@Suite struct ChannelSyncTests {
    static func time(minute: Int) -> Timestamp {
        let day = Int64(ConsoleFixture.today) * Timestamp.millisecondsPerDay
        return Timestamp(millisecondsSince1970: day + Int64(minute) * 60_000)
    }

    /// The state after the fixture and `changes`, and the events carrying them (as the journal
    /// hands them to the console).
    static func appended(_ changes: [Change], minute: Int) -> ([Event], StockState) {
        var stock = ConsoleFixture.stock
        var events: [Event] = []
        for change in changes {
            let event = Event(
                sequence: stock.lastSequence + 1, time: time(minute: minute), actor: "sync", idempotencyKey: nil,
                change: change)
            stock.apply(event)
            events.append(event)
        }
        return (events, stock)
    }

    @Test func eachSyncedChannelShowsItsPullPushLagDriftAndHealth() {
        var state = ConsoleFixture.state(width: 80, height: 24)
        _ = press([.char("5")], on: &state)
        let text = ConsoleView.render(state).textDump()
        let shopify = text.split(separator: "\n").first { $0.contains("shopify") && $0.contains("11-27 20:40") }
        #expect(shopify?.contains("25 min") == true, "lag from the 20:40 pull to 21:05: \(text)")
        #expect(shopify?.contains("working") == true)
        #expect(shopify.map { $0.components(separatedBy: "11-27 20:40").count - 1 } == 2, "last pull and last push")
        let amazon = text.split(separator: "\n").first { $0.contains("amazon") && $0.contains("11-27 20:00") }
        #expect(amazon?.contains("never") == true, "amazon never had a push applied")
        #expect(amazon?.contains("failing (throttled)") == true)
        let trimmed = amazon.map { String($0).replacing(/\s+$/, with: "") }
        #expect(trimmed?.hasSuffix("…") == true, "a cut message ends in …: \(text)")
        #expect(text.contains("1 sync failing"), "the pane's title counts failing syncs")
        // Channels that never synced have no row in the section.
        #expect(!text.split(separator: "\n").contains { $0.contains("wholesale") && $0.contains("never") })
    }

    @Test func syncFactsAppendedLaterUpdateThePaneAndTheLagFollowsTheClock() {
        var state = ConsoleFixture.state(width: 80, height: 24)
        _ = press([.char("5")], on: &state)
        let push = [PushLine(listing: "MUG-BLUE", from: nil, to: 12)]
        let (events, stock) = Self.appended(
            [
                .sync(.pulled(SyncPull(channel: "amazon", cursor: "2026-11-27T21:06:00Z"))),
                .sync(.health(channel: "amazon", .working)),
                .sync(.pushed(SyncPushAnswer(channel: "amazon", key: "a-1", lines: push, answer: .applied))),
                .sync(.drift(SyncDrift(key: ListingKey(channel: "shopify", listing: "BSK-S"), expected: 5, found: 9))),
            ], minute: 1266)
        _ = ConsoleProgram.send(&state, .journalAppended(events, stock))
        let amazon = state.data.channels.sync["amazon"]
        #expect(amazon?.isFailing == false)
        #expect(amazon?.record.lastPush == Self.time(minute: 1266))
        #expect(state.data.channels.sync["shopify"]?.driftListings == ["BSK-S", "CAFE-CUP"])
        _ = ConsoleProgram.send(
            &state, .clockTicked(today: ConsoleFixture.today, text: "x", monotonic: 1, now: Self.time(minute: 1268)))
        let text = ConsoleView.render(state).textDump()
        let row = text.split(separator: "\n").first { $0.contains("amazon") && $0.contains("11-27 21:06") }
        #expect(row?.contains("2 min") == true, "\(text)")
        #expect(row?.contains("working") == true)
        #expect(!text.contains("sync failing"))
        // Shopify's drift: two listings stand, of two found.
        #expect(text.split(separator: "\n").contains { $0.contains("shopify") && $0.contains(/\s2\s+working/) })
    }

    @Test func vShowsTheSelectedChannelsSyncWhole() {
        var state = ConsoleFixture.state(width: 80, height: 24)
        // Serving order: wholesale, shopify, amazon, ebay.
        _ = press([.char("5"), .down, .down, .char("v")], on: &state)
        guard case .fullText(let whole)? = state.modal else {
            Issue.record("v opened no whole text: \(String(describing: state.modal))")
            return
        }
        #expect(whole.title == "amazon: live sync")
        #expect(whole.text.contains("429 Too Many Requests five times; next try in 60 s"))
        #expect(whole.text.contains("failing (throttled) since 11-27 20:41: searchOrders"))
        // A channel that never synced has nothing to show whole.
        var other = ConsoleFixture.state(width: 80, height: 24)
        _ = press([.char("5"), .char("v")], on: &other)
        #expect(other.modal == nil)
    }

    /// A pull that found nothing writes no event; the sync process's status file says it read,
    /// and the lag counts from it (Core's SyncLag), not from the last pull that recorded orders.
    @Test func theLagCountsFromTheLastPullThatReadNotTheLastThatRecorded() {
        var state = ConsoleFixture.state(width: 80, height: 24)
        _ = press([.char("5")], on: &state)
        // Shopify's last recorded pull is at 20:40; its sync read (and found nothing) at 21:03.
        _ = ConsoleProgram.send(
            &state,
            .clockTicked(
                today: ConsoleFixture.today, text: "x", monotonic: 1, now: Self.time(minute: 1265),
                syncReadPulls: ["shopify": Self.time(minute: 1263)]))
        let text = ConsoleView.render(state).textDump()
        let shopify = text.split(separator: "\n").first { $0.contains("shopify") && $0.contains("11-27 20:40") }
        #expect(shopify?.contains("2 min") == true, "lag from the 21:03 read to 21:05: \(text)")
        #expect(shopify?.contains("25 min") == false)
        // A tick without news of the files keeps what the last said.
        _ = ConsoleProgram.send(
            &state, .clockTicked(today: ConsoleFixture.today, text: "x", monotonic: 2, now: Self.time(minute: 1266)))
        #expect(state.data.syncReadPulls["shopify"] == Self.time(minute: 1263))
    }
}
