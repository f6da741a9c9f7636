import ArgumentParser
import OnePoolCore
import OnePoolStore

struct SupplierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supplier",
        abstract: "Suppliers and their terms: lead time, minimums, case pack, currency, contact.",
        discussion: """
            A SKU names its supplier by code (`onepool sku add ... --supplier CODE`). The lead time \
            learned from receipts (PO sent → first receipt) is listed beside the agreed one.
            Examples:
              onepool supplier add ACME --name "Acme Ceramics" --lead-time 14 --moq 24 --min-value 250
              onepool supplier set ACME --lead-time 10
              onepool supplier item ACME MUG-BLUE --cost 3.10 --code AC-4411
            """,
        subcommands: [Add.self, Set.self, Item.self, List.self])

    struct Terms: ParsableArguments {
        @Option(help: "Display name.") var name: String?
        @Option(
            help: OptionRanges.leadTime.help("Agreed days from sending a PO to delivery.", valueName: "days"),
            transform: OptionRanges.leadTime.read)
        var leadTime: Int?
        @Option(
            help: OptionRanges.minimumOrder.help("Smallest PO in units."), transform: OptionRanges.minimumOrder.read)
        var moq: Int?
        @Option(
            help: OptionRanges.totalAmount.help("Smallest PO in value, e.g. 250."),
            transform: OptionRanges.totalAmount.read)
        var minValue: Money?
        @Option(
            help: OptionRanges.casePack.help("Units per carton when a SKU does not say."),
            transform: OptionRanges.casePack.read)
        var casePack: Int?
        @Option(help: "Currency the supplier invoices in, e.g. EUR.") var currency: String?
        @Option(help: "Who to send POs to (e-mail, phone).") var contact: String?

        func apply(to supplier: inout Supplier) throws {
            if let name { supplier.name = name }
            if let leadTime { supplier.leadTimeDays = leadTime }
            if let moq { supplier.minimumOrderUnits = moq }
            if let minValue { supplier.minimumOrderValue = minValue }
            if let casePack { supplier.casePack = casePack }
            if let currency { supplier.currency = currency }
            if let contact { supplier.contact = contact }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a supplier (never changes one that exists: that is `supplier set`).")
        @OptionGroup var options: StoreOptions
        @Argument(help: "Supplier code (as SKUs name it).") var code: String
        @OptionGroup var terms: Terms

        func run() throws {
            guard let leadTime = terms.leadTime else {
                throw CLIError("--lead-time is required: the days from sending a PO to delivery")
            }
            var supplier = Supplier(code: code, name: terms.name ?? code, leadTimeDays: leadTime)
            try terms.apply(to: &supplier)
            _ = try options.commit { state in
                if let existing = state.purchasing.suppliers[code] {
                    throw CLIError(
                        "supplier \(code) already exists (\(existing.name), lead time \(existing.leadTimeDays) d): "
                            + "change it with `onepool supplier set \(code) ...`; nothing was written")
                }
                return ([ProposedChange(.purchasing(.supplierSet(supplier)))], ())
            }
            say("Added supplier \(code) (\(supplier.name)), lead time \(supplier.leadTimeDays) d")
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a supplier's terms.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "Supplier code.") var code: String
        @OptionGroup var terms: Terms

        func run() throws {
            let (_, commit) = try options.commit { state in
                guard var supplier = state.purchasing.suppliers[code] else {
                    throw StoreError.refused(.unknownSupplier(code))
                }
                try terms.apply(to: &supplier)
                return ([ProposedChange(.purchasing(.supplierSet(supplier)))], supplier)
            }
            if commit.appended.isEmpty {
                say("No change to supplier \(code) (nothing written)")
                return
            }
            say(
                "Supplier \(code): \(commit.result.name), lead time \(commit.result.leadTimeDays) d, MOQ \(commit.result.minimumOrderUnits), minimum \(commit.result.minimumOrderValue)"
            )
        }
    }

    struct Item: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a supplier's code and unit cost for a SKU.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "Supplier code.") var supplier: String
        @Argument(help: "The OnePool SKU.") var sku: SKUCode
        @Option(
            help: OptionRanges.unitAmount.help("Unit cost from this supplier."),
            transform: OptionRanges.unitAmount.read)
        var cost: Money
        @Option(help: "The supplier's own code for it.") var code: String?

        func run() throws {
            let unitCost = cost
            let item = SupplierItem(supplierCode: code, unitCost: unitCost)
            let (_, appended) = try options.commitOne(
                .purchasing(.supplierItemSet(supplier: supplier, sku: sku, item: item)))
            say(
                "\(sku) from \(supplier) at \(unitCost)" + (code.map { " as \($0)" } ?? "")
                    + (appended ? "" : " already (nothing written)"))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List suppliers with agreed and learned lead times.")
        @OptionGroup var options: StoreOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let state = try options.openStore().state
            var rows: [SupplierRow] = []
            for code in state.purchasing.suppliers.keys.sorted() {
                guard let supplier = state.purchasing.suppliers[code] else { continue }
                rows.append(
                    SupplierRow(
                        supplier: Identifier(code), name: supplier.name, leadTimeDays: supplier.leadTimeDays,
                        learnedLeadTimeDays: LearnedLeadTime.days(supplier: code, in: state).map {
                            Fixed($0, places: 1)
                        },
                        moq: supplier.minimumOrderUnits, minValue: Amount(supplier.minimumOrderValue),
                        casePack: supplier.casePack,
                        currency: Identifier(supplier.currency),
                        autonomy: Identifier((state.purchasing.autonomy[.supplier(code)] ?? .approve).rawValue),
                        skus: state.pools.values.filter { $0.sku.supplier == code }.count,
                        openPos: state.purchasing.orders.values.filter { $0.order.supplier == code && $0.status.isOpen }
                            .count,
                        contact: supplier.contact))
            }
            show(Output.rows(rows, format: output.format), format: output.format)
        }
    }
}

