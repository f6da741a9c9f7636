import Foundation
import OnePoolConsole
import OnePoolCore
import OnePoolStore

/// Runs the console: reads the terminal and the journal, sends what happened through
/// `ConsoleProgram.send`, carries out the effects it returns against the store (sending their
/// results back the same way), and draws the state.
///
/// The terminal is always given back: on quit, Ctrl-C, SIGTERM, SIGINT or SIGHUP (the loop
/// ends and `run` returns why, for the exit status), on Ctrl-Z (and taken again on fg), and
/// on a crash (the C shim's handler, which then prints the crash's reason).
public final class ConsoleRuntime {
    private let store: Store
    private let terminal: any Terminal
    private let catalog: ThemeCatalog
    private var themeName: String
    private let actor: UserName
    private let environment: [String: String]
    private let clock: any ConsoleClock
    private let timeZone: TimeZone
    private var seenPosition: JournalPosition
    private var seenSequence: UInt64
    private let loader = BackgroundLoader()
    /// Lines to print once the terminal is restored (a broken theme, a discarded form).
    public private(set) var notices: [String] = []

    /// How long an Escape waits for the rest of a sequence before it counts as the Escape key.
    static let escapeDelay = 25
    /// How long a read waits when nothing is pending.
    static let idleRead = 100
    /// How often the journal is looked at for other processes' news.
    static let pollInterval = 0.4
    static let tickInterval = 1.0

    public init(
        store: Store, terminal: any Terminal, themeName: String, catalog: ThemeCatalog, actor: UserName,
        environment: [String: String], clock: any ConsoleClock = SystemClock()
    ) {
        self.store = store
        self.terminal = terminal
        self.catalog = catalog
        self.themeName = themeName
        self.actor = actor
        self.environment = environment
        self.clock = clock
        timeZone = TimeZone(identifier: store.metadata.timeZone) ?? TimeZone(identifier: "UTC") ?? .current
        seenPosition = store.journalPosition
        seenSequence = store.state.lastSequence
    }

    /// Runs until the operator quits or a signal ends it; returns why (for the exit status).
    public func run() throws -> ExitReason {
        try terminal.start()
        defer {
            loader.stop()
            terminal.stop()
        }
        if let notice = terminal.notice { notices.append(notice) }
        // Without colour (NO_COLOR, or a terminal that has none) meaning is carried by attributes.
        let plain = !(environment["NO_COLOR"] ?? "").isEmpty || terminal.colorCount == 0
        let (loaded, problem) = catalog.load(plain && catalog.files["monochrome"] != nil ? "monochrome" : themeName)
        terminal.use(loaded)

        let started = clock.now
        let offset = timeZone.secondsFromGMT(for: started)
        let (width, height) = terminal.size
        let data = ConsoleData(
            storeName: store.metadata.name, state: store.state, today: Self.day(started, offset: offset),
            utcOffsetSeconds: offset,
            deferSecondary: true)
        var state = ConsoleState(
            data: data, width: width, height: height, themeName: themeName, dateText: dateText(started), pane: .briefing
        )
        state.actor = actor
        state.charset = terminal.charset
        state.clock = clock.monotonic
        state.data.now = started.timestamp
        state.data.wallClock = started.timestamp
        state.data.storeNotice = Self.notice(store)
        var ending: ExitReason? = nil
        var dirty = true

        /// Sends a message, carries out every effect it and its follow-ups return, and sends
        /// their results back in turn.
        func dispatch(_ message: Message) throws {
            dirty = true
            var pending = [message]
            while !pending.isEmpty, ending == nil {
                for effect in ConsoleProgram.send(&state, pending.removeFirst()) {
                    if case .quit(let reason) = effect { ending = reason }
                    pending += try perform(effect)
                }
            }
        }

        if let problem { try dispatch(themeFailedMessage(problem)) }
        terminal.draw(ConsoleView.render(state))
        if environment["ONEPOOL_CONSOLE_CRASH_TEST"] == "1" {
            fatalError("ONEPOOL_CONSOLE_CRASH_TEST: crashing on purpose after the first frame")
        }
        // The nightly history checkpoint (`onepool snapshot`) spares the loader two years of journal.
        loader.start(
            storePath: store.path, state: store.state, now: started.timestamp, today: Self.day(started, offset: offset),
            utcOffsetSeconds: offset, keepEvents: ConsoleData.activityLimit, checkpoints: store.historyCheckpointFinder)

        var decoder = KeyDecoder()
        var lastPoll = clock.monotonic
        var lastTick = clock.monotonic
        var instantTimeouts = 0
        while ending == nil {
            let asked = clock.monotonic
            let input = terminal.read(timeoutMilliseconds: decoder.isPending ? Self.escapeDelay : Self.idleRead)
            if case .timeout = input, !decoder.isPending, clock.monotonic - asked < 0.005 {
                // A terminal that has gone away (its window closed without SIGHUP reaching us)
                // answers every read at once; without this the loop would spin at full CPU.
                instantTimeouts += 1
                if instantTimeouts > 50 {
                    notices.append("the terminal stopped answering; the console ended")
                    ending = .signal(SIGHUP)
                    break
                }
            } else {
                instantTimeouts = 0
            }
            switch input {
            case .input(let raw):
                for key in decoder.feed(raw) { try dispatch(.keyPressed(key)) }
            case .timeout:
                for key in decoder.flush() { try dispatch(.keyPressed(key)) }
            case .resized:
                let (width, height) = terminal.size
                try dispatch(.resized(width: width, height: height))
            case .signal(SIGTSTP):
                for message in try perform(.suspend) { try dispatch(message) }
            case .signal(SIGCONT):
                terminal.invalidate()
                dirty = true
            case .signal(let number):
                ending = .signal(number)
            }
            guard ending == nil else { break }
            for report in loader.take() {
                if let message = message(for: report) { try dispatch(message) }
            }
            let now = clock.monotonic
            if now - lastPoll >= Self.pollInterval {
                lastPoll = now
                if try store.refresh() || Self.notice(store) != state.data.storeNotice {
                    state.data.storeNotice = Self.notice(store)
                    dirty = true
                }
                if let news = try news() { try dispatch(news) }
            }
            if now - lastTick >= Self.tickInterval {
                lastTick = now
                let date = clock.now
                let today = Self.day(date, offset: offset)
                try dispatch(
                    .clockTicked(
                        today: today, text: dateText(date), monotonic: now, now: date.timestamp,
                        syncReadPulls: SyncLiveness.lastReadPulls(store: store.path)))
            }
            if dirty && ending == nil {
                terminal.draw(ConsoleView.render(state))
                dirty = false
            }
        }
        let reason = ending ?? .asked
        if case .signal = reason, let unsaved = state.modal?.unsaved {
            notices.append("the console was ended by a signal; this was typed and not saved: \(unsaved)")
        }
        return reason
    }

