import Foundation
import OnePoolCore
import OnePoolStore

/// The demo's purchasing, set up after its history: the three suppliers on record with their
/// terms, the person running the demo as an approver, one supplier in automatic mode, and this
/// morning's drafts from the replenishment recommendations — so the approval queue and the
/// briefing have something real to show.
enum DemoPurchasing {
    static func setUp(store: Store, user: UserName, now: Timestamp, utcOffsetSeconds: Int) throws {
        var changes: [ProposedChange] = []
        for supplier in DemoSupplier.all {
            let pack = supplier.casePacks.first ?? 1
            changes.append(
                ProposedChange(
                    .purchasing(
                        .supplierSet(
                            Supplier(
                                code: supplier.name, name: supplier.name, leadTimeDays: supplier.leadTimeDays,
                                minimumOrderUnits: pack * supplier.minimumCases.lowerBound,
                                minimumOrderValue: Money(cents: 10_000 * Int64(supplier.minimumCases.lowerBound)),
                                casePack: pack, currency: "GBP",
                                contact: "orders@" + supplier.name.lowercased().filter(\.isLetter) + ".example")))))
        }
        changes.append(ProposedChange(.purchasing(.approverSet(user: user, limit: Money(cents: 2_500_000)))))
        changes.append(
            ProposedChange(
                .purchasing(.approverSet(user: PurchasingState.automaticApprover, limit: Money(cents: 60_000)))))
        changes.append(ProposedChange(.purchasing(.autonomySet(.supplier(DemoSupplier.all[0].name), .automatic))))
        _ = try store.transact(actor: DemoGenerator.actor, time: now) { _ in (changes, ()) }

        var history = ReplenishmentHistory(utcOffsetSeconds: utcOffsetSeconds)
        try store.forEachEvent { history.record($0) }
        let today = now.day(offsetSeconds: utcOffsetSeconds)
        history.inferClosedDays(through: today - 1)
        _ = try store.transact(actor: DemoGenerator.actor, time: now) { state in
            // The replenishment pass every front end runs: the same planned SKUs, the planner
            // calibrated on the store's own sample, each SKU's input built one way.
            let planner = ReplenishmentPlanner().calibrated(state: state, history: history, today: today)
            let recommendations = ReplenishmentPlanner.plannedPools(state).map {
                planner.recommend($0, state: state, history: history, today: today)
            }
            let plan = DraftPlan.make(state: state, recommendations: recommendations, time: now)
            return (
                plan.orders.map { ProposedChange(.purchasing(.drafted($0))) }
                    + plan.autoApproved.map {
                        ProposedChange(.purchasing(.approved(id: $0, approver: PurchasingState.automaticApprover)))
                    }, ()
            )
        }
    }
}
