// Measures 1, 2, 4 and 5: per key press, ConsoleProgram.send + ConsoleView.render of a
// 200×60 screen on the generated shop held in memory; the same frames painted by ncurses; and
// what journal news costs.

import BenchSupport
import OnePoolConsole
import OnePoolCore

/// The console on the generated shop, built in memory as the runtime builds it from a store:
/// the state folded from every event, the first frame's ConsoleState, then `historyLoaded` with
/// the DemandHistory of every event and the recent events the runtime keeps. Events are folded
/// with `apply` (no `check`): the same events pass Store.transact's checks in `setup`.
struct InMemoryConsole {
    var state: ConsoleState
    /// The fold of every event, for appending news later (measure 5).
    var stock: StockState
    var events: Int
    var seconds: Double
    /// With `forecasts`: the background loader's side, to forecast news again (nil without).
    var follower: ForecastFollower?
    var forecastSeconds: Double = 0
    /// The loader's pricing of the starved channels after the history (`--journal`), seconds.
    var starvedRefreshSeconds: Double = 0

    static let dateText = "Fri 27 Nov 2026 14:05"

    /// `journal`: also read what the briefing takes from the journal (channel sales, returns),
    /// as the runtime's loader does; without it the briefing prices from the state alone.
    /// `forecasts`: also forecast every SKU, as the runtime's loader does after the history, and
    /// install the forecasts (the briefing then holds tens of thousands of forecast items).
    init(shop: Shop, width: Int, height: Int, journal withJournal: Bool = false, forecasts withForecasts: Bool = false) {
        let started = now()
        var stock = StockState()
        var history = DemandHistory(utcOffsetSeconds: 0)
        var replenishment = withForecasts ? ReplenishmentHistory(utcOffsetSeconds: 0) : nil
        var journal = BriefingJournal(today: shop.today, utcOffsetSeconds: 0)
        var recent: [Event] = []
        let keep = ConsoleData.activityLimit
        var sequence: UInt64 = 0
        shop.forEachBatch { batch in
            for proposed in batch.changes {
                sequence += 1
                let event = Event(
                    sequence: sequence, time: batch.time, actor: batch.actor, idempotencyKey: proposed.idempotencyKey,
                    change: proposed.change)
                stock.apply(event)
                // As ConsoleRuntime reads the journal after the first frame.
                if replenishment == nil { history.record(event) } else { replenishment?.record(event) }
                if withJournal { journal.record(event) }
                recent.append(event)
                if recent.count >= keep * 2 { recent.removeFirst(recent.count - keep) }
            }
        }
        let data = ConsoleData(storeName: "Harbour & Co", state: stock, today: shop.today, utcOffsetSeconds: 0)
        state = ConsoleState(data: data, width: width, height: height, themeName: "default", dateText: Self.dateText)
        _ = ConsoleProgram.send(
            &state,
            .historyLoaded(
                events: recent, history: replenishment?.demand ?? history, journal: withJournal ? journal : nil,
                through: stock.lastSequence))
        if withJournal {
            // As the runtime's loader does right after the history: the starved channels priced
            // with the journal's shares off the UI thread (timed apart: `starvedRefreshSeconds`).
            let refreshStart = now()
            let refresh = StarvedRefresh(state: stock, journal: journal, forecasts: [:])
            starvedRefreshSeconds = now() - refreshStart
            _ = ConsoleProgram.send(&state, .starvedRefreshed(refresh, current: stock))
        }
        self.stock = stock
        events = Int(sequence)
        seconds = now() - started
        if let replenishment {
            let forecastStart = now()
            var catalogue = CatalogueForecast(
                planner: ReplenishmentPlanner().calibrated(state: stock, history: replenishment, today: shop.today))
            catalogue.compute(state: stock, history: replenishment, today: shop.today)
            let ranked = Briefing.rank(catalogue.trackedBriefingItems(state: stock))
            _ = ConsoleProgram.send(
                &state,
                BranchAPI.forecastsComputed(
                    catalogue.summaries, ranked: ranked, state: stock, journal: withJournal ? journal : nil))
            follower = ForecastFollower(catalogue: catalogue, history: replenishment, today: shop.today)
            forecastSeconds = now() - forecastStart
        }
    }
}

/// Keeps the optimiser from dropping a rendered screen we do not otherwise look at.
nonisolated(unsafe) var screenChecksum = 0

