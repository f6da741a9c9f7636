import OnePoolCore

/// The form R and W open on a RETURNS alert: how many of the SKU's units awaiting inspection to
/// restock or write off, and why, as `onepool inspect SKU N --restock` or
/// `--unsellable --reason "..."`. The quantity starts at every waiting unit and may be fewer
/// (inspection takes the oldest returns first); a write-off needs a reason, since it is audited.
/// The form checks what it can see at once; the store checks the change again under its lock
/// (another process may have inspected some units meanwhile).
public struct InspectForm: StoreForm, Sendable, Equatable {
    public let sku: SKUCode
    /// Restock (fit to sell) or write off (stays unsellable).
    public let restock: Bool
    /// Units of the SKU awaiting inspection when the form opened: the most it may take.
    public let waiting: Int
    public var fields: [FormField]
    public var focus = 0
    public var error: String? = nil
    /// Sent to the store and not yet answered: the form stays open, so a refusal (another
    /// process inspected some units meanwhile) comes back into it with what was typed.
    public var pending = false

    public init(sku: SKUCode, restock: Bool, waiting: Int) {
        self.sku = sku
        self.restock = restock
        self.waiting = waiting
        fields = [
            FormField(
                label: "Quantity", value: "\(waiting)", hint: "of \(waiting) awaiting inspection", required: true),
            restock
                ? FormField(label: "Reason", hint: "optional, e.g. checked, as new", required: false)
                : FormField(label: "Reason", hint: "why it cannot be sold (required)", required: true),
        ]
    }

    /// Where each field stands; the form reads them by these names.
    enum Field {
        static let quantity = 0
        static let reason = 1
    }

    public var title: String { restock ? "Restock returned units" : "Write off returned units" }

    /// The change the fields describe, or the field that does not hold what it asks for.
    public func change() -> Result<ReturnChange, FormError> {
        let text = fields[Field.quantity].trimmed
        guard let quantity = StockForm.parseQuantity(text, signed: false) else {
            let shown = text.isEmpty ? "Quantity is required" : "'\(text)' is not a whole number"
            return .failure(FormError(field: Field.quantity, message: "\(shown): 1 to \(Format.count(waiting)) units"))
        }
        guard quantity >= 1, quantity <= waiting else {
            return .failure(
                FormError(
                    field: Field.quantity,
                    message: "Quantity must be 1 to \(Format.count(waiting)): the units awaiting inspection"))
        }
        let reason = fields[Field.reason].trimmed
        if !restock && reason.isEmpty {
            return .failure(FormError(field: Field.reason, message: "Reason is required: a write-off is audited"))
        }
        let limit = Bounds.textBytes.upperBound
        if reason.utf8.count > limit {
            return .failure(
                FormError(
                    field: Field.reason, message: "Reason is \(reason.utf8.count) bytes long; at most \(limit) are kept"
                ))
        }
        if restock {
            return .success(
                .restocked(sku: sku, quantity: quantity, reason: reason.isEmpty ? "inspected in the console" : reason))
        }
        return .success(.writtenOff(sku: sku, quantity: quantity, reason: reason))
    }

    public var modal: Modal { .inspectForm(self) }

    /// The returns change, appended as it is: the store checks the units still wait under its lock.
    func submission() -> Result<Effect, FormError> {
        change().map { .append([ProposedChange(.returns($0))], summary: summary) }
    }

    /// What the footer says once the journal took it.
    public var summary: String {
        let quantity = fields[Field.quantity].trimmed
        return restock ? "Restocked \(quantity) × \(sku)" : "Wrote off \(quantity) × \(sku) (unsellable)"
    }
}
