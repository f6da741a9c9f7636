import OnePoolCore

/// Refusals in the console's words: what is wrong (Core's `description`) and then what to do —
/// the key that does it here, or, for what the console cannot do, the command to type in a
/// shell. The command line says the same remedies its own way (`Refusal+CommandLine.swift`).
extension Refusal {
    public func consoleText(keys: KeyMap = .standard) -> String {
        description + (remedy.map { $0.console(keys: keys) } ?? "")
    }
}

extension IntentRefusal {
    /// A movement's refusal: the journal's own refusals with the console's remedy.
    public func consoleText(keys: KeyMap = .standard) -> String {
        if case .refused(let refusal) = self { return refusal.consoleText(keys: keys) }
        return description
    }
}

extension RefusalRemedy {
    /// The fix as a suffix to the refusal's description, beginning with its own punctuation.
    public func console(keys: KeyMap = .standard) -> String {
        switch self {
        case .addSKU(let code):
            " (add it from a shell: onepool sku add \(code) --title ...)"
        case .changeSKU(let code):
            " (change it from a shell: onepool sku set \(code) ...)"
        case .addChannel(let name):
            " (add it from a shell: onepool channel add \(name))"
        case .addSupplier(let code):
            " (add it from a shell: onepool supplier add \(code) --name ... --lead-time DAYS)"
        case .addApprover(let user):
            " (an approver adds them from a shell: onepool approver add \(user) --limit AMOUNT)"
        case .listPurchaseOrders:
            " (the Queue pane lists the open ones)"
        case .giveReason:
            ": type one in the reason field"
        case .offerChannel(let channel, let starved):
            (starved ? ". Give \(channel) a share first" : "")
                + " (Channels pane: \(Self.key(.editRule, in: .channels, keys)) on \(channel) sets its floor; "
                + "to publish the zeros anyway: onepool publish --channel \(channel) --allow-zero)"
        case .cancelInstead:
            " (cancel the line instead)"
        case .listShippedLines:
            " (the Activity pane lists shipped lines)"
        case .listBundles:
            " (a shell lists them: onepool bundle list)"
        case .separateReturnID:
            " (another return of the same line needs its own return id)"
        case .separateReference:
            " (another movement needs its own reference)"
        case .confirmOverReceipt:
            ": if that many really arrived, confirm it from a shell (onepool po receive ... --over)"
        case .assembleUnderAnotherCode(let bundle):
            "; assemble a kit under another code from a shell (onepool assemble KIT N --from \(bundle))"
        case .adjustComponentsInstead:
            "; count the units that came back into their SKUs instead (\(Self.key(.adjust, in: .detail, keys)) on each "
                + "SKU's detail)"
        }
    }

    /// The key bound to `command` in `scope`, as the footer writes it.
    private static func key(_ command: Command, in scope: KeyScope, _ keys: KeyMap) -> String {
        keys.keys(in: scope).first { $0.0 == command }?.1.first?.description ?? "?"
    }
}
