import OnePoolCore

/// The console's one state transition: a message in, the state changed, effects out.
///
/// Pure: no terminal, no disk, no clock. The runtime feeds it keys, resizes and journal news,
/// and carries out the effects it returns.
public enum ConsoleProgram {
    public static func update(_ state: inout ConsoleState, _ message: Message) -> [Effect] {
        switch message {
        case .keyPressed(let key):
            return keyPressed(key, &state)
        case .resized(let width, let height):
            state.width = width
            state.height = height
            state.refreshDerived()
        case .journalAppended(let events, let stockState):
            state.data.absorb(events, state: stockState)
            state.refreshDerived()
        case .secondaryLoaded(let stockState):
            state.data.loadSecondary(stockState)
            state.refreshDerived()
        case .historyLoaded(let events, let history):
            state.data.loadHistory(events, history: history)
            state.refreshDerived()
        case .changeCommitted(let summary):
            if state.detail?.form?.pending == true { state.detail?.form = nil }
            state.status = StatusLine(text: summary, isError: false)
        case .changeRefused(let reason):
            if state.detail?.form != nil {
                state.detail?.form?.pending = false
                state.detail?.form?.error = reason
            } else {
                state.status = StatusLine(text: reason, isError: true)
            }
        case .themeChanged(let name):
            state.themeName = name
            state.status = StatusLine(text: "Theme: \(name)", isError: false)
        case .forecastsComputed(let summaries, let items):
            state.data.installForecasts(summaries, briefingItems: items)
            state.refreshDerived()
        case .forecastProgress(let done, let total):
            state.data.forecastProgress = (done, total)
        case .clockTicked(let today, let text):
            if today != state.data.today {
                state.data.today = today
                state.refreshDerived()
            }
            state.dateText = text
        }
        return []
    }

    // MARK: - Keys

    private static func keyPressed(_ key: Key, _ state: inout ConsoleState) -> [Effect] {
        if state.confirmingQuit {
            state.confirmingQuit = false
            return key == .char("y") || key == .char("Y") ? [.quit] : []
        }
        if key == .control("c") { return requestQuit(&state) }
        if state.isTooSmall { return key == .char("q") ? [.quit] : [] }
        if state.status?.isError == false { state.status = nil }

        switch state.scope {
        case .help:
            switch state.keyMap.command(for: key, in: .help) {
            case .back?: state.helpVisible = false
            case .moveUp?: state.helpScroll = max(0, state.helpScroll - 1)
            case .moveDown?: state.helpScroll = min(HelpView.maxScroll(state), state.helpScroll + 1)
            case .pageDown?: state.helpScroll = min(HelpView.maxScroll(state), state.helpScroll + 10)
            case .pageUp?: state.helpScroll = max(0, state.helpScroll - 10)
            default: break
            }
            return []
        case .lookup:
            return lookupKey(key, &state)
        case .form:
            if state.detail == nil && state.pane == .queue && state.queue.prompt != nil { return promptKey(key, &state) }
            return state.channels.form != nil && state.detail == nil ? ruleFormKey(key, &state) : formKey(key, &state)
        case .confirm:
            if state.pane == .queue { return approvalConfirmKey(key, &state) }
            return confirmKey(key, &state)
        default:
            break
        }
        if state.pane == .stock && state.detail == nil && state.stock.editingText {
            return filterTextKey(key, &state)
        }
        guard let command = state.keyMap.command(for: key, in: state.scope) else { return [] }
        return perform(command, &state)
    }

    private static func requestQuit(_ state: inout ConsoleState) -> [Effect] {
        if state.detail?.form?.isHalfFilled == true {
            state.confirmingQuit = true
            return []
        }
        return [.quit]
    }

