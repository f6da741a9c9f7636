import OnePoolConsole

/// Key presses through the one `send`, for reducer tests.
func press(_ keys: [Key], on state: inout ConsoleState) -> [Effect] {
    keys.flatMap { ConsoleProgram.send(&state, .keyPressed($0)) }
}

func typed(_ text: String) -> [Key] { text.map { Key.character($0) } }
