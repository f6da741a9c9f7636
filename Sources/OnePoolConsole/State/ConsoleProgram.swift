import OnePoolCore

/// The console's one way in: `send` takes a message, changes the state, and returns what the
/// runtime must do. Follow-ups the reducers ask for (open a SKU, show a message) are carried out
/// in the same call, in order, until none are left.
///
/// Pure: no terminal, no disk, no clock.
public enum ConsoleProgram {
    /// How many follow-ups one message may cause (a guard against a reducer loop, never reached).
    static let followUpLimit = 64

    public static func send(_ state: inout ConsoleState, _ message: Message) -> [Effect] {
        var queue = [message]
        var effects: [Effect] = []
        var handled = 0
        while !queue.isEmpty && handled < followUpLimit {
            handled += 1
            for effect in update(&state, queue.removeFirst()) {
                if case .follow(let action) = effect { queue.append(.action(action)) } else { effects.append(effect) }
            }
        }
        return effects
    }

    /// Changes the data with the briefing pane's list let go (`BriefingPaneState.letGo`), so
    /// that moving a few items in the briefing does not copy all of them, then refreshes the panes.
    static func moveBriefing(_ state: inout ConsoleState, _ change: (inout ConsoleData) -> Void) {
        state.briefing.letGo(watching: &state.data)
        change(&state.data)
        state.refreshDerived()
        state.data.endBriefingWatch()
    }

    /// One message, without its follow-ups.
    static func update(_ state: inout ConsoleState, _ message: Message) -> [Effect] {
        switch message {
        case .keyPressed(let key):
            return keyPressed(key, &state)
        case .resized(let width, let height):
            state.width = width
            state.height = height
            state.refreshDerived()
        case .journalAppended(let events, let stockState):
            moveBriefing(&state) { $0.absorb(events, state: stockState) }
        case .secondaryLoaded(let stockState):
            state.data.loadSecondary(stockState)
            state.refreshDerived()
        case .secondaryBuilt(let secondary, let current):
            if !state.data.install(secondary) { state.data.loadSecondary(current) }
            state.refreshDerived()
        case .historyLoaded(let events, let history, let journal, let through):
            state.data.loadHistory(events, history: history, journal: journal, through: through)
            state.refreshDerived()
        case .changeCommitted(let summary):
            state.closePendingForm()
            state.show(summary)
        case .changeRefused(let reason):
            if !state.returnToPendingForm({ FormError(field: $0.focus, message: reason) }) {
                state.show(reason, isError: true)
            }
        case .intentRefused(let refusal):
            if !state.returnToPendingForm({ $0.explain(refusal) }) { state.show(refusal.consoleText(), isError: true) }
        case .themeChanged(let name):
            state.themeName = name
            state.show("Theme: \(name)")
        case .themeFailed(let problem):
            state.show(problem, isError: true)
        case .forecastsComputed(let summaries, let items, let starved, let current):
            moveBriefing(&state) { data in
                data.installForecasts(summaries, briefingItems: items, starved: starved)
                if let current { data.repriceStateItems(current) }
            }
        case .forecastsUpdated(let summaries, let items, let current):
            moveBriefing(&state) { data in
                data.updateForecasts(summaries, items: items)
                if let current { data.repriceStateItems(current) }
            }
        case .forecastProgress(let done, let total):
            state.data.forecastProgress = (done, total)
        case .starvedRefreshed(let refresh, let current):
            moveBriefing(&state) { $0.installStarved(refresh, state: current) }
        case .clockTicked(let today, let text, let monotonic, let now, let pulls):
            state.clock = monotonic
            if let now { state.data.wallClock = now }
            if let pulls { state.data.syncReadPulls = pulls }
            if let status = state.status, status.until <= monotonic { state.status = nil }
            if today != state.data.today {
                state.data.today = today
                state.refreshDerived()
            }
            state.dateText = text
        case .action(let action):
            return perform(action, &state)
        }
        return []
    }

    // MARK: - Keys

    private static func keyPressed(_ key: Key, _ state: inout ConsoleState) -> [Effect] {
        // A message stays until the next key (or its time runs out).
        state.status = nil
        let command = state.keyMap.command(for: key, in: state.isTooSmall ? .global : state.scope)
        switch command {
        case .interrupt?: return requestQuit(&state, reason: .interrupted)
        case .suspend?: return [.suspend]
        case .redraw?: return [.redraw]
        default: break
        }
        if state.isTooSmall { return command == .quit ? [.quit(.asked)] : [] }
        if let modal = state.modal { return ModalKeys.handle(key, command: command, modal: modal, &state) }
        guard let command else { return [] }
        if let effects = global(command, &state) { return effects }
        let context = state.paneContext
        if let detail = state.detail {
            if command == .back { state.detail = nil }
            return detail.update(command, context)
        }
        switch state.pane {
        case .briefing: return state.briefing.update(command, context)
        case .stock: return state.stock.update(command, context)
        case .alerts: return state.alerts.update(command, context)
        case .activity: return state.activity.update(command, context)
        case .channels: return state.channels.update(command, context)
        case .queue: return state.queue.update(command, context)
        }
    }

