import OnePoolConsole
import OnePoolCore
import Testing

/// One Modal: the key scope, the footer and the quit question all come from it.
@Suite struct ModalTests {
    private func footer(_ state: ConsoleState) -> String {
        state.keyMap.footer(for: state.scope).map { "\($0.key) \($0.label)" }.joined(separator: "  ")
    }

    @Test func typingAFilterNeitherOffersNorQuitsWithQ() {
        var state = ConsoleFixture.state(width: 120, height: 40)
        _ = press([.char("f")], on: &state)
        #expect(state.scope == .filter)
        #expect(!footer(state).contains("q quit"))
        #expect(footer(state).contains("Enter keep") && footer(state).contains("Esc clear"))
        #expect(press(typed("q"), on: &state).isEmpty)
        #expect(state.stock.text == "q")
        _ = press([.backspace] + typed("mug") + [.enter], on: &state)
        #expect(state.modal == nil && state.stock.text == "mug")
        #expect(footer(state).contains("q quit"))
        _ = press([.char("f"), .escape], on: &state)
        #expect(state.stock.text.isEmpty)
    }

    /// Every form and prompt asks before Ctrl-C throws away what was typed; nothing typed, no
    /// question. (The rule form and the quantity prompt open filled in: editing them counts.)
    @Test func ctrlCAsksOverEveryHalfFilledFormAndPrompt() {
        let openers: [(String, [Key])] = [
            ("stock form", [.char("/")] + typed("LAMP") + [.enter, .char("c")] + typed("3")),
            ("rule form", [.char("5"), .char("e"), .backspace] + typed("7")),
            (
                "rule preview",
                [.char("5"), .down, .down, .char("e"), .tab, .tab, .backspace, .backspace, .backspace] + typed("50%")
                    + [.enter]
            ),
            ("reject prompt", [.char("6"), .char("x")] + typed("late")),
            ("quantity prompt", [.char("6"), .enter, .char("e"), .backspace] + typed("9")),
        ]
        for (name, keys) in openers {
            var state = ConsoleFixture.state(width: 120, height: 40)
            _ = press(keys, on: &state)
            #expect(state.modal?.isHalfFilled == true, "\(name)")
            #expect(press([.control("c")], on: &state).isEmpty, "\(name): quit without asking")
            #expect(state.isConfirmingQuit, "\(name)")
            #expect(state.scope == .quit)
            _ = press([.char("n")], on: &state)
            #expect(state.modal?.isHalfFilled == true, "\(name): n did not go back to the form")
            #expect(press([.control("c"), .char("y")], on: &state) == [.quit(.interrupted)], "\(name)")
            // Ctrl-C twice: the second is the answer.
            var again = ConsoleFixture.state(width: 120, height: 40)
            _ = press(keys, on: &again)
            #expect(press([.control("c"), .control("c")], on: &again) == [.quit(.interrupted)], "\(name)")
        }
        var untouched = ConsoleFixture.state(width: 120, height: 40)
        _ = press([.char("5"), .char("e")], on: &untouched)
        #expect(untouched.ruleForm != nil)
        #expect(press([.control("c")], on: &untouched) == [.quit(.interrupted)], "an untouched form asks nothing")
    }

    @Test func ctrlZAndCtrlLWorkEvenWhileTyping() {
        var state = ConsoleFixture.state(width: 120, height: 40)
        _ = press([.char("/")] + typed("mu"), on: &state)
        #expect(press([.control("z")], on: &state) == [.suspend])
        #expect(press([.control("l")], on: &state) == [.redraw])
        #expect(state.lookup?.query == "mu")
    }

    @Test func theFooterAlwaysComesFromTheScopeInFront() {
        var state = ConsoleFixture.state(width: 120, height: 40)
        _ = press([.char("6"), .char("a")], on: &state)
        #expect(state.scope == .confirm)
        #expect(footer(state).hasPrefix("y yes  n cancel"))
        _ = press([.escape, .char("?")], on: &state)
        #expect(state.scope == .help)
        #expect(footer(state).hasPrefix("Esc back"))
    }

    @Test func vShowsTheWholeTextOfWhatWasCutAndMTheMessages() {
        var state = ConsoleFixture.state(width: 80, height: 24)
        _ = press([.char("3"), .char("v")], on: &state)
        guard case .fullText(let text)? = state.modal else {
            Issue.record("v did not open the whole text")
            return
        }
        #expect(text.text.contains(state.alerts.alerts[0].reason))
        _ = press([.escape, .char("2"), .char("s")], on: &state)
        _ = press([.char("m")], on: &state)
        if case .fullText(let messages)? = state.modal {
            #expect(messages.text.contains("Sorted by Title"))
        } else {
            Issue.record("m did not show the messages")
        }
    }
}