    static func perform(_ command: Command, _ state: inout ConsoleState) -> [Effect] {
        let rows = state.listRows
        switch command {
        case .quit: return requestQuit(&state)
        case .help:
            state.helpVisible = true
            state.helpScroll = 0
        case .nextPane: switchPane(to: Pane(rawValue: (state.pane.rawValue + 1) % Pane.allCases.count), &state)
        case .previousPane:
            switchPane(to: Pane(rawValue: (state.pane.rawValue + Pane.allCases.count - 1) % Pane.allCases.count), &state)
        case .showBriefing: switchPane(to: .briefing, &state)
        case .showStock: switchPane(to: .stock, &state)
        case .showQueue: switchPane(to: .queue, &state)
        case .toggleSelect:
            if let id = state.queue.selected {
                if state.queue.chosen.remove(id) == nil { state.queue.chosen.insert(id) }
                moveCursor(&state) { $0.move(by: 1, count: $1, visibleRows: rows) }
            }
        case .approve: askToApprove(&state)
        case .reject:
            if let id = state.queue.open ?? state.queue.selected { state.queue.prompt = QueuePrompt(purpose: .rejectReason(po: id)) }
        case .editQuantity:
            if let id = state.queue.open, let line = state.data.purchasing.orders[id]?.order.lines[safe: state.queue.lineCursor.selected] {
                state.queue.prompt = QueuePrompt(purpose: .quantity(po: id, sku: line.sku), text: "\(line.quantity)")
            }
        case .showAlerts: switchPane(to: .alerts, &state)
        case .showActivity: switchPane(to: .activity, &state)
        case .showChannels: switchPane(to: .channels, &state)
        case .editRule: openRuleForm(&state)
        case .lookup:
            var lookup = LookupState()
            lookup.search(in: state.data)
            state.lookup = lookup
        case .moveUp: moveCursor(&state) { $0.move(by: -1, count: $1, visibleRows: rows) }
        case .moveDown: moveCursor(&state) { $0.move(by: 1, count: $1, visibleRows: rows) }
        case .pageUp: moveCursor(&state) { $0.move(by: -rows, count: $1, visibleRows: rows) }
        case .pageDown: moveCursor(&state) { $0.move(by: rows, count: $1, visibleRows: rows) }
        case .top: moveCursor(&state) { $0.moveTo(0, count: $1, visibleRows: rows) }
        case .bottom: moveCursor(&state) { $0.moveTo($1 - 1, count: $1, visibleRows: rows) }
        case .open:
            if state.pane == .channels { openRuleForm(&state) }
            if state.pane == .queue {
                if state.queue.open == nil, let id = state.queue.selected {
                    state.queue.open = id
                    state.queue.lineCursor = ListCursor()
                }
                return []
            }
            if state.pane == .briefing, let item = state.briefing.selected(in: state.data) { return act(on: item, &state) }
            if let code = selectedSKU(in: state) { state.detail = DetailState(sku: code) }
        case .back:
            if state.detail == nil && state.pane == .queue { state.queue.open = nil }
            state.detail = nil
        case .sortNext:
            let next = StockColumn(rawValue: (state.stock.sort.rawValue + 1) % StockColumn.allCases.count) ?? .sku
            state.stock.sort = next
            // Quantities read best largest first; names A to Z.
            state.stock.descending = !(next == .sku || next == .title)
            state.refreshDerived()
            state.status = StatusLine(text: "Sorted by \(next.heading)\(state.stock.descending ? ", largest first" : "")", isError: false)
        case .sortReverse:
            state.stock.descending.toggle()
            state.refreshDerived()
        case .filterText:
            state.stock.editingText = true
        case .cycleFilter:
            state.stock.filter = StockFilter(rawValue: (state.stock.filter.rawValue + 1) % StockFilter.allCases.count) ?? .all
            state.stock.cursor = ListCursor()
            state.refreshDerived()
        case .clearFilter:
            state.stock.text = ""
            state.stock.filter = .all
            state.refreshDerived()
        case .cycleTheme:
            return [.cycleTheme]
        case .receive: openForm(.receive, &state)
        case .count: openForm(.count, &state)
        case .adjust: openForm(.adjust, &state)
        case .hold: openForm(.hold, &state)
        case .release: openForm(.release, &state)
        case .cycleKind:
            state.activity.cycleKind()
            state.refreshDerived()
        case .submit, .nextField, .previousField, .cancel, .confirm:
            break
        }
        return []
    }

    private static func switchPane(to pane: Pane?, _ state: inout ConsoleState) {
        guard let pane else { return }
        state.pane = pane
        state.detail = nil
        if pane == .stock && !state.stock.isBuilt { state.refreshDerived() }
    }

    private static func moveCursor(_ state: inout ConsoleState, _ move: (inout ListCursor, Int) -> Void) {
        switch state.pane {
        case .stock: move(&state.stock.cursor, state.stock.visible.count)
        case .alerts: move(&state.alerts.cursor, state.alerts.alerts.count)
        case .activity: move(&state.activity.cursor, state.activity.items.count)
        case .channels: move(&state.channels.cursor, state.channels.order.count)
        case .briefing: move(&state.briefing.cursor, state.data.briefing.count)
        case .queue:
            if let id = state.queue.open {
                move(&state.queue.lineCursor, state.data.purchasing.orders[id]?.order.lines.count ?? 0)
            } else {
                move(&state.queue.cursor, state.queue.orders.count)
            }
        }
    }

