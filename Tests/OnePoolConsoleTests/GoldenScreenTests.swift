import OnePoolConsole
import OnePoolCore
import Testing

/// Every pane at 80×24 and 120×40, as text and as roles. Re-record with ONEPOOL_RECORD_GOLDENS=1.
@Suite struct GoldenScreenTests {
    static let sizes = [(80, 24), (120, 40)]

    private func screens(_ name: String, keys: [Key], roles: Bool = true) {
        for (width, height) in Self.sizes {
            var state = ConsoleFixture.state(width: width, height: height)
            for key in keys { _ = ConsoleProgram.send(&state, .keyPressed(key)) }
            Golden.check(ConsoleView.render(state), named: "\(name)-\(width)x\(height)", roles: roles)
        }
    }

    private static func typed(_ text: String) -> [Key] { text.map { Key.character($0) } }

    @Test func stockPool() { screens("stock", keys: []) }
    @Test func stockPoolSortedByAvailableOversoldOnly() { screens("stock-oversold", keys: [.char("o"), .char("s"), .char("s"), .char("s"), .char("s"), .char("s"), .char("s")]) }
    @Test func stockPoolTextFilter() { screens("stock-filter", keys: [.char("f")] + Self.typed("mug")) }
    @Test func alerts() { screens("alerts", keys: [.char("3")]) }
    @Test func activity() { screens("activity", keys: [.char("4")]) }
    @Test func channels() { screens("channels", keys: [.char("5")]) }
    @Test func channelRulePreview() {
        screens("channel-preview", keys: [.char("5"), .down, .down, .char("e"), .tab, .tab, .backspace, .backspace, .backspace] + Self.typed("50%") + [.enter])
    }
    @Test func lookup() { screens("lookup", keys: [.char("/")] + Self.typed("sen")) }
    @Test func detail() { screens("detail", keys: [.char("/")] + Self.typed("MUG-BLUE") + [.enter]) }
    @Test func receiveFormWithAnError() {
        screens("form-error", keys: [.char("/")] + Self.typed("TEA") + [.enter, .char("r")] + Self.typed("5x") + [.enter])
    }
    @Test func briefing() { screens("briefing", keys: [.char("1")]) }
    @Test func approvalQueue() { screens("queue", keys: [.char("6")]) }
    @Test func approvalQueueOpenPO() { screens("queue-po", keys: [.char("6"), .enter]) }
    @Test func approvalConfirmation() { screens("queue-confirm", keys: [.char("6"), .char(" "), .char("a")], roles: false) }
    @Test func help() { screens("help", keys: [.char("?")], roles: false) }
    @Test func confirmQuitWithAHalfFilledForm() {
        screens("confirm-quit", keys: [.char("/")] + Self.typed("LAMP") + [.enter, .char("c")] + Self.typed("3") + [.control("c")], roles: false)
    }

    @Test func tooSmallTerminalSaysSo() {
        var state = ConsoleFixture.state(width: 60, height: 20)
        _ = ConsoleProgram.send(&state, .resized(width: 60, height: 20))
        Golden.check(ConsoleView.render(state), named: "too-small-60x20", roles: false)
    }
}
