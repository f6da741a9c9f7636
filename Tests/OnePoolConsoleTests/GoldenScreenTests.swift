import Foundation
import OnePoolConsole
import OnePoolConsoleRuntime
import OnePoolCore
import Testing

/// Every pane at 80×24 and 120×40: the text, the roles, the text an ASCII-only terminal gets,
/// and (at 80×24) the styles an 8-colour terminal draws with the default theme. Re-record with
/// ONEPOOL_RECORD_GOLDENS=1 (the recording run fails; review with git diff and run again).
@Suite struct GoldenScreenTests {
    static let sizes = [(80, 24), (120, 40)]

    static let defaultTheme: Theme = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Themes/default.yaml").path
        return (try? ThemeLoader.load(file: file)) ?? Theme.builtIn
    }()

    private func screens(
        _ name: String, keys: [Key], roles: Bool = true, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for (width, height) in Self.sizes {
            for charset in [Charset.unicode, .ascii] {
                var state = ConsoleFixture.state(width: width, height: height)
                state.charset = charset
                for key in keys { _ = ConsoleProgram.send(&state, .keyPressed(key)) }
                let screen = ConsoleView.render(state)
                if charset == .ascii {
                    Golden.compare(
                        screen.textDump(), file: "\(name)-ascii-\(width)x\(height).txt", sourceLocation: sourceLocation)
                    continue
                }
                Golden.check(screen, named: "\(name)-\(width)x\(height)", roles: roles, sourceLocation: sourceLocation)
                if width == 80 {
                    Golden.compare(
                        Golden.styleDump(screen, theme: Self.defaultTheme, colors: 8),
                        file: "\(name)-8colours-80x24.txt",
                        sourceLocation: sourceLocation)
                }
            }
        }
    }

    private static func typed(_ text: String) -> [Key] { text.map { Key.character($0) } }

    @Test func stockPool() { screens("stock", keys: [.char("2")]) }
    @Test func stockPoolSortedByAvailableOversoldOnly() {
        screens(
            "stock-oversold",
            keys: [.char("2"), .char("o"), .char("s"), .char("s"), .char("s"), .char("s"), .char("s"), .char("s")])
    }
    @Test func stockPoolTextFilter() { screens("stock-filter", keys: [.char("2"), .char("f")] + Self.typed("mug")) }
    @Test func alerts() { screens("alerts", keys: [.char("3")]) }
    @Test func alertWholeText() {
        screens("alert-whole", keys: [.char("3"), .char("j"), .char("j"), .char("v")], roles: false)
    }
    @Test func activity() { screens("activity", keys: [.char("4")]) }
    @Test func channels() { screens("channels", keys: [.char("5")]) }
    /// Amazon's live sync whole (its failure message is cut in the pane).
    @Test func channelSyncWhole() {
        screens("channel-sync-whole", keys: [.char("5"), .down, .down, .char("v")], roles: false)
    }
    @Test func channelRulePreview() {
        screens(
            "channel-preview",
            keys: [.char("5"), .down, .down, .char("e"), .tab, .tab, .backspace, .backspace, .backspace]
                + Self.typed("50%") + [.enter])
    }
    @Test func lookup() { screens("lookup", keys: [.char("/")] + Self.typed("sen")) }
    @Test func detail() { screens("detail", keys: [.char("/")] + Self.typed("MUG-BLUE") + [.enter]) }
    @Test func receiveFormWithAnError() {
        screens(
            "form-error", keys: [.char("/")] + Self.typed("TEA") + [.enter, .char("r")] + Self.typed("5x") + [.enter])
    }
    @Test func briefing() { screens("briefing", keys: [.char("1")]) }
    @Test func approvalQueue() { screens("queue", keys: [.char("6")]) }
    @Test func approvalQueueOpenPO() { screens("queue-po", keys: [.char("6"), .enter]) }
    @Test func approvalConfirmation() {
        screens("queue-confirm", keys: [.char("6"), .char(" "), .char(" "), .char("a")], roles: false)
    }
    @Test func rejectPrompt() {
        screens("queue-reject", keys: [.char("6"), .char("x")] + Self.typed("prices went up"), roles: false)
    }
    @Test func help() { screens("help", keys: [.char("?")], roles: false) }
    @Test func helpScrolledToTheApprovalKeys() {
        screens("help-approvals", keys: [.char("?")] + Array(repeating: Key.pageDown, count: 4), roles: false)
    }
    @Test func confirmQuitWithAHalfFilledForm() {
        screens(
            "confirm-quit",
            keys: [.char("/")] + Self.typed("LAMP") + [.enter, .char("c")] + Self.typed("3") + [.control("c")],
            roles: false)
    }

    @Test func tooSmallTerminalSaysSo() {
        var state = ConsoleFixture.state(width: 60, height: 20)
        _ = ConsoleProgram.send(&state, .resized(width: 60, height: 20))
        Golden.check(ConsoleView.render(state), named: "too-small-60x20", roles: false)
    }
}
