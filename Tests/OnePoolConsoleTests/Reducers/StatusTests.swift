import OnePoolConsole
import Testing

/// A message in the footer goes at the next key, or after a few seconds without one.
@Suite struct StatusTests {
    @Test func aMessageClearsAtTheNextKeyOrWhenItsTimeIsUp() {
        var state = ConsoleFixture.state(width: 120, height: 40)
        _ = ConsoleProgram.send(&state, .clockTicked(today: ConsoleFixture.today, text: "x", monotonic: 100))
        _ = ConsoleProgram.send(&state, .changeRefused(reason: "wanted 500, free stock is 20"))
        #expect(state.status?.isError == true)
        _ = ConsoleProgram.send(&state, .clockTicked(today: ConsoleFixture.today, text: "x", monotonic: 105))
        #expect(state.status != nil)
        _ = ConsoleProgram.send(&state, .clockTicked(today: ConsoleFixture.today, text: "x", monotonic: 111))
        #expect(state.status == nil, "an error stays ten seconds")
        _ = ConsoleProgram.send(&state, .changeCommitted(summary: "Received 5 × BSK-S"))
        _ = press([.char("j")], on: &state)
        #expect(state.status == nil, "the next key clears it")
        #expect(state.messages.map(\.text) == ["Received 5 × BSK-S", "wanted 500, free stock is 20"])
    }

    @Test func aMessageTooLongForTheFooterIsCutAndStaysWholeForM() {
        var state = ConsoleFixture.state(width: 80, height: 24)
        let long =
            "/home/ana/.config/onepool/themes/midnight.yaml:14: roles.text.muted.fg: 'grey50' is not a colour: expected default"
        _ = ConsoleProgram.send(&state, .themeFailed(problem: long))
        let footer = ConsoleView.render(state).textDump().split(separator: "\n").last.map(String.init) ?? ""
        #expect(footer.contains("… (m)"), "\(footer)")
        _ = press([.char("m")], on: &state)
        #expect(ConsoleView.render(state).textDump().contains("'grey50' is not a"))
    }
}