@inline(__always)
func consume(_ screen: Screen) {
    // One cell read, not `screen.cells` (which makes every cell: the screen stores them packed).
    let count = screen.width * screen.height
    guard count > 0 else { return }
    let index = (screenChecksum & 1023) % count
    screenChecksum &+= screen[index % screen.width, index / screen.width].text.utf8.count &+ count
}

/// Wall-clock samples overall and per kind of key, plus the thread's CPU time overall.
struct KeyedSamples {
    var all = Samples()
    var cpu = Samples()
    var byLabel: [String: Samples] = [:]

    mutating func add(_ value: Double, cpu cpuValue: Double, label: String) {
        all.add(value)
        cpu.add(cpuValue)
        byLabel[label, default: Samples()].add(value)
    }

    /// One row per label, in the order of `ranking` (labels starting with an earlier entry first).
    func breakdown(ranking: [String] = []) -> [[String]] {
        func rank(_ label: String) -> Int { ranking.firstIndex { label.hasPrefix($0) } ?? ranking.count }
        return byLabel.keys.sorted { (rank($0), $0) < (rank($1), $1) }.map { label in
            let samples = byLabel[label]!
            return [label, "\(samples.count)", ms(samples.median), ms(samples.p99), ms(samples.max)]
        }
    }
}

/// One timed step: wall and CPU milliseconds of `body`.
@inline(__always)
func timed(_ body: () -> Void) -> (wall: Double, cpu: Double) {
    let wall0 = now(), cpu0 = cpuNow()
    body()
    let cpu1 = cpuNow(), wall1 = now()
    return ((wall1 - wall0) * 1000, (cpu1 - cpu0) * 1000)
}

/// Measure 1: update + render for each press of the browsing mix.
func measureBrowsing(_ start: ConsoleState, keys: Int, warmUp: Int, seed: UInt64) -> KeyedSamples {
    var state = start
    var mix = BrowsingMix(seed: seed)
    var result = KeyedSamples()
    for index in 0..<(warmUp + keys) {
        let press = mix.next(after: state)
        var screen: Screen? = nil
        let time = timed {
            _ = ConsoleProgram.send(&state, .keyPressed(press.key))
            screen = ConsoleView.render(state)
        }
        consume(screen!)
        if index >= warmUp { result.add(time.wall, cpu: time.cpu, label: press.detailedLabel(after: state)) }
    }
    return result
}

/// Measure 2: update + render for each character typed (or deleted) in the lookup; opening
/// and closing the lookup are timed apart.
struct LookupResult {
    var keystrokes = KeyedSamples()
    var opens = Samples()
    var closes = Samples()
    var queries = 0
}

func measureLookup(_ start: ConsoleState, shop: Shop, queries: Int, seed: UInt64) -> LookupResult {
    var state = start
    var result = LookupResult()
    result.queries = queries
    for step in LookupScript.make(shop: shop, queries: queries, seed: seed) {
        let key = step.key
        let queryBefore = state.lookup?.query ?? ""
        var screen: Screen? = nil
        let time = timed {
            _ = ConsoleProgram.send(&state, .keyPressed(key))
            screen = ConsoleView.render(state)
        }
        consume(screen!)
        switch step {
        case .open: result.opens.add(time.wall)
        case .close: result.closes.add(time.wall)
        case .type:
            // The first character searches every SKU; later ones only the previous matches.
            let label = queryBefore.isEmpty ? "type the first character (every SKU)" : "type a further character (narrows)"
            result.keystrokes.add(time.wall, cpu: time.cpu, label: label)
        case .backspace: result.keystrokes.add(time.wall, cpu: time.cpu, label: "Backspace")
        }
        if case .open = step, state.lookup == nil { fail("'/' did not open the lookup") }
    }
    return result
}

/// Measure 4: the browsing mix again, from the same start, each frame also painted by ncurses
/// into a 200×60 pty: our update + render, our Screen → runs conversion, ncurses' paint.
struct PaintResult {
    var ours = Samples()  // update + render
    var prepare = Samples()  // Screen → wide-character runs (NcursesTerminal.draw's Swift loop)
    var paint = Samples()  // werase + wattr_set/mvwaddnwstr per run + wnoutrefresh + doupdate
    var firstPaint = 0.0  // the first full paint of a blank terminal
    var bytes = 0
    var colors = 0
}

