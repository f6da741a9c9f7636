import OnePoolCore

/// A small form for one stock action on the SKU detail. What the fields mean is Core's to
/// decide: the form reads numbers and text, builds a `StockIntent`, asks Core's state-free
/// checks at once (so a bad field is pointed at in place), and submits the intent, which the
/// runtime plans against the store's state under its lock.
public struct StockForm: StoreForm, Sendable, Equatable {
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

    public let action: Action
    public let sku: SKUCode
    public var fields: [FormField]
    public var focus = 0
    public var error: String? = nil
    /// Submitted; waiting for the journal to accept or refuse it.
    public var pending = false

    public init(action: Action, sku: SKUCode) {
        self.action = action
        self.sku = sku
        switch action {
        case .receive:
            fields = [
                FormField(label: "Quantity", hint: "units that arrived", required: true),
                FormField(label: "Reference", hint: "delivery note (optional)", required: false),
            ]
        case .count:
            fields = [
                FormField(label: "Counted", hint: "units on the shelf", required: true),
                FormField(label: "Reason", hint: "e.g. cycle count", required: true),
            ]
        case .adjust:
            fields = [
                FormField(label: "Change", hint: "e.g. -2 or +5", required: true),
                FormField(label: "Reason", hint: "why", required: true),
            ]
        case .hold:
            fields = [
                FormField(label: "Quantity", hint: "units to set aside", required: true),
                FormField(label: "Reason", hint: "the commitment", required: true),
            ]
        case .release:
            fields = [FormField(label: "Quantity", hint: "held units to release", required: true)]
        }
    }

    /// The intent the fields describe, or the field that cannot be read as what it asks for.
    /// Ranges, reasons and stock are Core's to judge (`StockIntent.validated`, `StockState.plan`).
    public func intent() -> Result<StockIntent, FormError> {
        let at = Self.quantityField
        let text = fields[at].trimmed
        guard !text.isEmpty else { return .failure(FormError(field: at, message: "\(fields[at].label) is required")) }
        guard let quantity = Self.parseQuantity(text, signed: action == .adjust) else {
            let expected = action == .adjust ? "a whole number such as -2 or +5" : "a whole number"
            return .failure(FormError(field: at, message: "'\(text)' is not \(expected)"))
        }
        switch action {
        case .receive:
            return .success(.receive(sku: sku, quantity: quantity, reference: typed(.reference), unexpected: false))
        case .count: return .success(.count(sku: sku, quantity: quantity, reason: typed(.reason), reference: nil))
        case .adjust: return .success(.adjust(sku: sku, delta: quantity, reason: typed(.reason)))
        case .hold: return .success(.hold(sku: sku, quantity: quantity, reason: typed(.reason)))
        case .release: return .success(.release(sku: sku, quantity: quantity, reason: nil))
        }
    }

    /// Every action's first field: its quantity (or change).
    static let quantityField = 0

    /// What was typed in the field that holds an intent's part ("" where the action has none):
    /// fields are read by what they hold (`index(of:)`), not by where they stand.
    func typed(_ part: IntentField) -> String { index(of: part).flatMap { fields[safe: $0]?.value } ?? "" }

    public var modal: Modal { .stockForm(self) }

    /// The intent, checked by Core's state-free rules, for the runtime to plan under its lock.
    func submission() -> Result<Effect, FormError> {
        switch intent() {
        case .failure(let problem):
            return .failure(problem)
        case .success(let intent):
            do {
                return .success(.submit(try intent.validated(), summary: summary))
            } catch {
                return .failure(explain(error))
            }
        }
    }

    /// Core's refusal, in the form's words, on the field to blame.
    public func explain(_ refusal: IntentRefusal) -> FormError {
        let field = refusal.field.flatMap(index(of:)) ?? focus
        let label = fields[safe: field]?.label ?? "Value"
        switch refusal {
        case .outOfRange(_, _, let range):
            return FormError(
                field: field,
                message: "\(label) must be \(Format.count(range.lowerBound)) to \(Format.count(range.upperBound))")
        case .noChange:
            return FormError(field: field, message: "a change of 0 changes nothing")
        case .reasonRequired:
            return FormError(field: field, message: "\(label) is required: every stock change is audited")
        case .tooLong(_, let bytes, let limit):
            return FormError(field: field, message: "\(label) is \(bytes) bytes long; at most \(limit) are kept")
        default:
            return FormError(field: field, message: refusal.consoleText())
        }
    }

    /// Which field holds an intent's part.
    func index(of field: IntentField) -> Int? {
        switch field {
        case .quantity: Self.quantityField
        case .reason: action == .count || action == .adjust || action == .hold ? 1 : nil
        case .reference: action == .receive ? 1 : nil
        case .sku: nil
        }
    }

    /// What the footer says once the journal took it.
    public var summary: String {
        let quantity = fields[Self.quantityField].trimmed
        switch action {
        case .receive: return "Received \(quantity) × \(sku)"
        case .count: return "Counted \(sku): \(quantity) on hand"
        case .adjust: return "Adjusted \(sku) by \(quantity)"
        case .hold: return "Held \(quantity) × \(sku)"
        case .release: return "Released \(quantity) × \(sku)"
        }
    }

    /// Digits (with + or - for a signed change): the number they say, or nil. More digits than
    /// an `Int` holds read as the largest `Int` (Core then says what the range is); never a trap.
    /// The typed quantity, read as the command line reads one (`WholeNumber`): nil if it is not
    /// a whole number (or is signed where no sign belongs). A number too large for any range reads
    /// as `Int.max`, for Core's range check to refuse with the range.
    static func parseQuantity(_ text: String, signed: Bool) -> Int? {
        if !signed, let sign = text.first, sign == "+" || sign == "-" || sign == "\u{2212}" { return nil }
        switch WholeNumber.read(text, in: Int.min...Int.max) {
        case .success(let value): return value
        case .failure(.notWhole): return nil
        case .failure(.outOfRange): return text.first == "-" || text.first == "\u{2212}" ? Int.min + 1 : Int.max
        }
    }
}
