/// `onepool supplier list`.
struct SupplierRow: Codable {
    var supplier: Identifier
    var name: String
    var leadTimeDays: Int
    var learnedLeadTimeDays: Fixed?
    var moq: Int
    var minValue: Amount
    var casePack: Int
    var currency: Identifier
    var autonomy: Identifier
    var skus: Int
    var openPos: Int
    var contact: String
}

/// `onepool approver list`.
struct ApproverRow: Codable {
    var user: Identifier
    var limit: Amount
}

/// `onepool po list`.
struct PORow: Codable {
    var po: Identifier
    var supplier: Identifier
    var status: Identifier
    var lines: Int
    var units: Int
    var value: Amount
    var drafted: String
    var approvedBy: Identifier?
    var expected: String
    var late: Bool
}

/// `onepool po show`: a PO with the reason for each quantity (OnePool's own view; the document
/// sent to the supplier is `PODocument`, which carries no reasoning).
struct PODetail: Codable {
    var po: Identifier
    var supplier: Identifier
    var supplierName: String
    var contact: String
    var status: Identifier
    var approvedBy: Identifier?
    var rejection: String?
    var cancellation: String?
    var drafted: String
    var expected: String
    var currency: Identifier
    var units: Int
    var value: Amount
    var lines: [POLineDetail]
}

/// One line of `po show`, also its CSV row.
struct POLineDetail: Codable {
    var sku: Identifier
    var supplierCode: Identifier
    var quantity: Int
    var received: Int
    var unitCost: Amount
    var value: Amount
    var reason: String
}
