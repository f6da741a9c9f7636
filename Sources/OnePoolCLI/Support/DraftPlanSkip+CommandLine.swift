import OnePoolCore

/// Why `po draft` left a SKU out, in the command line's words: Core's reason, then what to type.
extension DraftPlan.Skip {
    var commandLineText: String {
        switch self {
        case .noSupplier:
            "\(description) (`onepool sku set SKU --supplier CODE`)"
        case .supplierNotOnRecord(let code):
            "\(description) (`onepool supplier add \"\(code)\" --lead-time DAYS`)"
        case .autonomyOff, .recommendOnly:
            description
        }
    }
}
