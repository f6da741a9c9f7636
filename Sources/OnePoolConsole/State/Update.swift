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
        case .forecastsComputed(let summaries):
            state.data.installForecasts(summaries)
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
            return state.channels.form != nil && state.detail == nil ? ruleFormKey(key, &state) : formKey(key, &state)
        case .confirm:
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
        case .showStock: switchPane(to: .stock, &state)
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
            if let code = selectedSKU(in: state) { state.detail = DetailState(sku: code) }
        case .back:
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
    }

    private static func moveCursor(_ state: inout ConsoleState, _ move: (inout ListCursor, Int) -> Void) {
        switch state.pane {
        case .stock: move(&state.stock.cursor, state.stock.visible.count)
        case .alerts: move(&state.alerts.cursor, state.alerts.alerts.count)
        case .activity: move(&state.activity.cursor, state.activity.items.count)
        case .channels: move(&state.channels.cursor, state.channels.order.count)
        }
    }

    private static func selectedSKU(in state: ConsoleState) -> String? {
        switch state.pane {
        case .stock: state.stock.selectedCode(in: state.data)
        case .alerts: state.alerts.selected?.sku
        case .activity: state.activity.selected?.sku
        case .channels: nil
        }
    }

    private static func openForm(_ action: FormState.Action, _ state: inout ConsoleState) {
        guard let sku = state.detail?.sku else { return }
        state.detail?.form = FormState(action: action, sku: sku)
    }

    // MARK: - Channel rules

    private static func openRuleForm(_ state: inout ConsoleState) {
        guard let name = state.channels.selected, let settings = state.data.channels.settings[name] else { return }
        state.channels.form = RuleForm(channel: name, settings: settings)
    }

    private static func ruleFormKey(_ key: Key, _ state: inout ConsoleState) -> [Effect] {
        guard var form = state.channels.form else { return [] }
        switch state.keyMap.command(for: key, in: .form) {
        case .cancel?:
            state.channels.form = nil
            return []
        case .nextField?: form.focus = (form.focus + 1) % form.fields.count
        case .previousField?: form.focus = (form.focus + form.fields.count - 1) % form.fields.count
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
                    channel: form.channel, settings: settings, before: board.unitsOffered(rows: state.data.rows),
                    after: board.unitsOffered(rows: state.data.rows, changing: form.channel, to: settings))
            }
        default:
            if key == .backspace {
                form.deleteBackward()
            } else if let character = key.typedCharacter {
                form.type(character)
            }
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
        switch state.keyMap.command(for: key, in: .form) {
        case .cancel?:
            state.detail?.form = nil
            return []
        case .nextField?: form.focus = (form.focus + 1) % form.fields.count
        case .previousField?: form.focus = (form.focus + form.fields.count - 1) % form.fields.count
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
            if key == .backspace {
                form.deleteBackward()
            } else if let character = key.typedCharacter {
                form.type(character)
            }
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