    /// Commands that mean the same on every pane and the detail; nil for the others.
    private static func global(_ command: Command, _ state: inout ConsoleState) -> [Effect]? {
        switch command {
        case .quit: return requestQuit(&state, reason: .asked)
        case .help: return [.follow(.openHelp)]
        case .lookup: return [.follow(.openLookup)]
        case .cycleTheme: return [.cycleTheme]
        case .showMessages:
            let text =
                state.messages.isEmpty
                ? "No messages yet."
                : state.messages.map { ($0.isError ? "! " : "") + $0.text }.joined(separator: "\n\n")
            return [.follow(.openFullText(title: "Messages, newest first", text: text))]
        case .nextPane: return [.follow(.showPane(state.pane.next))]
        case .previousPane: return [.follow(.showPane(state.pane.previous))]
        case .showBriefing: return [.follow(.showPane(.briefing))]
        case .showStock: return [.follow(.showPane(.stock))]
        case .showAlerts: return [.follow(.showPane(.alerts))]
        case .showActivity: return [.follow(.showPane(.activity))]
        case .showChannels: return [.follow(.showPane(.channels))]
        case .showQueue: return [.follow(.showPane(.queue))]
        default: return nil
        }
    }

    /// Quits, unless something typed would be lost: then asks first (over what was typed).
    static func requestQuit(_ state: inout ConsoleState, reason: ExitReason) -> [Effect] {
        if let modal = state.modal, modal.isHalfFilled {
            if case .confirmQuit = modal { return [.quit(reason)] }  // asked twice: the answer is yes
            state.modal = .confirmQuit(returningTo: modal)
            return []
        }
        return [.quit(reason)]
    }

    // MARK: - Follow-ups

    private static func perform(_ action: Action, _ state: inout ConsoleState) -> [Effect] {
        switch action {
        case .openSKU(let code):
            state.modal = nil
            state.detail = DetailState(sku: code)
        case .openPO(let id):
            state.modal = nil
            state.detail = nil
            state.pane = .queue
            state.refreshDerived()
            if let position = state.queue.orders.firstIndex(of: id) {
                state.queue.cursor.moveTo(position, count: state.queue.orders.count, visibleRows: state.listRows)
                state.queue.openPO(id)
            } else {
                state.show("\(id) is not awaiting approval any more")
            }
        case .showPane(let pane):
            state.pane = pane
            state.detail = nil
            if pane == .stock && !state.stock.isBuilt { state.refreshDerived() }
        case .status(let text, let isError):
            state.show(text, isError: isError)
        case .openLookup:
            var lookup = LookupState()
            lookup.search(in: state.data)
            state.modal = .lookup(lookup)
        case .openHelp:
            state.modal = .help(scroll: 0)
        case .openFilter:
            state.modal = .filter(TextField(state.stock.text))
        case .openStockForm(let action):
            guard let sku = state.detail?.sku else { return [] }
            state.modal = .stockForm(StockForm(action: action, sku: sku))
        case .openRuleForm(let channel):
            guard let settings = state.data.channels.settings[channel] else { return [] }
            state.modal = .ruleForm(RuleForm(channel: channel, settings: settings))
        case .openInspectForm(let sku, let restock):
            let waiting = (state.data.awaitingReturns[sku] ?? []).reduce(0) { $0 + $1.remaining }
            guard waiting > 0 else {
                state.show("\(sku) has no units awaiting inspection any more", isError: true)
                return []
            }
            state.modal = .inspectForm(InspectForm(sku: sku, restock: restock, waiting: waiting))
        case .openPrompt(let purpose):
            var text = ""
            if case .quantity(let id, let sku) = purpose,
                let line = state.data.purchasing.orders[id]?.order.lines.first(where: { $0.sku == sku })
            {
                text = "\(line.quantity)"
            }
            state.modal = .prompt(QueuePrompt(purpose: purpose, text: text))
        case .askToApprove:
            if let confirmation = state.queue.confirmation(state.paneContext) { state.modal = .approval(confirmation) }
        case .openFullText(let title, let text):
            state.modal = .fullText(FullText(title: title, text: text))
        }
        return []
    }
}

extension Pane {
    var next: Pane { Pane(rawValue: (rawValue + 1) % Pane.allCases.count) ?? self }
    var previous: Pane { Pane(rawValue: (rawValue + Pane.allCases.count - 1) % Pane.allCases.count) ?? self }
}
