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
        subcommands: [Draft.self, List.self, Show.self, Approve.self, Reject.self, Edit.self, Send.self, Receive.self, Close.self, Cancel.self])

    struct Draft: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Draft POs (one per supplier) from what `onepool reorder` recommends.")
        @OptionGroup var options: StoreOptions
        @OptionGroup var policy: ReplenishmentOptions
        @Option(help: "Only this supplier.") var supplier: String?

        func run() throws {
            let context = try ReplenishmentContext.load(options)
            let planner = context.planner(policy.settings)
            let recommendations = context.recommendations(planner)
            let now = Clock.now()
            let (_, commit) = try context.store.transact(actor: options.actorName, time: now) { state in
                // Re-plan under the lock against the state as it is now (another draft may have landed).
                let plan = DraftPlan.make(state: state, recommendations: recommendations.filter { state.purchasing.onOrder($0.sku) == 0 },
                                          time: now, supplier: supplier)
                var changes = plan.orders.map { ProposedChange(.purchasing(.drafted($0))) }
                changes += plan.autoApproved.map { ProposedChange(.purchasing(.approved(id: $0, approver: PurchasingState.automaticApprover))) }
                return (changes, plan)
            }.split
            let plan = commit.result
            if plan.orders.isEmpty {
                print("Nothing to draft: no SKU needs ordering that is not already on a PO\(supplier.map { " (supplier \($0))" } ?? "").")
            }
            for order in plan.orders {
                let auto = plan.autoApproved.contains(order.id) ? " — approved automatically (within OnePool's limit)" : " — awaiting approval"
                print("\(order.id)  \(order.supplier)  \(order.lines.count) line(s)  \(order.units) units  \(order.value)\(auto)")
            }
            let skipped = Dictionary(grouping: plan.skipped, by: \.reason)
            for (reason, entries) in skipped.sorted(by: { $0.key < $1.key }) {
                Console.note("skipped \(entries.count) SKU(s): \(reason)")
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
                throw CLIError("--status '\(status)' is not known: expected \(POStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let state = try options.openStore().state
            let now = Clock.now()
            var table = Table([
                .init("po"), .init("supplier"), .init("status"), .init("lines", .number), .init("units", .number), .init("value", .number),
                .init("drafted"), .init("approved_by"), .init("expected"), .init("late"),
            ])
            for record in state.purchasing.orders.values.sorted(by: { $0.order.id < $1.order.id }) where status == nil || record.status.rawValue == status {
                table.add([
                    record.order.id, record.order.supplier, record.status.rawValue, "\(record.order.lines.count)", "\(record.order.units)",
                    "\(record.order.value)", CivilDate.text(record.draftedAt, offsetSeconds: 0), record.approvedBy ?? "",
                    CivilDate(dayNumber: record.expectedArrival.day()).description, record.isLate(at: now) ? "LATE" : "",
                ])
            }
            print(table.render(output.format))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a PO: its lines, why each quantity, what has arrived.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The PO id, e.g. PO-00003.") var id: String

        func run() throws {
            let state = try options.openStore().state
            guard let record = state.purchasing.orders[id] else { throw StoreError.refused(.purchaseOrder(id, "does not exist (see `onepool po list`)")) }
            print(PODocument.text(record, state: state))
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a drafted PO (you must be an approver, within your limit).")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The PO id.") var id: String

        func run() throws {
            let approver = options.actorName
            _ = try options.commitOne(.purchasing(.approved(id: id, approver: approver)))
            print("\(id) approved by \(approver)")
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject a drafted PO, with the reason.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The PO id.") var id: String
        @Option(help: "Why (recorded).") var reason: String

        func run() throws {
            _ = try options.commitOne(.purchasing(.rejected(id: id, approver: options.actorName, reason: reason)))
            print("\(id) rejected by \(options.actorName): \(reason)")
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a drafted PO's quantity of a SKU (0 removes the line; a new SKU adds one).")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The PO id.") var id: String
        @Option(help: "The SKU.") var sku: String
        @Option(help: "The new quantity.") var qty: Int

        func run() throws {
            _ = try options.commitOne(.purchasing(.edited(id: id, sku: sku, quantity: qty)))
            print("\(id): \(sku) set to \(qty)")
        }
    }

    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send an approved PO: writes its CSV and printable text, and its units become incoming.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The PO id.") var id: String
        @Option(help: "Directory for PO-…csv and PO-…txt (default: the current directory).") var out: String = "."

        func run() throws {
            let store = try options.openStore()
            let commit = try store.transact(actor: options.actorName, time: Clock.now()) { state in
                guard let record = state.purchasing.orders[id] else { throw StoreError.refused(.purchaseOrder(id, "does not exist")) }
                guard record.status == .approved else {
                    throw StoreError.refused(.purchaseOrder(id, "is \(record.status.rawValue): only an approved PO can be sent"))
                }
                // The documents first: a PO recorded as sent always has its files.
                try PODocument.write(record, state: state, to: out)
                return ([ProposedChange(.purchasing(.sent(id: id)))], ())
            }
            _ = commit
            print("\(id) sent: \(out)/\(id).csv and \(out)/\(id).txt")
        }
    }

    struct Receive: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record goods arriving against a sent PO (all that is outstanding, or one SKU).")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The PO id.") var id: String
        @Option(help: "Only this SKU.") var sku: String?
        @Option(help: "Units that arrived (with --sku).") var qty: Int?

        func run() throws {
            if (sku == nil) != (qty == nil) { throw CLIError("give --sku and --qty together, or neither to receive everything outstanding") }
            let (store, commit) = try options.commit { state -> (changes: [ProposedChange], result: [(String, Int, Int)]) in
                guard let record = state.purchasing.orders[id] else { throw StoreError.refused(.purchaseOrder(id, "does not exist")) }
                let lines: [(String, Int)] = sku.map { [($0, qty ?? 0)] } ?? record.order.lines.map { ($0.sku, record.outstanding($0.sku)) }.filter { $0.1 > 0 }
                if lines.isEmpty { throw CLIError("\(id) has nothing outstanding") }
                return (lines.map { ProposedChange(.purchasing(.received(id: id, sku: $0.0, quantity: $0.1))) },
                        lines.map { ($0.0, $0.1, record.outstanding($0.0)) })
            }
            for (code, units, outstanding) in commit.result {
                let note = units > outstanding ? " (over-receipt: \(units - outstanding) more than ordered)" : units < outstanding ? " (\(outstanding - units) still to come)" : ""
                print("\(id): received \(units) × \(code)\(note); \(store.state.stock(code)?.summary ?? "")")
            }
            if let record = store.state.purchasing.orders[id], record.order.lines.allSatisfy({ record.outstanding($0.sku) == 0 }) {
                print("\(id) is fully received: close it with `onepool po close \(id)`")
            }
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a sent PO: what has not arrived is no longer expected.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The PO id.") var id: String

        func run() throws {
            _ = try options.commitOne(.purchasing(.closed(id: id)))
            print("\(id) closed")
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a PO, with the reason.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The PO id.") var id: String
        @Option(help: "Why (recorded).") var reason: String

        func run() throws {
            _ = try options.commitOne(.purchasing(.cancelled(id: id, reason: reason)))
            print("\(id) cancelled: \(reason)")
        }
    }
}

extension Commit {
    /// Lets a `transact` call site read as a pair with `commit(…)`.
    var split: (Void, Commit<Result>) { ((), self) }
}
