/// Why a proposed change was not appended. Each case carries what a person needs to fix it.
public enum Refusal: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownSKU(String)
    case duplicateSKU(String)
    case invalidCode(String)
    case unknownChannel(String)
    case duplicateChannel(String)
    case invalidChannelName(String)
    case invalidValue(field: String, value: String, expected: String)
    case missingReason
    case notEnough(sku: String, wanted: Int, have: Int, of: String)
    case unknownOrderLine(OrderLineID)
    case orderLineAlreadyOpen(OrderLineID)
    case noOpenLines(channel: String, order: String)
    case lineMismatch(OrderLineID, detail: String)
    case unknownSupplier(String)
    case purchaseOrder(String, String)
    case notAnApprover(String)
    case overApprovalLimit(String, limit: Money, value: Money)
    /// A push would set listings of a channel never offered stock to 0 (see `checkZeroing`).
    case wouldZeroNewChannel(channel: String, listings: Int, starved: Int, ahead: [String], examples: [String])
    /// A return the shipped line cannot take (not shipped, another SKU, more than shipped).
    case notReturnable(OrderLineID, detail: String)
    /// A return recorded before is reported again with another SKU, quantity or reason.
    case returnConflict(OrderLineID, returnID: String)
    /// A bundle definition, or a stock movement of a bundle, that breaks a bundle rule.
    case bundle(String, String)

    public var description: String {
        switch self {
        case .unknownSKU(let code):
            "unknown SKU '\(code)' (see `onepool sku list`; add it with `onepool sku add \(code) --title ...`)"
        case .duplicateSKU(let code):
            "SKU '\(code)' already exists (use `onepool sku set` to change it)"
        case .invalidCode(let code):
            "'\(code)' is not a valid SKU code: expected 1–64 printable ASCII characters without spaces or commas, "
                + "not beginning with = + - @"
        case .unknownChannel(let name):
            "unknown channel '\(name)' (see `onepool channel list`; add it with `onepool channel add \(name)`)"
        case .duplicateChannel(let name):
            "channel '\(name)' already exists"
        case .invalidChannelName(let name):
            "'\(name)' is not a valid channel name: expected 1–32 of a-z, 0-9, '-' or '_'"
        case .invalidValue(let field, let value, let expected):
            "\(field) '\(value)' is not valid: expected \(expected)"
        case .missingReason:
            "a reason is required (--reason \"...\"): every stock change is audited"
        case .notEnough(let sku, let wanted, let have, let of):
            "not enough \(of) for \(sku): wanted \(wanted), \(of) is \(have)"
        case .unknownOrderLine(let id):
            "no open order line \(id)"
        case .orderLineAlreadyOpen(let id):
            "order line \(id) is already open with other details; cancel or ship it first"
        case .noOpenLines(let channel, let order):
            "order \(order) on channel \(channel) has no open lines"
        case .lineMismatch(let id, let detail):
            "order line \(id): \(detail)"
        case .unknownSupplier(let code):
            "unknown supplier '\(code)' (see `onepool supplier list`; add it with `onepool supplier add \(code) --name ... --lead-time DAYS`)"
        case .purchaseOrder(let id, let detail):
            "purchase order \(id) \(detail)"
        case .notAnApprover(let user):
            "\(user) may not approve purchase orders (see `onepool approver list`; an approver adds them with `onepool approver add \(user) --limit AMOUNT`)"
        case .overApprovalLimit(let user, let limit, let value):
            "\(user) may approve purchase orders up to \(limit); this one is \(value)"
        case .notReturnable(let id, let detail):
            "order line \(id) cannot take this return: \(detail)"
        case .returnConflict(let id, let returnID):
            "return \(returnID.isEmpty ? "(without a return id)" : "'\(returnID)'") of order line \(id) was recorded "
                + "with another SKU, quantity or reason; nothing was written. Another return of the same line needs "
                + "its own return id (--return-id)"
        case .bundle(let code, let detail):
            "bundle \(code): \(detail)"
        case .wouldZeroNewChannel(let channel, let listings, let starved, let ahead, let examples):
            "channel \(channel) has never been offered stock, and this would set \(listings) of its listings to 0 "
                + "(\(examples.joined(separator: ", "))\(listings > examples.count ? ", …" : "")), taking them offline"
                + (starved > 0
                    ? "; \(starved) of them are starved: "
                        + (ahead.isEmpty ? "other channels" : ahead.joined(separator: ", "))
                        + " (served first) take all their units. Give \(channel) a share first "
                        + "(`onepool channel set \(channel) --floor N`, or a cap on the channels ahead)"
                    : "")
                + ", or allow it with --allow-zero if those listings really should read 0"
        }
    }
}
