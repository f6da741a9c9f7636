/// What an operator asks of one SKU's stock, before it is decided: "receive 5 of MUG-BLUE".
///
/// `StockState.plan(_:)` decides an intent against the state it is given and returns the change
/// to append, or a typed refusal. Called inside a store's locked transaction, it decides against
/// the freshest state, so two front ends (the console's forms, the CLI's verbs) that submit the
/// same intent get the same answer — the rule for each movement is written here once.
public enum StockIntent: Hashable, Sendable {
    /// Units arrived. Unless `unexpected`, they first reduce what was on order (incoming).
    /// A `reference` (a delivery note) makes the receipt idempotent per SKU.
    case receive(sku: SKUCode, quantity: Int, reference: String?, unexpected: Bool)
    /// A physical count: on hand becomes `quantity`. A `reference` (a count sheet) makes it
    /// idempotent per SKU.
    case count(sku: SKUCode, quantity: Int, reason: String, reference: String?)
    /// Units added (positive) or removed (negative) from on hand.
    case adjust(sku: SKUCode, delta: Int, reason: String)
    /// Units set aside for a commitment: they stop being available.
    case hold(sku: SKUCode, quantity: Int, reason: String)
    /// Held units made available again.
    case release(sku: SKUCode, quantity: Int, reason: String?)

    /// The SKU the intent is about.
    public var sku: SKUCode {
        switch self {
        case .receive(let sku, _, _, _), .count(let sku, _, _, _), .adjust(let sku, _, _), .hold(let sku, _, _),
            .release(let sku, _, _):
            sku
        }
    }
}

/// The part of an intent a refusal is about, so a form can put the cursor on it.
public enum IntentField: String, Hashable, Sendable {
    case sku, quantity, reason, reference
}

/// Why an intent was not planned. Says what is wrong with the numbers that matter; what to type
/// instead is each front end's to say (a form field, a command-line option).
public enum IntentRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownSKU(SKUCode)
    /// A quantity outside what one movement may carry.
    case outOfRange(field: IntentField, value: Int, range: ClosedRange<Int>)
    /// An adjustment of 0 units.
    case noChange
    case reasonRequired
    /// Text longer than the journal keeps (in UTF-8 bytes).
    case tooLong(field: IntentField, bytes: Int, limit: Int)
    /// Fewer units in a state than the intent takes from it.
    case notEnough(sku: SKUCode, wanted: Int, have: Int, of: String)
    /// Anything else the journal's own checks refuse (a SKU total beyond its bounds, say).
    case refused(Refusal)

    /// The field to fix, when one is to blame.
    public var field: IntentField? {
        switch self {
        case .unknownSKU: .sku
        case .outOfRange(let field, _, _), .tooLong(let field, _, _): field
        case .noChange, .notEnough: .quantity
        case .reasonRequired: .reason
        case .refused: nil
        }
    }

    public var description: String {
        switch self {
        case .unknownSKU(let code):
            "there is no SKU \(code)"
        case .outOfRange(let field, let value, let range):
            "\(field.rawValue) \(value) is outside \(range.lowerBound)…\(range.upperBound)"
        case .noChange:
            "a change of 0 units changes nothing"
        case .reasonRequired:
            "a reason is required: every stock change is audited"
        case .tooLong(let field, let bytes, let limit):
            "the \(field.rawValue) is \(bytes) bytes long; at most \(limit) are kept"
        case .notEnough(let sku, let wanted, let have, let of):
            "not enough \(of) for \(sku): wanted \(wanted), \(of) is \(have)"
        case .refused(let refusal):
            refusal.description
        }
    }
}

