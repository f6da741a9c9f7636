import OnePoolCore

/// Draws the whole console for a state: the only function the runtime calls to paint.
///
/// Pure: the same state gives the same screen, whatever the terminal or theme.
public enum ConsoleView {
    public static func render(_ state: ConsoleState) -> Screen {
        var screen = Screen(width: state.width, height: state.height)
        if state.isTooSmall {
            drawTooSmall(state, into: &screen)
        } else {
            drawConsole(state, into: &screen)
        }
        return state.charset == .ascii ? screen.foldedToASCII() : screen
    }

    private static func drawConsole(_ state: ConsoleState, into screen: inout Screen) {
        ChromeView.header(state, into: &screen)
        let body = Rect(x: 0, y: 2, width: state.width, height: state.height - 3)
        let context = ViewContext(state)
        if let detail = state.detail {
            ChromeView.tabs(state, title: "Esc back to \(state.pane.title.lowercased())", into: &screen)
            DetailView.draw(detail, context, in: body, into: &screen)
        } else {
            switch state.pane {
            case .briefing:
                ChromeView.tabs(state, title: BriefingPaneView.note(state.briefing, context), into: &screen)
                BriefingPaneView.draw(state.briefing, context, in: body, into: &screen)
            case .queue:
                ChromeView.tabs(state, title: QueuePaneView.note(state.queue, context), into: &screen)
                QueuePaneView.draw(state.queue, context, in: body, into: &screen)
            case .stock:
                var filterField: TextField? = nil
                if case .filter(let field) = state.modal { filterField = field }
                ChromeView.tabs(
                    state, title: StockPaneView.note(state.stock, filterField: filterField, context), into: &screen)
                StockPaneView.draw(state.stock, context, in: body, into: &screen)
            case .alerts:
                ChromeView.tabs(state, title: AlertsPaneView.note(state.alerts, context), into: &screen)
                AlertsPaneView.draw(state.alerts, context, in: body, into: &screen)
            case .activity:
                ChromeView.tabs(state, title: ActivityPaneView.note(state.activity, context), into: &screen)
                ActivityPaneView.draw(state.activity, context, in: body, into: &screen)
            case .channels:
                ChromeView.tabs(state, title: ChannelsPaneView.note(state.channels, context), into: &screen)
                ChannelsPaneView.draw(state.channels, context, in: body, into: &screen)
            }
        }
        ChromeView.footer(state, into: &screen)
        if let modal = state.modal { ModalView.draw(modal, state, context, body: body, into: &screen) }
    }

    private static func drawTooSmall(_ state: ConsoleState, into screen: inout Screen) {
        let lines = [
            "OnePool needs a terminal of at least \(ConsoleState.minimumWidth)×\(ConsoleState.minimumHeight).",
            "This one is \(state.width)×\(state.height): make it larger, or press q to quit.",
        ]
        let wrapped = lines.flatMap { TextWidth.wrap($0, to: max(1, screen.width)) }
        let top = max(0, (screen.height - wrapped.count) / 2)
        for (index, line) in wrapped.enumerated() {
            screen.put(
                line, x: max(0, (screen.width - TextWidth.of(line)) / 2), y: top + index,
                role: index == 0 ? .emphasis : .base)
        }
    }
}

/// Draws whatever modal stands in front of the panes.
enum ModalView {
    static func draw(
        _ modal: Modal, _ state: ConsoleState, _ context: ViewContext, body: Rect, into screen: inout Screen
    ) {
        switch modal {
        case .help(let scroll):
            HelpView.draw(scroll: scroll, state, into: &screen)
        case .lookup(let lookup):
            LookupView.draw(lookup, context, into: &screen)
        case .filter:
            break  // typed in the pane's title
        case .stockForm(let form):
            Dialog(
                title: "\(form.action.title) · \(form.sku)", lines: form.dialogLines(), footer: form.footer,
                footerRole: form.error == nil ? .muted : .inputError, minimumWidth: 60
            ).draw(in: body, into: &screen)
        case .ruleForm(let form):
            Dialog(
                title: "Channel rule · \(form.channel)", lines: form.dialogLines(),
                footer: form.error ?? "Enter show the effect · Tab next field · Esc cancel",
                footerRole: form.error == nil ? .muted : .inputError, minimumWidth: 60
            ).draw(in: body, into: &screen)
        case .inspectForm(let form):
            Dialog(
                title: "\(form.title) · \(form.sku)",
                lines: [
                    .text("\(Format.count(form.waiting)) unit(s) awaiting inspection; the oldest go first", .overlay),
                    .blank,
                ] + form.dialogLines(),
                footer: form.footer,
                footerRole: form.error == nil ? .muted : .inputError, minimumWidth: 60
            ).draw(in: body, into: &screen)
        case .rulePreview(let preview, _):
            previewDialog(preview, board: context.data.channels).draw(in: body, into: &screen)
        case .prompt(let prompt):
            Dialog(
                title: prompt.label, lines: [.input(prompt.field)],
                footer: prompt.error ?? "Enter save · Esc cancel",
                footerRole: prompt.error == nil ? .muted : .inputError,
                minimumWidth: 60
            ).draw(in: body, into: &screen)
        case .approval(let confirmation):
            approvalDialog(confirmation, actor: state.actor).draw(in: body, into: &screen)
        case .fullText(let text):
            FullTextView.draw(text, in: body, into: &screen)
        case .confirmQuit(let underneath):
            var lines: [Dialog.Line] = [.text("Something typed has not been saved:", .overlay)]
            if let unsaved = underneath.unsaved { lines.append(.text(unsaved, .emphasis)) }
            lines += [.blank, .text("Discard it and quit?", .overlay)]
            Dialog(title: "Quit?", lines: lines, footer: "y quit · n go back").draw(in: screen.bounds, into: &screen)
        }
    }

