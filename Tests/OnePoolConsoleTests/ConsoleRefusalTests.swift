import OnePoolCore
import Testing

@testable import OnePoolConsole

/// The console's words for Core's refusals: its own keys where it can act, a shell command
/// where it cannot, and never a bare command-line flag as if the console took flags.
@Suite struct ConsoleRefusalTests {
    @Test func theConsoleNamesItsKeyOrAShellCommand() {
        let zero = Refusal.wouldZeroNewChannel(
            channel: "ebay", listings: 3, starved: 2, ahead: ["shopify"], examples: ["A", "B"])
        #expect(zero.consoleText().contains("Channels pane: e on ebay sets its floor"))
        #expect(Refusal.unknownSKU("X1").consoleText().contains("add it from a shell: onepool sku add X1"))
        #expect(Refusal.missingReason.consoleText().hasSuffix(": type one in the reason field"))
        #expect(!Refusal.missingReason.consoleText().contains("--reason"))
        #expect(IntentRefusal.refused(.unknownSKU("X1")).consoleText() == Refusal.unknownSKU("X1").consoleText())
    }

    @Test func theKeyComesFromTheKeyMap() {
        let keys = KeyMap(bindings: [.channels: [KeyMap.Binding(key: .char("E"), command: .editRule, footer: true)]])
        let zero = Refusal.wouldZeroNewChannel(channel: "ebay", listings: 1, starved: 0, ahead: [], examples: ["A"])
        #expect(zero.consoleText(keys: keys).contains("Channels pane: E on ebay"))
    }
}
