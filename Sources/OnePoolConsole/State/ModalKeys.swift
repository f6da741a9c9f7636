import OnePoolCore

/// What a key does while a modal is shown: each modal's reducer.
enum ModalKeys {
    static func handle(_ key: Key, command: Command?, modal: Modal, _ state: inout ConsoleState) -> [Effect] {
        switch modal {
        case .help(let scroll):
            state.modal = help(command, scroll: scroll, state)
        case .fullText(var text):
            switch command {
            case .back?: state.modal = nil
            case .moveUp?: text.scroll = max(0, text.scroll - 1)
            case .moveDown?: text.scroll += 1
            case .pageUp?: text.scroll = max(0, text.scroll - 10)
            case .pageDown?: text.scroll += 10
            default: break
            }
            if state.modal != nil { state.modal = .fullText(text) }
        case .lookup(let lookup):
            return self.lookup(key, command: command, lookup, &state)
        case .filter(var field):
            switch command {
            case .keepFilter?:
                state.modal = nil
            case .clearFilter?:
                state.modal = nil
                state.stock.setText("", state.paneContext)
            default:
                guard field.edit(key) != nil else { return [] }
                state.modal = .filter(field)
                state.stock.setText(field.text, state.paneContext)
            }
        case .stockForm(let form):
            return StockForm.handle(key, command: command, form, &state)
        case .ruleForm(let form):
            return ruleForm(key, command: command, form, &state)
        case .inspectForm(let form):
            return InspectForm.handle(key, command: command, form, &state)
        case .rulePreview(let preview, let form):
            switch command {
            case .confirm?:
                state.modal = nil
                let rule = preview.settings.rule
                let change = ProposedChange(.channelConfigured(name: preview.channel, settings: preview.settings))
                let summary =
                    "Channel \(preview.channel): priority \(rule.priority), floor \(rule.floor), cap \(rule.cap?.description ?? "none")"
                return [.append([change], summary: summary)]
            case .cancel?:
                state.modal = .ruleForm(form)
            default:
                break
            }
        case .prompt(let prompt):
            return self.prompt(key, command: command, prompt, &state)
        case .approval(let confirmation):
            switch command {
            case .confirm? where !confirmation.orders.isEmpty:
                state.modal = nil
                state.queue.chosen = []
                let changes = confirmation.orders.map {
                    ProposedChange(.purchasing(.approved(id: $0, approver: state.actor)))
                }
                let summary =
                    "Approved \(confirmation.orders.joined(separator: ", ")) (\(Format.money(confirmation.total))) as \(state.actor)"
                return [.append(changes, summary: summary)]
            case .cancel?:
                state.modal = nil
            default:
                break
            }
        case .confirmQuit(let underneath):
            switch command {
            case .confirm?: return [.quit(.interrupted)]
            case .cancel?: state.modal = underneath
            default: break
            }
        }
        return []
    }

    private static func help(_ command: Command?, scroll: Int, _ state: ConsoleState) -> Modal? {
        let most = HelpView.maxScroll(state)
        switch command {
        case .back?: return nil
        case .moveUp?: return .help(scroll: max(0, scroll - 1))
        case .moveDown?: return .help(scroll: min(most, scroll + 1))
        case .pageDown?: return .help(scroll: min(most, scroll + 10))
        case .pageUp?: return .help(scroll: max(0, scroll - 10))
        default: return .help(scroll: scroll)
        }
    }

    private static func lookup(_ key: Key, command: Command?, _ lookup: LookupState, _ state: inout ConsoleState)
        -> [Effect]
    {
        var lookup = lookup
        let rows = LookupView.listRows(width: state.width, height: state.height)
        switch command {
        case .back?:
            state.modal = nil
            return []
        case .open?:
            if let row = lookup.selectedRow { return [.follow(.openSKU(state.data.rows[row].code))] }
            return []
        case .moveUp?: lookup.cursor.move(by: -1, count: lookup.results.count, visibleRows: rows)
        case .moveDown?: lookup.cursor.move(by: 1, count: lookup.results.count, visibleRows: rows)
        default:
            switch lookup.edit(key) {
            case .changed?: lookup.search(in: state.data)
            case .moved?: break
            case nil: return []
            }
        }
        state.modal = .lookup(lookup)
        return []
    }

    private static func ruleForm(_ key: Key, command: Command?, _ form: RuleForm, _ state: inout ConsoleState)
        -> [Effect]
    {
        var form = form
        switch form.edit(key, command: command) {
        case .cancel?:
            state.modal = nil
            return []
        case .submit?:
            guard let current = state.data.channels.settings[form.channel] else { return [] }
            switch form.proposed(from: current) {
            case .failure(let problem):
                form.focus = problem.field
                form.error = problem.message
            case .success(let settings) where settings == current:
                state.modal = nil
                return [.follow(.status("No change to \(form.channel)", isError: false))]
            case .success(let settings):
                let board = state.data.channels
                let preview = RulePreview(
                    channel: form.channel, settings: settings, before: board.unitsOffered(),
                    after: board.unitsOffered(changing: form.channel, to: settings))
                state.modal = .rulePreview(preview, form: form)
                return []
            }
        default:
            break
        }
        state.modal = .ruleForm(form)
        return []
    }

    private static func prompt(_ key: Key, command: Command?, _ prompt: QueuePrompt, _ state: inout ConsoleState)
        -> [Effect]
    {
        var prompt = prompt
        switch command {
        case .cancel?:
            state.modal = nil
            return []
        case .submit?:
            let text = prompt.text.trimmingCharacters(in: " ")
            switch prompt.purpose {
            case .rejectReason(let id):
                guard !text.isEmpty else {
                    prompt.error = "a reason is required: it is recorded with the rejection"
                    state.modal = .prompt(prompt)
                    return []
                }
                state.modal = nil
                let change = ProposedChange(.purchasing(.rejected(id: id, approver: state.actor, reason: text)))
                return [.append([change], summary: "Rejected \(id): \(text)")]
            case .quantity(let id, let sku):
                guard let quantity = StockForm.parseQuantity(text, signed: false), quantity <= Bounds.eventUnits else {
                    prompt.error =
                        "'\(text)' is not a whole number of units from 0 (removes the line) to \(Format.count(Bounds.eventUnits))"
                    state.modal = .prompt(prompt)
                    return []
                }
                state.modal = nil
                let change = ProposedChange(.purchasing(.edited(id: id, sku: sku, quantity: quantity)))
                return [.append([change], summary: "\(id): \(sku) set to \(quantity)")]
            }
        default:
            if prompt.field.edit(key) == .changed { prompt.error = nil }
        }
        state.modal = .prompt(prompt)
        return []
    }
}
