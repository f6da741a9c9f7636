/// What stands in front of the panes: at most one overlay or question at a time.
///
/// The key scope, the footer and whether quitting must ask first all derive from this one
/// value, so they cannot disagree (a footer offering `q quit` while `q` types a "q").
public indirect enum Modal: Sendable {
    /// Every key, scrolled to a line.
    case help(scroll: Int)
    case lookup(LookupState)
    /// An action form on the SKU detail (receive, count, adjust, hold, release).
    case stockForm(StockForm)
    case ruleForm(RuleForm)
    /// Restock or write off returned units of a RETURNS alert's SKU (how many, and why).
    case inspectForm(InspectForm)
    /// A valid rule edit waiting for y/n; the form comes back on n.
    case rulePreview(RulePreview, form: RuleForm)
    /// A question in the approval queue: a rejection reason or a new quantity.
    case prompt(QueuePrompt)
    case approval(ApprovalConfirmation)
    /// The stock pool's text filter, being typed.
    case filter(TextField)
    /// The whole of a text that was cut on screen.
    case fullText(FullText)
    /// "Discard it and quit?", over a half-filled form it goes back to on n.
    case confirmQuit(returningTo: Modal)

    /// Where keys are interpreted while this is shown.
    public var scope: KeyScope {
        switch self {
        case .help: .help
        case .lookup: .lookup
        case .stockForm, .ruleForm, .inspectForm, .prompt: .form
        case .rulePreview, .approval: .confirm
        case .filter: .filter
        case .fullText: .fullText
        case .confirmQuit: .quit
        }
    }

    /// Whether quitting now would throw away something typed (or a change not yet applied).
    public var isHalfFilled: Bool {
        switch self {
        case .stockForm(let form): form.isHalfFilled
        case .ruleForm(let form): form.isHalfFilled
        case .inspectForm(let form): form.isHalfFilled
        case .rulePreview: true
        case .prompt(let prompt): prompt.field.isEdited
        case .confirmQuit(let underneath): underneath.isHalfFilled
        case .help, .lookup, .approval, .filter, .fullText: false
        }
    }

    /// One line saying what was typed and not saved (printed when a signal ends the console).
    public var unsaved: String? {
        guard isHalfFilled else { return nil }
        switch self {
        case .stockForm(let form): return "\(form.action.title) · \(form.sku): " + form.typed
        case .ruleForm(let form), .rulePreview(_, let form): return "Channel rule · \(form.channel): " + form.typed
        case .inspectForm(let form): return "\(form.title) · \(form.sku): " + form.typed
        case .prompt(let prompt): return "\(prompt.label): \(prompt.field.text)"
        case .confirmQuit(let underneath): return underneath.unsaved
        case .help, .lookup, .approval, .filter, .fullText: return nil
        }
    }
}

/// A text shown whole in a scrolling box, because a view had to cut it.
public struct FullText: Sendable, Equatable {
    public var title: String
    public var text: String
    public var scroll = 0

    public init(title: String, text: String) {
        self.title = title
        self.text = text
    }
}