    private static func selectedSKU(in state: ConsoleState) -> String? {
        switch state.pane {
        case .stock: state.stock.selectedCode(in: state.data)
        case .alerts: state.alerts.selected?.sku
        case .activity: state.activity.selected?.sku
        case .channels, .queue: nil
        case .briefing: nil
        }
    }

    private static func openForm(_ action: FormState.Action, _ state: inout ConsoleState) {
        guard let sku = state.detail?.sku else { return }
        state.detail?.form = FormState(action: action, sku: sku)
    }

    // MARK: - Briefing and approvals

    /// Carries out a briefing item's one-key action.
    private static func act(on item: BriefingItem, _ state: inout ConsoleState) -> [Effect] {
        switch item.action {
        case .openSKU(let sku):
            state.detail = DetailState(sku: sku)
        case .openPO(let id):
            state.pane = .queue
            state.refreshDerived()
            if let position = state.queue.orders.firstIndex(of: id) {
                state.queue.cursor.moveTo(position, count: state.queue.orders.count, visibleRows: state.listRows)
                state.queue.open = id
                state.queue.lineCursor = ListCursor()
            } else {
                state.status = StatusLine(text: "\(id) is not awaiting approval any more", isError: false)
            }
        case .publish(let channel):
            return [.publish(channel: channel)]
        case .mapListing(let key):
            state.pane = .channels
            state.status = StatusLine(text: "Map it: onepool map \(key.channel) \(key.listing) SKU [--pack N]", isError: false)
        case .editChannel(let channel):
            state.pane = .channels
            let text = "\(channel) is starved: give it a floor, or cap the channels ahead (e edits a rule)"
            state.status = StatusLine(text: text, isError: false)
        }
        return []
    }

    private static func askToApprove(_ state: inout ConsoleState) {
        let ids = state.queue.chosen.isEmpty ? [state.queue.open ?? state.queue.selected].compactMap { $0 } : state.queue.chosen.sorted()
        guard !ids.isEmpty else { return }
        let records = ids.compactMap { state.data.purchasing.orders[$0] }
        let total = records.reduce(Money.zero) { $0 + $1.order.value }
        var before: [Double] = [], after: [Double] = []
        for line in records.flatMap(\.order.lines) {
            guard let forecast = state.data.forecasts[line.sku], !forecast.daily.isEmpty else { continue }
            let daily = forecast.daily.reduce(0, +) / Double(forecast.daily.count)
            guard daily > 0 else { continue }
            before.append(Double(forecast.position) / daily)
            after.append(Double(forecast.position + line.quantity) / daily)
        }
        func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
        state.queue.confirmation = ApprovalConfirmation(orders: ids, total: total, coverBefore: mean(before), coverAfter: mean(after))
    }

    private static func approvalConfirmKey(_ key: Key, _ state: inout ConsoleState) -> [Effect] {
        guard let confirmation = state.queue.confirmation else { return [] }
        switch state.keyMap.command(for: key, in: .confirm) {
        case .confirm?:
            state.queue.confirmation = nil
            state.queue.chosen = []
            let changes = confirmation.orders.map { ProposedChange(.purchasing(.approved(id: $0, approver: state.actor))) }
            return [.append(changes, summary: "Approved \(confirmation.orders.joined(separator: ", ")) (\(confirmation.total)) as \(state.actor)")]
        case .cancel?:
            state.queue.confirmation = nil
        default:
            break
        }
        return []
    }

    private static func promptKey(_ key: Key, _ state: inout ConsoleState) -> [Effect] {
        guard var prompt = state.queue.prompt else { return [] }
        switch state.keyMap.command(for: key, in: .form) {
        case .cancel?:
            state.queue.prompt = nil
            return []
        case .submit?:
            switch prompt.purpose {
            case .rejectReason(let id):
                let reason = prompt.text.trimmingCharacters(in: " ")
                guard !reason.isEmpty else {
                    prompt.error = "a reason is required: it is recorded with the rejection"
                    state.queue.prompt = prompt
                    return []
                }
                state.queue.prompt = nil
                return [.append([ProposedChange(.purchasing(.rejected(id: id, approver: state.actor, reason: reason)))], summary: "Rejected \(id): \(reason)")]
            case .quantity(let id, let sku):
                guard let quantity = Int(prompt.text.trimmingCharacters(in: " ")), quantity >= 0 else {
                    prompt.error = "'\(prompt.text)' is not a whole number of units (0 removes the line)"
                    state.queue.prompt = prompt
                    return []
                }
                state.queue.prompt = nil
                return [.append([ProposedChange(.purchasing(.edited(id: id, sku: sku, quantity: quantity)))], summary: "\(id): \(sku) set to \(quantity)")]
            }
        default:
            if key == .backspace {
                if !prompt.text.isEmpty { prompt.text.removeLast() }
            } else if let character = key.typedCharacter {
                prompt.text.append(character)
            }
            prompt.error = nil
        }
        state.queue.prompt = prompt
        return []
    }

