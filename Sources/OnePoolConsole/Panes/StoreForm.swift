import OnePoolCore

/// A form whose Enter sends a change to the store and waits for the answer: the one step the
/// stock form and the inspect form share. While the change is pending the form stays open and
/// keys wait ("Saving…"); a commit closes it; a refusal (the store checks again under its lock,
/// and another process may have changed the stock meanwhile) comes back into it as its error,
/// with what was typed kept. What each form sends, and how it reads its fields, is its own.
protocol StoreForm: FieldForm {
    /// Sent to the store and not yet answered.
    var pending: Bool { get set }
    /// The form as the modal that shows it.
    var modal: Modal { get }
    /// What Enter sends to the runtime, or the field that does not hold what it asks for.
    func submission() -> Result<Effect, FormError>
    /// Core's refusal of a submitted intent, in the form's words, on the field to blame.
    func explain(_ refusal: IntentRefusal) -> FormError
}

extension StoreForm {
    /// Forms that send changes rather than intents never see an intent refusal; should one come,
    /// it is shown as Core says it, on the field in focus.
    func explain(_ refusal: IntentRefusal) -> FormError {
        FormError(field: focus, message: refusal.consoleText())
    }

    /// The dialog's last line: saving, what is wrong, or the keys.
    var footer: String { pending ? "Saving…" : error ?? "Enter save · Tab next field · Esc cancel" }

    /// A key while the form is shown: edits, Esc closes, Enter submits and leaves it pending
    /// (keys then wait for the store's answer).
    static func handle(_ key: Key, command: Command?, _ form: Self, _ state: inout ConsoleState) -> [Effect] {
        var form = form
        guard !form.pending else { return [] }
        switch form.edit(key, command: command) {
        case .cancel?:
            state.modal = nil
            return []
        case .submit?:
            switch form.submission() {
            case .failure(let problem):
                form.show(problem)
            case .success(let effect):
                form.pending = true
                form.error = nil
                state.modal = form.modal
                return [effect]
            }
        default:
            break
        }
        state.modal = form.modal
        return []
    }

    /// Points at the field to blame and says what is wrong with it; the form is open for edits.
    mutating func show(_ problem: FormError) {
        pending = false
        focus = problem.field
        error = problem.message
    }
}

extension Modal {
    /// The form waiting for the store's answer, if that is what is shown.
    var pendingForm: (any StoreForm)? {
        switch self {
        case .stockForm(let form) where form.pending: form
        case .inspectForm(let form) where form.pending: form
        default: nil
        }
    }
}

extension ConsoleState {
    /// The store took the change: a form waiting for it closes.
    mutating func closePendingForm() {
        if modal?.pendingForm != nil { modal = nil }
    }

    /// The store refused: the refusal goes into the form waiting for it, with what was typed
    /// kept. False when no form waits (the caller says it on the status line instead).
    mutating func returnToPendingForm(_ problem: (any StoreForm) -> FormError) -> Bool {
        guard var form = modal?.pendingForm else { return false }
        form.show(problem(form))
        modal = form.modal
        return true
    }
}
