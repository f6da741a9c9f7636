/// A small form of labelled text fields with one in focus: typing, Backspace and moving between
/// fields work the same in every form; what Enter does is each form's own.
public protocol FieldForm {
    var fields: [FormState.Field] { get set }
    var focus: Int { get set }
    var error: String? { get set }
}

extension FieldForm {
    public mutating func type(_ character: Character) {
        fields[focus].value.append(character)
        error = nil
    }

    public mutating func deleteBackward() {
        if !fields[focus].value.isEmpty { fields[focus].value.removeLast() }
        error = nil
    }

    /// Applies a key that only edits the form; returns `.cancel` or `.submit` for the caller to
    /// carry out, nil when the key was handled here.
    mutating func edit(_ key: Key, command: Command?) -> Command? {
        switch command {
        case .cancel?, .submit?: return command
        case .nextField?: focus = (focus + 1) % fields.count
        case .previousField?: focus = (focus + fields.count - 1) % fields.count
        default:
            if key == .backspace {
                deleteBackward()
            } else if let character = key.typedCharacter {
                type(character)
            }
        }
        return nil
    }
}