extension StockIntent {
    /// The intent with its text trimmed, after the checks that need no state: quantities within
    /// one movement's range, reasons present where every change is audited, text not too long.
    /// A form asks this before submitting, so it can point at a field at once; `plan` asks it too.
    public func validated() throws(IntentRefusal) -> StockIntent {
        switch self {
        case .receive(let sku, let quantity, let reference, let unexpected):
            try Self.requireUnits(quantity, allowZero: false)
            return .receive(
                sku: sku, quantity: quantity, reference: try Self.optionalText(reference, field: .reference),
                unexpected: unexpected)
        case .count(let sku, let quantity, let reason, let reference):
            try Self.requireUnits(quantity, allowZero: true)
            let reason = try Self.requiredReason(reason)
            return .count(
                sku: sku, quantity: quantity, reason: reason,
                reference: try Self.optionalText(reference, field: .reference))
        case .adjust(let sku, let delta, let reason):
            guard delta != 0 else { throw .noChange }
            guard delta.magnitude <= UInt(Bounds.eventUnits) else {
                throw .outOfRange(field: .quantity, value: delta, range: -Bounds.eventUnits...Bounds.eventUnits)
            }
            return .adjust(sku: sku, delta: delta, reason: try Self.requiredReason(reason))
        case .hold(let sku, let quantity, let reason):
            try Self.requireUnits(quantity, allowZero: false)
            return .hold(sku: sku, quantity: quantity, reason: try Self.requiredReason(reason))
        case .release(let sku, let quantity, let reason):
            try Self.requireUnits(quantity, allowZero: false)
            return .release(sku: sku, quantity: quantity, reason: try Self.optionalText(reason, field: .reason))
        }
    }

    private static func requireUnits(_ quantity: Int, allowZero: Bool) throws(IntentRefusal) {
        let range = Bounds.eventUnitRange(allowZero: allowZero)
        guard range.contains(quantity) else { throw .outOfRange(field: .quantity, value: quantity, range: range) }
    }

    /// A reason with its surrounding spaces taken off; refused when empty or too long.
    private static func requiredReason(_ text: String) throws(IntentRefusal) -> String {
        guard let reason = try optionalText(text, field: .reason) else { throw .reasonRequired }
        return reason
    }

    /// Optional text with its surrounding spaces taken off (nil when nothing is left).
    private static func optionalText(_ text: String?, field: IntentField) throws(IntentRefusal) -> String? {
        guard let text else { return nil }
        let trimmed = String(text.trimmingSpaces)
        guard !trimmed.isEmpty else { return nil }
        let limit = Bounds.textBytes.upperBound
        guard trimmed.utf8.count <= limit else { throw .tooLong(field: field, bytes: trimmed.utf8.count, limit: limit) }
        return trimmed
    }
}

extension StockState {
    /// The change that carries out `intent` against this state, or why it cannot be done.
    /// Never traps, whatever the numbers.
    public func plan(_ intent: StockIntent) throws(IntentRefusal) -> ProposedChange {
        let code = intent.sku
        guard let stock = stock(code) else { throw .unknownSKU(code) }
        let planned: ProposedChange
        switch try intent.validated() {
        case .receive(_, let quantity, let reference, let unexpected):
            let fromIncoming = unexpected ? 0 : min(quantity, max(0, stock.incoming))
            planned = ProposedChange(
                .received(sku: code, quantity: quantity, reference: reference, fromIncoming: fromIncoming),
                idempotencyKey: reference.map { ReferenceKeys.receipt(reference: $0, sku: code) })
        case .count(_, let quantity, let reason, let reference):
            planned = ProposedChange(
                .counted(sku: code, quantity: quantity, reason: reason),
                idempotencyKey: reference.map { ReferenceKeys.count(reference: $0, sku: code) })
        case .adjust(_, let delta, let reason):
            if delta < 0 && -delta > stock.onHand {
                throw .notEnough(sku: code, wanted: -delta, have: max(0, stock.onHand), of: "on hand")
            }
            planned = ProposedChange(.adjusted(sku: code, delta: delta, reason: reason))
        case .hold(_, let quantity, let reason):
            guard quantity <= stock.unreserved else {
                throw .notEnough(sku: code, wanted: quantity, have: max(0, stock.unreserved), of: "free stock")
            }
            planned = ProposedChange(.held(sku: code, quantity: quantity, reason: reason))
        case .release(_, let quantity, let reason):
            guard quantity <= stock.held else {
                throw .notEnough(sku: code, wanted: quantity, have: stock.held, of: "held")
            }
            planned = ProposedChange(.released(sku: code, quantity: quantity, reason: reason))
        }
        // The journal's own checks have the last word (bounds of a SKU's totals, for one).
        do { try check(planned.change) } catch { throw .refused(error) }
        return planned
    }
}