    /// Carries out one effect; returns the messages that report its result (sent in turn).
    private func perform(_ effect: Effect) throws -> [Message] {
        switch effect {
        case .quit, .follow:
            return []
        case .suspend:
            // Ctrl-Z or SIGTSTP: the terminal goes back to the shell until `fg`; then every
            // cell is painted again at the size the window has now.
            terminal.suspend()
            terminal.invalidate()
            let (width, height) = terminal.size
            return [.resized(width: width, height: height)]
        case .redraw:
            terminal.invalidate()
            return []
        case .publish(let channel):
            let result: Message
            do {
                result = .changeCommitted(
                    summary: try ConsolePublisher.publish(channel: channel, store: store, actor: actor))
            } catch {
                result = .changeRefused(reason: Self.reason(error))
            }
            return [result] + (try news().map { [$0] } ?? [])
        case .cycleTheme:
            themeName = catalog.next(after: themeName)
            let (next, problem) = catalog.load(themeName)
            terminal.use(next)
            return [problem.map(themeFailedMessage) ?? .themeChanged(name: themeName)]
        case .append(let changes, let summary):
            let result: Message
            do {
                let commit = try store.transact(actor: actor, time: clock.now.timestamp) { _ in (changes, ()) }
                result = .changeCommitted(
                    summary: commit.appended.isEmpty ? "Already recorded: nothing changed" : summary)
            } catch {
                result = .changeRefused(reason: Self.reason(error))
            }
            return [result] + (try news().map { [$0] } ?? [])
        case .submit(let intent, let summary):
            // Planned inside the transaction, against the state under the lock.
            let result: Message
            do {
                let commit = try store.transact(actor: actor, time: clock.now.timestamp) { state in
                    ([try state.plan(intent)], ())
                }
                result = .changeCommitted(
                    summary: commit.appended.isEmpty ? "Already recorded: nothing changed" : summary)
            } catch let refusal as IntentRefusal {
                result = .intentRefused(refusal)
            } catch {
                result = .changeRefused(reason: Self.reason(error))
            }
            return [result] + (try news().map { [$0] } ?? [])
        }
    }

    /// Why a change was not made, in the console's words: a refusal with the console's remedy.
    private static func reason(_ error: Error) -> String {
        switch error {
        case StoreError.refused(let refusal), IntentRefusal.refused(let refusal): refusal.consoleText()
        case let refusal as Refusal: refusal.consoleText()
        default: "\(error)"
        }
    }

    /// A theme problem is shown now and printed again after the console ends.
    private func themeFailedMessage(_ problem: String) -> Message {
        if !notices.contains(problem) { notices.append(problem) }
        return .themeFailed(problem: problem)
    }

    /// The message a loader's report sends; nil for a report that only leaves a notice.
    private func message(for report: BackgroundLoader.Report) -> Message? {
        switch report {
        case .secondary(let secondary): return .secondaryBuilt(secondary, current: store.state)
        case .history(let events, let history, let journal, let through):
            return .historyLoaded(events: events, history: history, journal: journal, through: through)
        case .forecastProgress(let done, let total): return .forecastProgress(done: done, total: total)
        case .forecasts(let summaries, let briefing, let starved):
            return .forecastsComputed(summaries, briefing: briefing, starved: starved, current: store.state)
        case .starvedRefreshed(let refresh):
            return .starvedRefreshed(refresh, current: store.state)
        case .forecastsUpdated(let summaries, let items):
            return .forecastsUpdated(summaries, items: items, current: store.state)
        case .failed(let why):
            notices.append(why)
            return .changeRefused(reason: why)
        case .checkpointPassedOver(let warnings):
            notices += warnings
            return nil
        }
    }

    /// The header's store warning: how many things need `onepool doctor`, or nil.
    static func notice(_ store: Store) -> String? {
        let count = store.warnings.count
        return count == 0 ? nil : "⚠ \(count) store warning\(count == 1 ? "" : "s"): run onepool doctor"
    }

    /// What the journal gained since the console last looked, whoever wrote it, as a message
    /// (and for the background loader, to forecast the touched SKUs again).
    private func news() throws -> Message? {
        guard store.state.lastSequence != seenSequence else { return nil }
        let events = try store.events(after: seenPosition, nextSequence: seenSequence + 1)
        seenPosition = store.journalPosition
        seenSequence = store.state.lastSequence
        loader.follow(events, state: store.state)
        return .journalAppended(events, store.state)
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

extension Date {
    /// This moment as Core's timestamp (Core never reads a clock; the runtime does).
    var timestamp: Timestamp { Timestamp(millisecondsSince1970: Int64((timeIntervalSince1970 * 1000).rounded())) }
}