    // MARK: - Channel rules

    private static func openRuleForm(_ state: inout ConsoleState) {
        guard let name = state.channels.selected, let settings = state.data.channels.settings[name] else { return }
        state.channels.form = RuleForm(channel: name, settings: settings)
    }

    private static func ruleFormKey(_ key: Key, _ state: inout ConsoleState) -> [Effect] {
        guard var form = state.channels.form else { return [] }
        switch form.edit(key, command: state.keyMap.command(for: key, in: .form)) {
        case .cancel?:
            state.channels.form = nil
            return []
        case .submit?:
            guard let current = state.data.channels.settings[form.channel] else { return [] }
            switch form.proposed(from: current) {
            case .failure(let problem):
                form.focus = problem.field
                form.error = problem.message
            case .success(let settings) where settings == current:
                state.channels.form = nil
                state.status = StatusLine(text: "No change to \(form.channel)", isError: false)
                return []
            case .success(let settings):
                let board = state.data.channels
                state.channels.preview = RulePreview(
                    channel: form.channel, settings: settings, before: board.unitsOffered(),
                    after: board.unitsOffered(changing: form.channel, to: settings))
            }
        default:
            break
        }
        state.channels.form = form
        return []
    }

    private static func confirmKey(_ key: Key, _ state: inout ConsoleState) -> [Effect] {
        guard let preview = state.channels.preview else { return [] }
        switch state.keyMap.command(for: key, in: .confirm) {
        case .confirm?:
            state.channels.preview = nil
            state.channels.form = nil
            let change = ProposedChange(.channelConfigured(name: preview.channel, settings: preview.settings))
            return [.append([change], summary: "Channel \(preview.channel): priority \(preview.settings.rule.priority), floor \(preview.settings.rule.floor), cap \(preview.settings.rule.cap?.description ?? "none")")]
        case .cancel?:
            state.channels.preview = nil
        default:
            break
        }
        return []
    }

    // MARK: - Text entry

    private static func lookupKey(_ key: Key, _ state: inout ConsoleState) -> [Effect] {
        guard var lookup = state.lookup else { return [] }
        let rows = LookupView.listRows(height: state.height)
        switch state.keyMap.command(for: key, in: .lookup) {
        case .back?:
            state.lookup = nil
            return []
        case .open?:
            if let row = lookup.selectedRow {
                state.detail = DetailState(sku: state.data.rows[row].code)
                state.lookup = nil
            }
            return []
        case .moveUp?: lookup.cursor.move(by: -1, count: lookup.results.count, visibleRows: rows)
        case .moveDown?: lookup.cursor.move(by: 1, count: lookup.results.count, visibleRows: rows)
        default:
            if key == .backspace {
                lookup.deleteBackward()
            } else if let character = key.typedCharacter {
                lookup.type(character)
            } else {
                return []
            }
            lookup.search(in: state.data)
        }
        state.lookup = lookup
        return []
    }

    private static func formKey(_ key: Key, _ state: inout ConsoleState) -> [Effect] {
        guard var form = state.detail?.form, !form.pending else { return [] }
        switch form.edit(key, command: state.keyMap.command(for: key, in: .form)) {
        case .cancel?:
            state.detail?.form = nil
            return []
        case .submit?:
            switch form.proposedChange() {
            case .failure(let problem):
                form.focus = problem.field
                form.error = problem.message
            case .success(var change):
                // Like `onepool receive`: units that arrive reduce what was expected (incoming).
                if case .received(let sku, let quantity, let reference, _) = change.change, let row = state.data.row(sku) {
                    change = ProposedChange(.received(sku: sku, quantity: quantity, reference: reference, fromIncoming: min(quantity, max(0, row.stock.incoming))))
                }
                form.pending = true
                state.detail?.form = form
                return [.append([change], summary: form.summary)]
            }
        default:
            break
        }
        state.detail?.form = form
        return []
    }

    private static func filterTextKey(_ key: Key, _ state: inout ConsoleState) -> [Effect] {
        switch key {
        case .enter:
            state.stock.editingText = false
        case .escape:
            state.stock.editingText = false
            state.stock.text = ""
        case .backspace:
            if !state.stock.text.isEmpty { state.stock.text.removeLast() }
        default:
            guard let character = key.typedCharacter else { return [] }
            state.stock.text.append(character)
        }
        state.stock.cursor = ListCursor()
        state.refreshDerived()
        return []
    }
}
