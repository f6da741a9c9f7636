import OnePoolCore

/// Refusals in the command line's words: what is wrong (Core's `description`) and then what to
/// type to fix it. The headless paths — the verbs, file imports, the sync — speak this way; the
/// console says the same remedies with its keys (`Refusal+Console.swift` in OnePoolConsole).
extension Refusal {
    public var commandLineText: String { description + (remedy.map(\.commandLine) ?? "") }
}

extension RefusalRemedy {
    /// The fix as a suffix to the refusal's description, beginning with its own punctuation.
    public var commandLine: String {
        switch self {
        case .addSKU(let code):
            " (see `onepool sku list`; add it with `onepool sku add \(code) --title ...`)"
        case .changeSKU:
            " (use `onepool sku set` to change it)"
        case .addChannel(let name):
            " (see `onepool channel list`; add it with `onepool channel add \(name)`)"
        case .addSupplier(let code):
            " (see `onepool supplier list`; add it with `onepool supplier add \(code) --name ... --lead-time DAYS`)"
        case .addApprover(let user):
            " (see `onepool approver list`; an approver adds them with `onepool approver add \(user) --limit AMOUNT`)"
        case .listPurchaseOrders:
            " (see `onepool po list`)"
        case .giveReason:
            " (--reason \"...\")"
        case .offerChannel(let channel, let starved):
            (starved
                ? ". Give \(channel) a share first (`onepool channel set \(channel) --floor N`, or a cap on the "
                    + "channels ahead)"
                : "")
                + ", or allow it with --allow-zero if those listings really should read 0"
        case .cancelInstead:
            " (cancel it instead: `onepool cancel`)"
        case .listShippedLines:
            " (see `onepool log --kind order-shipped`)"
        case .listBundles:
            " (see `onepool bundle list`)"
        case .separateReturnID:
            ". Another return of the same line needs its own return id (--return-id)"
        case .separateReference:
            ". Another movement needs its own reference (--ref)"
        case .confirmOverReceipt:
            ": if that many really arrived, say so with --over"
        case .assembleUnderAnotherCode(let bundle):
            "; assemble a kit under another code (an ordinary SKU), e.g. with --from \(bundle)"
        case .adjustComponentsInstead:
            "; count the units that came back into their SKUs instead (`onepool adjust`)"
        }
    }
}
