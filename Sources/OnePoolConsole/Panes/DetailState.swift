import OnePoolCore

/// The SKU detail view, opened from any pane, with an optional action form on top.
public struct DetailState: Sendable {
    public var sku: String
    public var form: FormState? = nil

    public init(sku: String) { self.sku = sku }
}

/// A small form for one stock action. Fields are validated in place: a bad quantity says why
/// next to the field, and nothing is appended until every field is valid.
public struct FormState: FieldForm, Sendable {
    public enum Action: String, CaseIterable, Sendable {
        case receive, count, adjust, hold, release

        public var title: String {
            switch self {
            case .receive: "Receive units"
            case .count: "Record a count"
            case .adjust: "Adjust on hand"
            case .hold: "Hold units"
            case .release: "Release held units"
            }
        }
    }

    public struct Field: Sendable {
        public var label: String
        public var value: String = ""
        public var hint: String
        public var required: Bool
    }

    public let action: Action
    public let sku: String
    public var fields: [Field]
    public var focus = 0
    public var error: String? = nil
    /// Submitted; waiting for the journal to accept or refuse it.
    public var pending = false

    public init(action: Action, sku: String) {
        self.action = action
        self.sku = sku
        switch action {
        case .receive:
            fields = [
                Field(label: "Quantity", hint: "units that arrived", required: true),
                Field(label: "Reference", hint: "delivery or PO (optional)", required: false),
            ]
        case .count:
            fields = [
                Field(label: "Counted", hint: "units on the shelf", required: true),
                Field(label: "Reason", hint: "e.g. cycle count", required: true),
            ]
        case .adjust:
            fields = [
                Field(label: "Change", hint: "e.g. -2 or +5", required: true),
                Field(label: "Reason", hint: "why", required: true),
            ]
        case .hold:
            fields = [
                Field(label: "Quantity", hint: "units to set aside", required: true),
                Field(label: "Reason", hint: "the commitment", required: true),
            ]
        case .release:
            fields = [Field(label: "Quantity", hint: "held units to release", required: true)]
        }
    }

    /// Whether quitting now would throw away typing.
    public var isHalfFilled: Bool { fields.contains { !$0.value.isEmpty } }

    /// The change to append, or why not (naming the field).
    public func proposedChange() -> Result<ProposedChange, FormError> {
        let quantityText = fields[0].value.trimmingCharacters(in: " ")
        let signed = action == .adjust
        guard let quantity = Self.parseQuantity(quantityText, signed: signed) else {
            let expected = signed ? "a whole number such as -2 or +5" : "a whole number above 0"
            return .failure(FormError(field: 0, message: quantityText.isEmpty
                ? "\(fields[0].label) is required" : "'\(quantityText)' is not \(expected)"))
        }
        if !signed && action != .count && quantity <= 0 {
            return .failure(FormError(field: 0, message: "\(fields[0].label) must be above 0"))
        }
        if action == .count && quantity < 0 {
            return .failure(FormError(field: 0, message: "a count cannot be negative"))
        }
        if signed && quantity == 0 { return .failure(FormError(field: 0, message: "a change of 0 changes nothing")) }
        let second = fields.count > 1 ? fields[1].value.trimmingCharacters(in: " ") : ""
        if fields.count > 1 && fields[1].required && second.isEmpty {
            return .failure(FormError(field: 1, message: "\(fields[1].label) is required: every stock change is audited"))
        }
        let change: Change
        switch action {
        case .receive: change = .received(sku: sku, quantity: quantity, reference: second.isEmpty ? nil : second, fromIncoming: 0)
        case .count: change = .counted(sku: sku, quantity: quantity, reason: second)
        case .adjust: change = .adjusted(sku: sku, delta: quantity, reason: second)
        case .hold: change = .held(sku: sku, quantity: quantity, reason: second)
        case .release: change = .released(sku: sku, quantity: quantity, reason: nil)
        }
        return .success(ProposedChange(change))
    }

    public var summary: String {
        let quantity = fields[0].value.trimmingCharacters(in: " ")
        switch action {
        case .receive: return "Received \(quantity) × \(sku)"
        case .count: return "Counted \(sku): \(quantity) on hand"
        case .adjust: return "Adjusted \(sku) by \(quantity)"
        case .hold: return "Held \(quantity) × \(sku)"
        case .release: return "Released \(quantity) × \(sku)"
        }
    }

    static func parseQuantity(_ text: String, signed: Bool) -> Int? {
        guard !text.isEmpty else { return nil }
        if signed {
            if text.hasPrefix("+") { return Int(text.dropFirst()) }
            return Int(text)
        }
        guard text.allSatisfy(\.isNumber) else { return nil }
        return Int(text)
    }
}

public struct FormError: Error, Equatable, Sendable {
    public var field: Int
    public var message: String
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text = text.dropFirst() }
        while text.last == set { text = text.dropLast() }
        return String(text)
    }
}
