/// Why a proposed change was not appended. Each case carries what a person needs to fix it:
/// `description` says what is wrong, in the store's terms; `remedy` says what would fix it as a
/// fact, and each front end says how to do that in its own words (the command line names a verb
/// and its flags, the console a key) — Core names neither.
public enum Refusal: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownSKU(SKUCode)
    case duplicateSKU(SKUCode)
    case invalidCode(String)
    case unknownChannel(ChannelName)
    case duplicateChannel(ChannelName)
    case invalidChannelName(ChannelName)
    case invalidValue(field: String, value: String, expected: String)
    case missingReason
    case notEnough(sku: SKUCode, wanted: Int, have: Int, of: String)
    case unknownOrderLine(OrderLineID)
    case orderLineAlreadyOpen(OrderLineID)
    case noOpenLines(channel: ChannelName, order: String)
    case lineMismatch(OrderLineID, detail: String)
    case unknownSupplier(String)
    case purchaseOrder(PurchaseOrderID, String, remedy: RefusalRemedy? = nil)
    /// No purchase order has this id.
    case unknownPurchaseOrder(PurchaseOrderID)
    case notAnApprover(UserName)
    case overApprovalLimit(UserName, limit: Money, value: Money)
    /// A push would set listings of a channel never offered stock to 0 (see `checkZeroing`).
    case wouldZeroNewChannel(
        channel: ChannelName, listings: Int, starved: Int, ahead: [ChannelName], examples: [String])
    /// A return the shipped line cannot take (not shipped, another SKU, more than shipped).
    case notReturnable(OrderLineID, detail: String, remedy: RefusalRemedy? = nil)
    /// A return recorded before is reported again with another SKU, quantity or reason.
    case returnConflict(OrderLineID, returnID: String)
    /// A bundle definition, or a stock movement of a bundle, that breaks a bundle rule.
    case bundle(SKUCode, String, remedy: RefusalRemedy? = nil)
    /// A movement under a reference recorded before with other units (a changed fact).
    case referenceConflict(sku: SKUCode)
    /// A bundle verb names a SKU that is not a bundle.
    case notABundle(SKUCode)
    /// A return of a line that has not shipped (`stillOpen`: it is an open line, not yet shipped).
    case notShipped(OrderLineID, stillOpen: Bool)

    public var description: String {
        switch self {
        case .unknownSKU(let code):
            "unknown SKU '\(code)'"
        case .duplicateSKU(let code):
            "SKU '\(code)' already exists"
        case .invalidCode(let code):
            "'\(code)' is not a valid SKU code: expected 1–64 printable ASCII characters without spaces or commas, "
                + "not beginning with = + - @"
        case .unknownChannel(let name):
            "unknown channel '\(name)'"
        case .duplicateChannel(let name):
            "channel '\(name)' already exists"
        case .invalidChannelName(let name):
            "'\(name)' is not a valid channel name: expected 1–32 of a-z, 0-9, '-' or '_'"
        case .invalidValue(let field, let value, let expected):
            "\(field) '\(value)' is not valid: expected \(expected)"
        case .missingReason:
            "a reason is required: every stock change is audited"
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
            "unknown supplier '\(code)'"
        case .purchaseOrder(let id, let detail, _):
            "purchase order \(id) \(detail)"
        case .unknownPurchaseOrder(let id):
            "purchase order \(id) does not exist"
        case .notAnApprover(let user):
            "\(user) may not approve purchase orders"
        case .overApprovalLimit(let user, let limit, let value):
            "\(user) may approve purchase orders up to \(limit); this one is \(value)"
        case .notReturnable(let id, let detail, _):
            "order line \(id) cannot take this return: \(detail)"
        case .returnConflict(let id, let returnID):
            "return \(returnID.isEmpty ? "(without a return id)" : "'\(returnID)'") of order line \(id) was recorded "
                + "with another SKU, quantity or reason; nothing was written"
        case .bundle(let code, let detail, _):
            "bundle \(code): \(detail)"
        case .notABundle(let code):
            "\(code) is not a bundle"
        case .referenceConflict(let sku):
            "a movement of \(sku) under this reference was recorded before with other units; nothing was written"
        case .notShipped(let id, let stillOpen):
            "order line \(id) cannot take this return: "
                + (stillOpen ? "it has not shipped yet" : "no such line has shipped")
        case .wouldZeroNewChannel(let channel, let listings, let starved, let ahead, let examples):
            "channel \(channel) has never been offered stock, and this would set \(listings) of its listings to 0 "
                + "(\(examples.joined(separator: ", "))\(listings > examples.count ? ", …" : "")), taking them offline"
                + (starved > 0
                    ? "; \(starved) of them are starved: "
                        + (ahead.isEmpty ? "other channels" : ahead.joined(separator: ", "))
                        + " (served first) take all their units"
                    : "")
        }
    }
}

