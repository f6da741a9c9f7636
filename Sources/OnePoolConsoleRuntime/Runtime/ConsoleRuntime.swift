import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolConsole

/// Runs the console: reads keys and journal news, feeds them to `update`, carries out its
/// effects against the store, and draws `view` through ncurses. The terminal is always restored:
/// on quit, Ctrl-C, SIGTERM or SIGHUP (the loop ends), and on a crash (the C shim's handler).
public final class ConsoleRuntime {
    private let store: Store
    private let catalog: ThemeCatalog
    private var themeName: String
    private let actor: String
    private let noColor: Bool
    /// Test hook: crash right after the first frame, to prove the terminal is restored anyway.
    private let crashAfterFirstFrame: Bool
    private let timeZone: TimeZone
    private var seenPosition: JournalPosition
    private var seenSequence: UInt64
    /// Problems to print after the terminal is restored (a broken theme file, say).
    public private(set) var notices: [String] = []

    public init(store: Store, themeName: String, catalog: ThemeCatalog, actor: String, environment: [String: String]) {
        self.store = store
        self.catalog = catalog
        self.themeName = themeName
        self.actor = actor
        noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        crashAfterFirstFrame = environment["ONEPOOL_CONSOLE_CRASH_TEST"] == "1"
        timeZone = TimeZone(identifier: store.metadata.timeZone) ?? TimeZone(identifier: "UTC") ?? .current
        seenPosition = store.journalPosition
        seenSequence = store.state.lastSequence
    }

