import ArgumentParser
import Foundation
import OnePoolCore
import OnePoolStore

struct POCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "po",
        abstract: "Purchase orders: draft from the recommendations, approve, send, receive.",
        discussion: """
            drafted → approved or rejected → sent (a CSV and a printable text per PO) → received \
            (partly or fully) → closed; or cancelled. Every step is an event with who did it. \
            Nothing is sent without an approval; only approvers within their limit may approve \
            (`onepool approver`). Drafting again for the same need adds nothing: open POs count in \
            the inventory position.
            Examples:
              onepool po draft
              onepool po list --status drafted
              onepool po approve PO-00003
              onepool po send PO-00003 --out ~/purchase-orders
              onepool po receive PO-00003 --sku MUG-BLUE --qty 40
            """,
        subcommands: [
            Draft.self, List.self, Show.self, Approve.self, Reject.self, Edit.self, Send.self, Receive.self, Close.self,
            Cancel.self,
        ])

    struct Draft: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draft POs (one per supplier) from what `onepool reorder` recommends.")
        @OptionGroup var options: StoreOptions
        @OptionGroup var policy: ReplenishmentOptions
        @Option(help: "Only this supplier.") var supplier: String?

        func run() throws {
            let context = try ReplenishmentContext.load(options)
            let planner = context.planner(policy.settings)
            let recommendations = context.recommendations(planner)
            let now = Clock.now()
            let (_, commit) = try context.store.transact(actor: try options.actor(.operator), time: now) { state in
                // Re-plan under the lock against the state as it is now (another draft may have landed).
                let plan = DraftPlan.make(
                    state: state, recommendations: recommendations.filter { state.purchasing.onOrder($0.sku) == 0 },
                    time: now, supplier: supplier)
                var changes = plan.orders.map { ProposedChange(.purchasing(.drafted($0))) }
                changes += plan.autoApproved.map {
                    ProposedChange(.purchasing(.approved(id: $0, approver: PurchasingState.automaticApprover)))
                }
                return (changes, plan)
            }.split
            let plan = commit.result
            if plan.orders.isEmpty && plan.skipped.isEmpty {
                say(
                    "Nothing to draft: no SKU needs ordering that is not already on a PO\(supplier.map { " (supplier \($0))" } ?? "")."
                )
            } else if plan.orders.isEmpty {
                say("Nothing drafted: \(plan.skipped.count) SKU(s) need ordering but cannot be drafted:")
            }
            for order in plan.orders {
                let auto =
                    plan.autoApproved.contains(order.id)
                    ? " — approved automatically (within OnePool's limit)" : " — awaiting approval"
                say(
                    "\(order.id)  \(order.supplier)  \(order.lines.count) line(s)  \(order.units) units  \(order.value)\(auto)"
                )
            }
            // Why a SKU that needs ordering was left out is part of the answer: standard output.
            let skipped = Dictionary(grouping: plan.skipped, by: \.reason.commandLineText)
            for (reason, entries) in skipped.sorted(by: { $0.key < $1.key }) {
                let codes = entries.map(\.sku).sorted()
                let named = codes.prefix(5).joined(separator: ", ") + (codes.count > 5 ? ", …" : "")
                say("  skipped \(entries.count) SKU(s) (\(named)): \(reason)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List purchase orders.")
        @OptionGroup var options: StoreOptions
        @OptionGroup var output: FormatOptions
        @Option(help: "drafted, approved, rejected, sent, received, closed or cancelled.") var status: String?

        func run() throws {
            if let status, POStatus(rawValue: status) == nil {
                throw CLIError(
                    "--status '\(status)' is not known: expected \(POStatus.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            let state = try options.openStore().state
            let now = Clock.now()
            let records = state.purchasing.orders.values.sorted(by: { $0.order.id < $1.order.id })
            let rows = records.filter { status == nil || $0.status.rawValue == status }.map { record -> PORow in
                PORow(
                    po: Identifier(record.order.id), supplier: Identifier(record.order.supplier),
                    status: Identifier(record.status.rawValue),
                    lines: record.order.lines.count, units: record.order.units, value: Amount(record.order.value),
                    drafted: CivilDate.text(record.draftedAt, offsetSeconds: 0),
                    approvedBy: record.approvedBy.map { Identifier($0) },
                    expected: CivilDate(dayNumber: record.expectedArrival.day()).description,
                    late: record.isLate(at: now))
            }
            show(Output.rows(rows, format: output.format), format: output.format)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a PO: its lines, why each quantity, what has arrived.",
            discussion: """
                CSV: one row per line, with its reason. The document sent to the supplier (`po send`) \
                carries no reasons.
                """)
        @OptionGroup var options: StoreOptions
        @OptionGroup var output: FormatOptions
        @Argument(help: "The PO id, e.g. PO-00003.") var id: PurchaseOrderID

        func run() throws {
            let state = try options.openStore().state
            guard let record = state.purchasing.orders[id] else {
                throw StoreError.refused(.unknownPurchaseOrder(id))
            }
            let detail = PODocument.detail(record, state: state)
            switch output.format {
            case .table: say(PODocument.internalText(detail))
            case .csv: emit(Output.rows(detail.lines, format: .csv))
            case .json: emit(Output.json(detail))
            }
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve a drafted PO (you must be an approver, within your limit).")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The PO id.") var id: PurchaseOrderID

        func run() throws {
            let approver = try options.actor(.authority(verb: "po approve"))
            _ = try options.commitOne(
                .purchasing(.approved(id: id, approver: approver)), as: .authority(verb: "po approve"))
            say("\(id) approved by \(approver)")
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject a drafted PO, with the reason.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The PO id.") var id: PurchaseOrderID
        @Option(help: "Why (recorded).") var reason: String

        func run() throws {
            let approver = try options.actor(.authority(verb: "po reject"))
            _ = try options.commitOne(
                .purchasing(.rejected(id: id, approver: approver, reason: reason)), as: .authority(verb: "po reject"))
            say("\(id) rejected by \(approver): \(reason)")
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a drafted PO's quantity of a SKU (0 removes the line; a new SKU adds one).")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The PO id.") var id: PurchaseOrderID
        @Option(help: "The SKU.") var sku: SKUCode
        @Option(
            help: OptionRanges.unitsOrZero.help("The new quantity (0 removes the line)."),
            transform: OptionRanges.unitsOrZero.read)
        var qty: Int

        func run() throws {
            let (_, appended) = try options.commitOne(.purchasing(.edited(id: id, sku: sku, quantity: qty)))
            say("\(id): \(sku) " + (appended ? "set to \(qty)" : "is \(qty) already (nothing written)"))
        }
    }

    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send an approved PO: writes its CSV and printable text, and its units become incoming.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The PO id.") var id: PurchaseOrderID
        @Option(help: "Directory for PO-…csv and PO-…txt.") var out: String = "."

        func run() throws {
            let store = try options.openStore()
            let commit = try store.transact(actor: try options.actor(.operator), time: Clock.now()) { state in
                guard let record = state.purchasing.orders[id] else {
                    throw StoreError.refused(.unknownPurchaseOrder(id))
                }
                guard record.status == .approved else {
                    throw StoreError.refused(
                        .purchaseOrder(id, "is \(record.status.rawValue): only an approved PO can be sent"))
                }
                // The documents first: a PO recorded as sent always has its files.
                try PODocument.write(record, state: state, to: out)
                return ([ProposedChange(.purchasing(.sent(id: id)))], ())
            }
            _ = commit
            say("\(id) sent: \(out)/\(id).csv and \(out)/\(id).txt")
        }
    }

    struct Receive: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record goods arriving against a sent PO (all that is outstanding, or one SKU).",
            discussion: """
                More than ordered is accepted up to a small tolerance (a tenth of the line, at least one \
                unit); beyond it the receipt is refused unless --over says that many really arrived. \
                The PO is "partly-received" while any line has units still to come, "received" once none has.
                --ref names the delivery note: the same note, PO and SKU is one receipt, so a retry \
                after a crash or a lost answer never counts the goods twice; two partial deliveries \
                carry two notes.
                Examples:
                  onepool po receive PO-00003 --ref DN-20931
                  onepool po receive PO-00003 --sku MUG-BLUE --qty 40 --ref DN-20932
                """)
        @OptionGroup var options: StoreOptions
        @Argument(help: "The PO id.") var id: PurchaseOrderID
        @Option(help: "Only this SKU.") var sku: SKUCode?
        @Option(
            help: OptionRanges.units.help("Units that arrived (with --sku)."), transform: OptionRanges.units.read)
        var qty: Int?
        @Option(help: "The delivery note: the same note, PO and SKU is one receipt.") var ref: String?
        @Flag(help: "More arrived than ordered, beyond the tolerance, and that is what to record.") var over = false

        func run() throws {
            if (sku == nil) != (qty == nil) {
                throw CLIError("give --sku and --qty together, or neither to receive everything outstanding")
            }
            let (store, commit) = try options.commit(as: .recorder) {
                state -> ([ProposedChange], [(SKUCode, Int, Int)])
                in
                guard let record = state.purchasing.orders[id] else {
                    throw StoreError.refused(.unknownPurchaseOrder(id))
                }
                let lines: [(SKUCode, Int)] =
                    sku.map { [($0, qty ?? 0)] }
                    ?? record.order.lines.map { ($0.sku, record.outstanding($0.sku)) }.filter { $0.1 > 0 }
                if lines.isEmpty { throw CLIError("\(id) has nothing outstanding") }
                for (code, units) in lines where record.order.lines.contains(where: { $0.sku == code }) {
                    let check = Result { () throws(Refusal) in
                        try record.checkReceipt(code, quantity: units, over: over)
                    }
                    if case .failure(let refusal) = check { throw StoreError.refused(refusal) }
                }
                let changes = lines.map { line in
                    ProposedChange(
                        .purchasing(.received(id: id, sku: line.0, quantity: line.1)),
                        idempotencyKey: ref.map { ReferenceKeys.purchaseReceipt(order: id, reference: $0, sku: line.0) }
                    )
                }
                return (changes, lines.map { ($0.0, $0.1, record.outstanding($0.0)) })
            }
            let recorded = Set(
                commit.appended.compactMap { event -> SKUCode? in
                    if case .purchasing(.received(_, let code, _)) = event.change { return code }
                    return nil
                })
            for (code, _, _) in commit.result where !recorded.contains(code) {
                say(
                    "Already recorded: delivery \(ref ?? "") of \(code) against \(id) was received before (nothing changed)"
                )
            }
            for (code, units, outstanding) in commit.result where recorded.contains(code) {
                let note =
                    units > outstanding
                    ? " (over-receipt: \(units - outstanding) more than ordered)"
                    : units < outstanding ? " (\(outstanding - units) still to come)" : ""
                say("\(id): received \(units) × \(code)\(note); \(store.state.stock(code)?.summary ?? "")")
            }
            guard let record = store.state.purchasing.orders[id] else { return }
            if record.isFullyReceived {
                say("\(id) is fully received: close it with `onepool po close \(id)`")
            } else {
                let left = record.order.lines.filter { record.outstanding($0.sku) > 0 }
                let units = left.reduce(0) { $0 + record.outstanding($1.sku) }
                say("\(id) is \(record.status.rawValue): \(left.count) line(s) still to come (\(units) units)")
            }
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close a sent PO: what has not arrived is no longer expected.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The PO id.") var id: PurchaseOrderID

        func run() throws {
            _ = try options.commitOne(.purchasing(.closed(id: id)))
            say("\(id) closed")
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a PO, with the reason.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The PO id.") var id: PurchaseOrderID
        @Option(help: "Why (recorded).") var reason: String

        func run() throws {
            _ = try options.commitOne(.purchasing(.cancelled(id: id, reason: reason)))
            say("\(id) cancelled: \(reason)")
        }
    }
}

extension Commit {
    /// Lets a `transact` call site read as a pair with `commit(…)`.
    var split: (Void, Commit<Result>) { ((), self) }
}