/// What would fix a refusal, as a fact about the store. A front end turns it into what to type
/// (`Refusal+CommandLine.swift` in OnePoolChannels for the command line, `Refusal+Console.swift`
/// in OnePoolConsole for the console).
public enum RefusalRemedy: Equatable, Sendable {
    /// Add the SKU (or check the catalogue for the right code).
    case addSKU(SKUCode)
    /// Change the existing SKU instead of adding it again.
    case changeSKU(SKUCode)
    /// Add the channel (or check the channel list for the right name).
    case addChannel(ChannelName)
    /// Add the supplier (or check the supplier list for the right code).
    case addSupplier(String)
    /// An approver makes the user an approver with a limit.
    case addApprover(UserName)
    /// Look the purchase order up among the existing ones.
    case listPurchaseOrders
    /// Give the change a reason.
    case giveReason
    /// Give the channel a share (a floor, or a cap on the channels ahead), or allow the zeros
    /// explicitly if those listings really should read 0.
    case offerChannel(ChannelName, starved: Bool)
    /// The line is still open: cancel it instead of returning it.
    case cancelInstead
    /// Look the line up among the shipped ones.
    case listShippedLines
    /// Look the bundle up among the bundles.
    case listBundles
    /// Another return of the same line needs its own return id.
    case separateReturnID
    /// Another movement needs its own reference.
    case separateReference
    /// More arrived than ordered: confirm the over-receipt if that many really came.
    case confirmOverReceipt
    /// A bundle is never assembled: assemble a kit under another code from the bundle's recipe.
    case assembleUnderAnotherCode(bundle: SKUCode)
    /// Units that came back for a line the store cannot return: count them into their SKUs.
    case adjustComponentsInstead
}

extension Refusal {
    /// What would fix it, when a front end can say more than what is wrong.
    public var remedy: RefusalRemedy? {
        switch self {
        case .unknownSKU(let code): .addSKU(code)
        case .duplicateSKU(let code): .changeSKU(code)
        case .unknownChannel(let name): .addChannel(name)
        case .unknownSupplier(let code): .addSupplier(code)
        case .notAnApprover(let user): .addApprover(user)
        case .missingReason: .giveReason
        case .wouldZeroNewChannel(let channel, _, let starved, _, _): .offerChannel(channel, starved: starved > 0)
        case .returnConflict: .separateReturnID
        case .referenceConflict: .separateReference
        case .unknownPurchaseOrder: .listPurchaseOrders
        case .notABundle: .listBundles
        case .notShipped(_, let stillOpen): stillOpen ? .cancelInstead : .listShippedLines
        case .purchaseOrder(_, _, let remedy), .notReturnable(_, _, let remedy), .bundle(_, _, let remedy): remedy
        case .invalidCode, .duplicateChannel, .invalidChannelName, .invalidValue, .notEnough, .unknownOrderLine,
            .orderLineAlreadyOpen, .noOpenLines, .lineMismatch, .overApprovalLimit:
            nil
        }
    }
}