func measurePaint(_ start: ConsoleState, keys: Int, warmUp: Int, seed: UInt64, theme: Theme) -> PaintResult {
    var result = PaintResult()
    let painter = CursesPainter(width: start.width, height: start.height, theme: theme)
    result.colors = painter.colors
    var frame = CursesPainter.Frame()
    var state = start
    painter.prepare(ConsoleView.render(state), into: &frame)
    result.firstPaint = milliseconds { painter.paint(frame) }
    var mix = BrowsingMix(seed: seed)
    for index in 0..<(warmUp + keys) {
        let press = mix.next(after: state)
        let t0 = now()
        _ = ConsoleProgram.send(&state, .keyPressed(press.key))
        let screen = ConsoleView.render(state)
        let t1 = now()
        painter.prepare(screen, into: &frame)
        let t2 = now()
        painter.paint(frame)
        let t3 = now()
        guard index >= warmUp else { continue }
        result.ours.add((t1 - t0) * 1000)
        result.prepare.add((t2 - t1) * 1000)
        result.paint.add((t3 - t2) * 1000)
    }
    result.bytes = painter.close()
    return result
}

/// Measure 5 (not a target): what journal news costs the console. Another process appends an
/// order line; the runtime's poll (every 0.4 s) hands it to update as `.journalAppended`, which
/// absorbs it and recomputes the panes' derived lists; then a frame is drawn. Measured on the
/// stock pool sorted by SKU (the start) and again sorted by 30-day sales.
/// With `follower` (forecasts installed), each line is also forecast again as the loader does
/// (not timed as the UI's: its thread CPU is shown apart) and the message it sends is timed as
/// the UI takes it in and draws a frame.
func measureNews(
    _ start: ConsoleState, stock startStock: StockState, count: Int, seed: UInt64, follower startFollower: ForecastFollower? = nil
) -> [(String, Samples)] {
    var result: [(String, Samples)] = []
    var stock = startStock
    var random = SeededRandom(seed: seed)
    let rows = start.data.rows
    var sequence = stock.lastSequence
    for sortColumn in [StockColumn.sku, .sold30] {
        var state = start
        while state.stock.sort != sortColumn { _ = ConsoleProgram.send(&state, .keyPressed(.char("s"))) }
        var samples = Samples()
        // The thread's CPU time beside the wall clock: on the shared machine the wall clock
        // also counts the time the thread waited for a core.
        var cpu = Samples()
        // Each pass starts from the same console, so the loader's side does too.
        var follower = startFollower
        var update = Samples(), updateCPU = Samples(), loaderCPU = Samples()
        // Each frame's view (ConsoleView.render) apart: thread CPU, inside the timings above.
        var newsView = Samples(), updateView = Samples()
        for index in 0..<count {
            let row = rows[random.below(rows.count)]
            sequence += 1
            let time = Timestamp(millisecondsSince1970: (Int64(Shop.defaultToday) * 1440 + 14 * 60) * 60_000 + Int64(index) * 1000)
            let line = OrderLineFacts(
                id: OrderLineID(channel: "shopify", order: "news-\(sortColumn.rawValue)-\(index)", line: 1), sku: row.code,
                quantity: 1, unitPrice: row.price, time: time)
            let event = Event(sequence: sequence, time: time, actor: "import:shopify", change: .orderPlaced(line))
            stock.apply(event)
            var screen: Screen? = nil
            var viewStart = 0.0
            let elapsed = timed {
                _ = ConsoleProgram.send(&state, .journalAppended([event], stock))
                viewStart = cpuNow()
                screen = ConsoleView.render(state)
            }
            newsView.add((cpuNow() - viewStart) * 1000)
            consume(screen!)
            samples.add(elapsed.wall)
            cpu.add(elapsed.cpu)
            if follower != nil {
                var message: Message? = nil
                loaderCPU.add(timed { message = follower?.follow([event], state: stock) }.cpu)
                guard let message else { continue }
                let taken = timed {
                    _ = ConsoleProgram.send(&state, message)
                    viewStart = cpuNow()
                    screen = ConsoleView.render(state)
                }
                updateView.add((cpuNow() - viewStart) * 1000)
                consume(screen!)
                update.add(taken.wall)
                updateCPU.add(taken.cpu)
            }
        }
        result.append(("journal news: 1 order line absorbed + render, sorted by \(sortColumn.heading)", samples))
        result.append(("  the same, thread CPU time", cpu))
        result.append(("    of which the view (render), thread CPU (+ a clock read)", newsView))
        if !update.isEmpty {
            result.append(("  its forecast update taken in + render (UI)", update))
            result.append(("    the same, thread CPU time", updateCPU))
            result.append(("      of which the view (render), thread CPU (+ a clock read)", updateView))
            result.append(("    the loader's forecast of the line, thread CPU (not the UI's)", loaderCPU))
        }
    }
    return result
}
