/// Draws the whole console for a state: the only function the runtime calls to paint.
///
/// Pure: the same state gives the same screen, whatever the terminal or theme.
public enum ConsoleView {
    public static func render(_ state: ConsoleState) -> Screen {
        var screen = Screen(width: state.width, height: state.height)
        guard !state.isTooSmall else {
            drawTooSmall(state, into: &screen)
            return screen
        }
        ChromeView.header(state, into: &screen)
        let body = Rect(x: 0, y: 2, width: state.width, height: state.height - 3)
        if let detail = state.detail {
            ChromeView.tabs(state, note: "Esc back to \(state.pane.title.lowercased())", into: &screen)
            DetailView.draw(state, detail: detail, in: body, into: &screen)
        } else {
            switch state.pane {
            case .briefing:
                ChromeView.tabs(state, note: BriefingPaneView.note(state), into: &screen)
                BriefingPaneView.draw(state, in: body, into: &screen)
            case .queue:
                ChromeView.tabs(state, note: QueuePaneView.note(state), into: &screen)
                QueuePaneView.draw(state, in: body, into: &screen)
            case .stock:
                ChromeView.tabs(state, note: StockPaneView.note(state), into: &screen)
                StockPaneView.draw(state, in: body, into: &screen)
            case .alerts:
                ChromeView.tabs(state, note: AlertsPaneView.note(state), into: &screen)
                AlertsPaneView.draw(state, in: body, into: &screen)
            case .activity:
                ChromeView.tabs(state, note: ActivityPaneView.note(state), into: &screen)
                ActivityPaneView.draw(state, in: body, into: &screen)
            case .channels:
                ChromeView.tabs(state, note: ChannelsPaneView.note(state), into: &screen)
                ChannelsPaneView.draw(state, in: body, into: &screen)
            }
        }
        ChromeView.footer(state, into: &screen)
        if let lookup = state.lookup { LookupView.draw(state, lookup: lookup, into: &screen) }
        if state.helpVisible { HelpView.draw(state, into: &screen) }
        if state.confirmingQuit { drawConfirmQuit(into: &screen) }
        return screen
    }

    private static func drawTooSmall(_ state: ConsoleState, into screen: inout Screen) {
        let lines = [
            "OnePool needs a terminal of at least \(ConsoleState.minimumWidth)×\(ConsoleState.minimumHeight).",
            "This one is \(state.width)×\(state.height): make it larger, or press q to quit.",
        ]
        for (index, line) in lines.enumerated() {
            let text = TextWidth.truncate(line, to: screen.width)
            screen.put(text, x: max(0, (screen.width - TextWidth.of(text)) / 2), y: screen.height / 2 - 1 + index, role: index == 0 ? .emphasis : .base)
        }
    }

    private static func drawConfirmQuit(into screen: inout Screen) {
        let width = 52
        let box = Rect(x: (screen.width - width) / 2, y: screen.height / 2 - 2, width: width, height: 5)
        screen.fill(box, role: .overlay)
        screen.frame(box, role: .overlayBorder, title: "Quit?", titleRole: .overlayTitle)
        screen.put("The form is half filled. Discard it and quit? y/n", x: box.x + 2, y: box.y + 2, role: .overlay, limit: width - 4)
    }
}
