import OnePoolCore

/// What every view may read besides its own pane's state.
struct ViewContext {
    var data: ConsoleData
    var actor: UserName
    var dateText: String
    var charset: Charset

    init(_ state: ConsoleState) {
        data = state.data
        actor = state.actor
        dateText = state.dateText
        charset = state.charset
    }
}