    public func run() throws {
        let (theme, problem) = catalog.load(themeName)
        if let problem { notices.append(problem) }
        let terminal = NcursesTerminal(theme: theme, wantColor: !noColor)
        guard terminal.start() else { throw ConsoleError.noTerminal }
        defer { terminal.stop() }
        terminal.use(noColor ? (catalog.files["monochrome"] != nil ? catalog.load("monochrome").theme : theme) : theme)

        let now = Date()
        let offset = timeZone.secondsFromGMT(for: now)
        let (width, height) = terminal.size
        let data = ConsoleData(
            storeName: store.metadata.name, state: store.state, today: Self.day(now, offset: offset), utcOffsetSeconds: offset,
            deferSecondary: true)
        var state = ConsoleState(data: data, width: width, height: height, themeName: themeName, dateText: dateText(now), pane: .briefing)
        state.actor = actor
        state.data.now = now.timestamp
        state.data.storeNotice = Self.notice(store)
        if let problem { state.status = StatusLine(text: problem, isError: true) }
        terminal.draw(ConsoleView.render(state))
        if crashAfterFirstFrame { fatalError("ONEPOOL_CONSOLE_CRASH_TEST: crashing on purpose after the first frame") }

        // Channels, then history, after the first frame: the pool is on screen while they load.
        _ = ConsoleProgram.update(&state, .secondaryLoaded(store.state))
        terminal.draw(ConsoleView.render(state))
        // History after the first frame: the pool is on screen while the journal is read.
        var replenishment = ReplenishmentHistory(utcOffsetSeconds: offset)
        var recent: [Event] = []
        let keep = ConsoleData.activityLimit
        try store.forEachEvent { event in
            replenishment.record(event)
            recent.append(event)
            if recent.count >= keep * 2 { recent.removeFirst(recent.count - keep) }
        }
        _ = ConsoleProgram.update(&state, .historyLoaded(events: recent, history: replenishment.demand))
        terminal.draw(ConsoleView.render(state))
        // Forecasts (stockout alerts, the detail's forecast band) arrive when the worker is done.
        let forecaster = ForecastWorker()
        forecaster.start(state: store.state, history: replenishment, today: Self.day(now, offset: offset))

        var lastPoll = Date()
        var instantTimeouts = 0
        loop: while true {
            if terminal.pendingSignal() != 0 { break }
            var effects: [Effect] = []
            let asked = Date()
            let input = terminal.read(timeoutMilliseconds: 200)
            // A terminal that has gone away (its window closed without SIGHUP reaching us) answers
            // every read at once; without this the loop would spin at full CPU forever.
            if case .timeout = input, Date().timeIntervalSince(asked) < 0.01 {
                instantTimeouts += 1
                if instantTimeouts > 50 { break }
            } else {
                instantTimeouts = 0
            }
            switch input {
            case .key(let key): effects = ConsoleProgram.update(&state, .keyPressed(key))
            case .resized:
                let (width, height) = terminal.size
                effects = ConsoleProgram.update(&state, .resized(width: width, height: height))
            case .timeout: break
            }
            for effect in effects {
                switch effect {
                case .quit:
                    break loop
                case .publish(let channel):
                    let result = Result { try ConsolePublisher.publish(channel: channel, store: store, actor: actor) }
                    switch result {
                    case .success(let text): _ = ConsoleProgram.update(&state, .changeCommitted(summary: text))
                    case .failure(let error): _ = ConsoleProgram.update(&state, .changeRefused(reason: "\(error)"))
                    }
                    try absorbNews(into: &state)
                case .cycleTheme:
                    themeName = catalog.next(after: themeName)
                    let (next, problem) = catalog.load(themeName)
                    terminal.use(next)
                    _ = ConsoleProgram.update(&state, problem.map { .changeRefused(reason: $0) } ?? .themeChanged(name: themeName))
                case .append(let changes, let summary):
                    do {
                        _ = try store.transact(actor: actor, time: Date().timestamp) { _ in (changes, ()) }
                        _ = ConsoleProgram.update(&state, .changeCommitted(summary: summary))
                    } catch {
                        _ = ConsoleProgram.update(&state, .changeRefused(reason: "\(error)"))
                    }
                    try absorbNews(into: &state)
                }
            }
            for report in forecaster.take() {
                switch report {
                case .progress(let done, let total): _ = ConsoleProgram.update(&state, .forecastProgress(done: done, total: total))
                case .finished(let summaries, let briefing): _ = ConsoleProgram.update(&state, .forecastsComputed(summaries, briefing: briefing))
                }
            }
            if Date().timeIntervalSince(lastPoll) >= 0.4 {
                lastPoll = Date()
                _ = try store.refresh()
                state.data.storeNotice = Self.notice(store)
                try absorbNews(into: &state)
                let now = Date()
                _ = ConsoleProgram.update(&state, .clockTicked(today: Self.day(now, offset: offset), text: dateText(now)))
            }
            terminal.draw(ConsoleView.render(state))
        }
    }

    /// The header's store warning: how many things need `onepool doctor`, or nil.
    static func notice(_ store: Store) -> String? {
        let count = store.warnings.count
        return count == 0 ? nil : "⚠ \(count) store warning\(count == 1 ? "" : "s"): run onepool doctor"
    }

    /// Feeds `update` whatever the journal gained since the console last looked, whoever wrote it.
    private func absorbNews(into state: inout ConsoleState) throws {
        guard store.state.lastSequence != seenSequence else { return }
        let events = try store.events(after: seenPosition, nextSequence: seenSequence + 1)
        seenPosition = store.journalPosition
        seenSequence = store.state.lastSequence
        _ = ConsoleProgram.update(&state, .journalAppended(events, store.state))
    }

    private func dateText(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "EEE d MMM yyyy HH:mm"
        return formatter.string(from: date)
    }

    static func day(_ date: Date, offset: Int) -> Int {
        date.timestamp.day(offsetSeconds: offset)
    }
}

public enum ConsoleError: Error, CustomStringConvertible {
    case noTerminal

    public var description: String {
        "cannot start the console: this is not a terminal (TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? "unset")); the verbs work without one — try `onepool --help`"
    }
}

extension Date {
    /// This moment as Core's timestamp (Core never reads a clock; the runtime does).
    var timestamp: Timestamp { Timestamp(millisecondsSince1970: Int64((timeIntervalSince1970 * 1000).rounded())) }
}
