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

    /// Runs until the operator quits or a signal ends it; returns why (for the exit status).
    @discardableResult
    public func run() throws -> ExitReason {
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
        if let problem { _ = ConsoleProgram.send(&state, .themeFailed(problem: problem)) }
        terminal.draw(ConsoleView.render(state))
        if crashAfterFirstFrame { fatalError("ONEPOOL_CONSOLE_CRASH_TEST: crashing on purpose after the first frame") }

        // Channels, then history, after the first frame: the pool is on screen while they load.
        _ = ConsoleProgram.send(&state, .secondaryLoaded(store.state))
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
        _ = ConsoleProgram.send(&state, .historyLoaded(events: recent, history: replenishment.demand, through: seenSequence))
        terminal.draw(ConsoleView.render(state))
        // Forecasts (stockout alerts, the detail's forecast band) arrive when the worker is done.
        let forecaster = ForecastWorker()
        forecaster.start(state: store.state, history: replenishment, today: Self.day(now, offset: offset))

        var lastPoll = Date()
        var instantTimeouts = 0
        var ending: ExitReason? = nil
        /// Sends a message and carries out every effect it and its follow-ups return.
        func dispatch(_ message: Message) throws {
            var pending = [message]
            while !pending.isEmpty, ending == nil {
                for effect in ConsoleProgram.send(&state, pending.removeFirst()) {
                    pending += try perform(effect, terminal: terminal)
                    if case .quit(let reason) = effect { ending = reason }
                }
            }
        }
        while ending == nil {
            let signal = terminal.pendingSignal()
            if signal != 0 {
                ending = .signal(signal)
                break
            }
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
            case .key(let key): try dispatch(.keyPressed(key))
            case .resized:
                let (width, height) = terminal.size
                try dispatch(.resized(width: width, height: height))
            case .timeout: break
            }
            for report in forecaster.take() {
                switch report {
                case .progress(let done, let total): try dispatch(.forecastProgress(done: done, total: total))
                case .finished(let summaries, let briefing): try dispatch(.forecastsComputed(summaries, briefing: briefing))
                }
            }
            if Date().timeIntervalSince(lastPoll) >= 0.4 {
                lastPoll = Date()
                _ = try store.refresh()
                state.data.storeNotice = Self.notice(store)
                if let news = try news() { try dispatch(news) }
                let now = Date()
                try dispatch(.clockTicked(today: Self.day(now, offset: offset), text: dateText(now), monotonic: ProcessInfo.processInfo.systemUptime))
            }
            terminal.draw(ConsoleView.render(state))
        }
        return ending ?? .asked
    }

    /// Carries out one effect; returns the messages that report its result (sent in turn).
    private func perform(_ effect: Effect, terminal: NcursesTerminal) throws -> [Message] {
        switch effect {
        case .quit, .follow, .suspend, .redraw:
            return []
        case .publish(let channel):
            let result: Message
            do {
                result = .changeCommitted(summary: try ConsolePublisher.publish(channel: channel, store: store, actor: actor))
            } catch {
                result = .changeRefused(reason: "\(error)")
            }
            return [result] + (try news().map { [$0] } ?? [])
        case .cycleTheme:
            themeName = catalog.next(after: themeName)
            let (next, problem) = catalog.load(themeName)
            terminal.use(next)
            return [problem.map { .themeFailed(problem: $0) } ?? .themeChanged(name: themeName)]
        case .append(let changes, let summary):
            let result: Message
            do {
                let commit = try store.transact(actor: actor, time: Date().timestamp) { _ in (changes, ()) }
                result = .changeCommitted(summary: commit.appended.isEmpty ? "Already recorded: nothing changed" : summary)
            } catch {
                result = .changeRefused(reason: "\(error)")
            }
            return [result] + (try news().map { [$0] } ?? [])
        case .submit(let intent, let summary):
            // Planned inside the transaction, against the state under the lock.
            let result: Message
            do {
                let commit = try store.transact(actor: actor, time: Date().timestamp) { state in ([try state.plan(intent)], ()) }
                result = .changeCommitted(summary: commit.appended.isEmpty ? "Already recorded: nothing changed" : summary)
            } catch let refusal as IntentRefusal {
                result = .intentRefused(refusal)
            } catch {
                result = .changeRefused(reason: "\(error)")
            }
            return [result] + (try news().map { [$0] } ?? [])
        }
    }

    /// What the journal gained since the console last looked, whoever wrote it, as a message.
    private func news() throws -> Message? {
        guard store.state.lastSequence != seenSequence else { return nil }
        let events = try store.events(after: seenPosition, nextSequence: seenSequence + 1)
        seenPosition = store.journalPosition
        seenSequence = store.state.lastSequence
        return .journalAppended(events, store.state)
    }

    /// The header's store warning: how many things need `onepool doctor`, or nil.
    static func notice(_ store: Store) -> String? {
        let count = store.warnings.count
        return count == 0 ? nil : "⚠ \(count) store warning\(count == 1 ? "" : "s"): run onepool doctor"
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