    private static func previewDialog(_ preview: RulePreview, board: ChannelBoard) -> Dialog {
        let rule = preview.settings.rule
        var lines: [Dialog.Line] = [
            .text(
                "priority \(rule.priority) · floor \(Format.count(rule.floor)) · cap \(rule.cap?.description ?? "none")",
                .overlay), .blank,
            .row(
                TextWidth.fit("Units offered", to: 16) + TextWidth.fit("now", to: 10, rightAligned: true)
                    + TextWidth.fit("after", to: 10, rightAligned: true)
                    + TextWidth.fit("change", to: 10, rightAligned: true), .label),
        ]
        for (index, name) in board.names.enumerated() {
            let before = preview.before[safe: index] ?? 0
            let after = preview.after[safe: index] ?? 0
            let change = after - before
            let line =
                TextWidth.fit(name.rawValue, to: 16) + TextWidth.fit(Format.count(before), to: 10, rightAligned: true)
                + TextWidth.fit(Format.count(after), to: 10, rightAligned: true)
                + TextWidth.fit(
                    change == 0 ? "—" : (change > 0 ? "+" : "") + Format.count(change), to: 10, rightAligned: true)
            lines.append(.row(line, name == preview.channel ? .emphasis : .overlay))
        }
        return Dialog(title: "Apply to \(preview.channel)?", lines: lines, footer: "y apply · n back to the form")
    }

    private static func approvalDialog(_ confirmation: ApprovalConfirmation, actor: UserName) -> Dialog {
        var lines: [Dialog.Line] = []
        if !confirmation.orders.isEmpty {
            lines.append(.text(confirmation.orders.joined(separator: ", "), .overlay))
            lines.append(
                .text(
                    "Total \(Format.money(confirmation.total)) · approving as \(actor.isEmpty ? "?" : actor)", .emphasis
                ))
            lines.append(.blank)
            if let before = confirmation.coverBefore, let after = confirmation.coverAfter {
                let from = Int(clampingDouble: before.rounded())
                let to = Int(clampingDouble: after.rounded())
                lines.append(.text("Days of cover of their SKUs: \(from) → \(to) (average, once delivered)", .overlay))
            } else {
                lines.append(.text("Days of cover: not known yet (forecasts are still being computed)", .overlay))
            }
        }
        if !confirmation.refused.isEmpty {
            if !lines.isEmpty { lines.append(.blank) }
            lines.append(.text(confirmation.orders.isEmpty ? "You cannot approve these:" : "Left out:", .alertWarning))
            for refused in confirmation.refused { lines.append(.text("\(refused.id): \(refused.reason)", .overlay)) }
        }
        let title = confirmation.orders.isEmpty ? "Nothing to approve" : "Approve \(confirmation.orders.count) PO(s)?"
        let footer = confirmation.orders.isEmpty ? "Esc close" : "y approve · n cancel"
        return Dialog(title: title, lines: lines, footer: footer)
    }
}

/// The whole of a text a view cut, wrapped in a box over the body; ↑↓ scroll.
enum FullTextView {
    static func draw(_ text: FullText, in area: Rect, into screen: inout Screen) {
        let width = max(10, min(area.width - 4, max(60, TextWidth.of(text.title) + 8)))
        let lines = TextWidth.wrap(text.text, to: width - 4)
        let rows = max(1, min(lines.count, area.height - 4))
        let start = max(0, min(text.scroll, lines.count - rows))
        let shown = Array(lines[start..<min(lines.count, start + rows)])
        let footer = lines.count > rows ? "↑↓ more · Esc close" : "Esc close"
        Dialog(title: text.title, lines: shown.map { .row($0, .overlay) }, footer: footer, minimumWidth: width)
            .draw(in: area, into: &screen)
    }
}