/// Lead time as it turned out: the mean days from a PO being sent to its first receipt.
enum LearnedLeadTime {
    static func days(supplier: String, in state: StockState) -> Double? {
        var spans: [Double] = []
        for record in state.purchasing.orders.values where record.order.supplier == supplier {
            guard let sent = record.sentAt, let received = record.firstReceivedAt else { continue }
            spans.append(Double(received.millisecondsSince1970 - sent.millisecondsSince1970) / 86_400_000)
        }
        return spans.isEmpty ? nil : spans.reduce(0, +) / Double(spans.count)
    }
}

struct ApproverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approver",
        abstract: "Who may approve purchase orders, and up to what value per PO.",
        discussion: """
            An approval by someone not listed, or over their limit, is refused and recorded nowhere. \
            The user "onepool" is OnePool itself: its limit is the most it approves alone for \
            suppliers or SKUs in automatic mode.
            Approver changes are made as the OS user running the command (they take no --actor), \
            and are recorded under that name.
            Examples:
              onepool approver add ana --limit 5000
              onepool approver set ana --limit 8000
              onepool approver add onepool --limit 300
            """,
        subcommands: [Add.self, Set.self, Remove.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Let a user approve POs up to a value (a user who already may: `approver set`).")
        @OptionGroup var options: StoreOptions
        @Argument(help: "OS user name.") var user: UserName
        @Option(
            help: OptionRanges.totalAmount.help("Largest PO value they may approve."),
            transform: OptionRanges.totalAmount.read)
        var limit: Money

        func run() throws {
            let amount = limit
            _ = try options.commit(as: .authority(verb: "approver add")) { state in
                if let current = state.purchasing.approvers[user] {
                    throw CLIError(
                        "\(user) already approves POs up to \(current): change the limit with "
                            + "`onepool approver set \(user) --limit \(amount)`; nothing was written")
                }
                return ([ProposedChange(.purchasing(.approverSet(user: user, limit: amount)))], ())
            }
            say("\(user) may approve POs up to \(amount)")
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change an approver's limit.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "OS user name.") var user: UserName
        @Option(
            help: OptionRanges.totalAmount.help("Largest PO value they may approve."),
            transform: OptionRanges.totalAmount.read)
        var limit: Money

        func run() throws {
            let amount = limit
            let (_, commit) = try options.commit(as: .authority(verb: "approver set")) { state in
                guard state.purchasing.approvers[user] != nil else {
                    throw CLIError(
                        "\(user) is not an approver: add them with `onepool approver add \(user) --limit \(amount)`")
                }
                return ([ProposedChange(.purchasing(.approverSet(user: user, limit: amount)))], ())
            }
            say(
                "\(user) may " + (commit.appended.isEmpty ? "already " : "") + "approve POs up to \(amount)"
                    + (commit.appended.isEmpty ? " (nothing written)" : ""))
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take away a user's right to approve.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "OS user name.") var user: UserName

        func run() throws {
            let (_, appended) = try options.commitOne(
                .purchasing(.approverSet(user: user, limit: nil)), as: .authority(verb: "approver remove"))
            say(appended ? "\(user) may no longer approve POs" : "\(user) is not an approver (nothing written)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List approvers and their limits.")
        @OptionGroup var options: StoreOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let state = try options.openStore().state
            let rows = state.purchasing.approvers.sorted(by: { $0.key < $1.key }).map {
                ApproverRow(user: Identifier($0.key), limit: Amount($0.value))
            }
            show(Output.rows(rows, format: output.format), format: output.format)
        }
    }
}

struct AutonomyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autonomy",
        abstract: "How far OnePool may reorder on its own, per supplier or SKU.",
        discussion: """
            off        no recommendations
            recommend  recommendations only (`onepool reorder`), nothing drafted
            approve    drafts wait for a person's approval (the default)
            automatic  drafts within OnePool's own limit (`onepool approver add onepool --limit N`) are approved by it
            A SKU's setting overrides its supplier's. Run in recommend mode until `onepool shadow` shows the numbers match reality.
            Examples: onepool autonomy ACME automatic · onepool autonomy MUG-BLUE recommend
            """)

    @OptionGroup var options: StoreOptions
    @Argument(help: "A supplier code or a SKU code.") var target: String
    @Argument(help: "off, recommend, approve or automatic.") var mode: String

    func run() throws {
        guard let parsed = AutonomyMode(rawValue: mode) else {
            throw CLIError("'\(mode)' is not an autonomy: expected off, recommend, approve or automatic")
        }
        let (_, commit) = try options.commit(as: .authority(verb: "autonomy")) { state in
            let resolved: AutonomyTarget
            if state.purchasing.suppliers[target] != nil {
                resolved = .supplier(target)
            } else if state.pools[SKUCode(target)] != nil {
                resolved = .sku(SKUCode(target))
            } else {
                throw CLIError(
                    "'\(target)' is neither a supplier nor a SKU (see `onepool supplier list`, `onepool sku list`)")
            }
            return ([ProposedChange(.purchasing(.autonomySet(resolved, parsed)))], resolved)
        }
        say(
            "Autonomy for \(commit.result): \(parsed.rawValue)"
                + (commit.appended.isEmpty ? " already (nothing written)" : ""))
    }
}
