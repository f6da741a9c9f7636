/// One labelled field of a form.
public struct FormField: Sendable, Equatable {
    public var label: String
    public var input: TextField
    public var hint: String
    public var required: Bool

    public init(label: String, value: String = "", hint: String, required: Bool) {
        self.label = label
        self.input = TextField(value)
        self.hint = hint
        self.required = required
    }

    public var value: String { input.text }
    /// The value without surrounding spaces.
    public var trimmed: String { String(value.trimmingCharacters(in: " ")) }
}

/// A small form of labelled text fields with one in focus: typing, Backspace and moving between
/// fields work the same in every form; what Enter does is each form's own.
public protocol FieldForm {
    var fields: [FormField] { get set }
    var focus: Int { get set }
    var error: String? { get set }
}

extension FieldForm {
    /// Applies a key that only edits the form; returns `.cancel` or `.submit` for the caller to
    /// carry out, nil when the key was handled here (or means nothing in a form).
    mutating func edit(_ key: Key, command: Command?) -> Command? {
        switch command {
        case .cancel?, .submit?: return command
        case .nextField?: focus = (focus + 1) % fields.count
        case .previousField?: focus = (focus + fields.count - 1) % fields.count
        default:
            if fields[focus].input.edit(key) == .changed { error = nil }
        }
        return nil
    }

    /// Something was typed: quitting now would lose it.
    public var isHalfFilled: Bool { fields.contains { $0.input.isEdited } }

    /// What was typed, field by field, for a notice when it is discarded.
    var typed: String {
        fields.filter { !$0.value.isEmpty }.map { "\($0.label) \($0.value)" }.joined(separator: ", ")
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text = text.dropFirst() }
        while text.last == set { text = text.dropLast() }
        return String(text)
    }
}
