import OnePoolCore
import Testing

/// The purchase-order state machine: only allowed transitions, approvals within limits, and
/// stock that follows sending and receiving exactly.
@Suite struct PurchasingTests {
    private func setUp() throws -> (StockState, EventFactory) {
        var (state, factory) = try startingState()
        try factory.apply(
            .purchasing(
                .supplierSet(Supplier(code: "ACME", name: "Acme Ceramics", leadTimeDays: 14, minimumOrderUnits: 24))),
            to: &state)
        try factory.apply(.purchasing(.approverSet(user: "ana", limit: Money(cents: 50_000))), to: &state)
        try factory.apply(.purchasing(.approverSet(user: "bob", limit: Money(cents: 1_000))), to: &state)
        return (state, factory)
    }

    private func draft(_ quantity: Int = 48, id: PurchaseOrderID = "PO-00001") -> Change {
        .purchasing(
            .drafted(
                PurchaseOrder(
                    id: id, supplier: "ACME",
                    lines: [
                        POLine(
                            sku: "MUG", quantity: quantity, unitCost: Money(cents: 310), reason: "below reorder point")
                    ],
                    expectedAt: Timestamp(secondsSince1970: 1_781_000_000))))
    }

    private func refusal(_ change: Change, _ state: StockState) -> Refusal? {
        do {
            try state.check(change)
            return nil
        } catch {
            return error
        }
    }

    @Test func approvalNeedsAnApproverWithinTheirLimit() throws {
        var (state, factory) = try setUp()
        try factory.apply(draft(), to: &state)  // 48 × 3.10 = 148.80
        #expect(refusal(.purchasing(.approved(id: "PO-00001", approver: "eve")), state) == .notAnApprover("eve"))
        #expect(
            refusal(.purchasing(.approved(id: "PO-00001", approver: "bob")), state)
                == .overApprovalLimit("bob", limit: Money(cents: 1_000), value: Money(cents: 14_880)))
        try factory.apply(.purchasing(.approved(id: "PO-00001", approver: "ana")), to: &state)
        let record = try #require(state.purchasing.orders["PO-00001"])
        #expect(record.status == .approved)
        #expect(record.approvedBy == "ana")
    }

    @Test func onlyAllowedTransitionsHappen() throws {
        var (state, factory) = try setUp()
        try factory.apply(draft(), to: &state)
        // A draft cannot be sent or received before approval.
        #expect(
            refusal(.purchasing(.sent(id: "PO-00001")), state)
                == .purchaseOrder("PO-00001", "is drafted: cannot send it"))
        #expect(refusal(.purchasing(.received(id: "PO-00001", sku: "MUG", quantity: 1)), state) != nil)
        try factory.apply(.purchasing(.approved(id: "PO-00001", approver: "ana")), to: &state)
        #expect(
            refusal(.purchasing(.edited(id: "PO-00001", sku: "MUG", quantity: 10)), state) != nil,
            "approved POs are not edited")
        #expect(refusal(.purchasing(.approved(id: "PO-00001", approver: "ana")), state) != nil, "approved twice")
        try factory.apply(.purchasing(.sent(id: "PO-00001")), to: &state)
        try factory.apply(.purchasing(.closed(id: "PO-00001")), to: &state)
        for change in [
            PurchasingChange.sent(id: "PO-00001"), .cancelled(id: "PO-00001", reason: "x"),
            .received(id: "PO-00001", sku: "MUG", quantity: 1),
        ] {
            #expect(refusal(.purchasing(change), state) != nil, "closed is final: \(change)")
        }
        #expect(refusal(draft(id: "PO-00001"), state) == .purchaseOrder("PO-00001", "already exists"))
    }

    @Test func partialReceiptsMoveIncomingToOnHandExactly() throws {
        var (state, factory) = try setUp()
        let before = try #require(state.stock("MUG"))
        try factory.apply(draft(48), to: &state)
        #expect(state.purchasing.onOrder("MUG") == 48)
        #expect(state.stock("MUG")?.incoming == before.incoming, "a draft is not incoming yet")
        try factory.apply(.purchasing(.approved(id: "PO-00001", approver: "ana")), to: &state)
        try factory.apply(.purchasing(.sent(id: "PO-00001")), to: &state)
        #expect(state.stock("MUG")?.incoming == before.incoming + 48)
        #expect(state.purchasing.onOrder("MUG") == 0)
        try factory.apply(.purchasing(.received(id: "PO-00001", sku: "MUG", quantity: 30)), to: &state)
        #expect(state.purchasing.orders["PO-00001"]?.status == .partlyReceived, "18 still to come")
        #expect(state.stock("MUG")?.onHand == before.onHand + 30)
        #expect(state.stock("MUG")?.incoming == before.incoming + 18)
        #expect(state.purchasing.orders["PO-00001"]?.outstanding("MUG") == 18)
        // An over-receipt: 20 arrive for the 18 outstanding; incoming does not go below what other POs bring.
        try factory.apply(.purchasing(.received(id: "PO-00001", sku: "MUG", quantity: 20)), to: &state)
        #expect(state.stock("MUG")?.onHand == before.onHand + 50)
        #expect(state.stock("MUG")?.incoming == before.incoming)
        #expect(state.purchasing.orders["PO-00001"]?.received["MUG"] == 50)
        #expect(state.purchasing.orders["PO-00001"]?.status == .received)
    }

    /// Over-receipts: a tenth of the line (at least a unit) passes; beyond it only with --over.
    @Test func anOverReceiptBeyondTheToleranceNeedsToBeMeant() throws {
        var (state, factory) = try setUp()
        try factory.apply(draft(12), to: &state)
        try factory.apply(.purchasing(.approved(id: "PO-00001", approver: "ana")), to: &state)
        try factory.apply(.purchasing(.sent(id: "PO-00001")), to: &state)
        let record = try #require(state.purchasing.orders["PO-00001"])
        #expect(record.receivableWithoutOver("MUG") == 14)
        #expect(throws: Never.self) { try record.checkReceipt("MUG", quantity: 14, over: false) }
        #expect(throws: Refusal.self) { try record.checkReceipt("MUG", quantity: 15, over: false) }
        #expect(throws: Refusal.self) { try record.checkReceipt("MUG", quantity: 5000, over: false) }
        #expect(throws: Never.self) { try record.checkReceipt("MUG", quantity: 5000, over: true) }
        try factory.apply(.purchasing(.received(id: "PO-00001", sku: "MUG", quantity: 10)), to: &state)
        // What has arrived counts: 4 more may come without --over.
        #expect(state.purchasing.orders["PO-00001"]?.receivableWithoutOver("MUG") == 4)
        var small = record
        small.order.lines[0].quantity = 3
        small.received = [:]
        #expect(small.receivableWithoutOver("MUG") == 4, "at least one unit of tolerance")
    }

    /// A no-op writes no event: `commit` drops a change that would leave the state as it is.
    @Test func noOpsAreNotCommitted() throws {
        var (state, _) = try setUp()
        let time = Timestamp(secondsSince1970: 1_790_000_000)
        let noOps: [Change] = [
            .purchasing(.approverSet(user: "nobody", limit: nil)),
            .purchasing(.approverSet(user: "ana", limit: Money(cents: 50_000))),
            .purchasing(.supplierSet(try #require(state.purchasing.suppliers["ACME"]))),
            .safetySet(sku: "MUG", quantity: 0),
            .listingMapped(ListingKey(channel: "shopify", listing: "MUG"), ListingMapping(sku: "MUG")),
            .skuUpdated(try #require(state.sku("MUG"))),
            .channelConfigured(name: "amazon", settings: try #require(state.channelSettings["amazon"])),
        ]
        let sequence = state.lastSequence
        for change in noOps {
            #expect(state.changesNothing(change), "\(change)")
            #expect(try state.commit(ProposedChange(change), time: time) == false, "\(change)")
        }
        #expect(state.lastSequence == sequence)
        let real = Change.purchasing(.approverSet(user: "ana", limit: Money(cents: 60_000)))
        #expect(!state.changesNothing(real))
        #expect(try state.commit(ProposedChange(real), time: time))
    }

    @Test func closingOrCancellingASentPORemovesWhatWillNotArrive() throws {
        var (state, factory) = try setUp()
        try factory.apply(draft(48), to: &state)
        try factory.apply(.purchasing(.approved(id: "PO-00001", approver: "ana")), to: &state)
        try factory.apply(.purchasing(.sent(id: "PO-00001")), to: &state)
        try factory.apply(.purchasing(.received(id: "PO-00001", sku: "MUG", quantity: 40)), to: &state)
        try factory.apply(.purchasing(.closed(id: "PO-00001")), to: &state)
        #expect(state.stock("MUG")?.incoming == 0)
        #expect(state.purchasing.orders["PO-00001"]?.status == .closed)
    }

    @Test func editingADraftChangesItsLinesAndNeverEmptiesIt() throws {
        var (state, factory) = try setUp()
        try factory.apply(draft(48), to: &state)
        try factory.apply(.purchasing(.edited(id: "PO-00001", sku: "MUG", quantity: 60)), to: &state)
        #expect(state.purchasing.orders["PO-00001"]?.order.lines.first?.quantity == 60)
        #expect(refusal(.purchasing(.edited(id: "PO-00001", sku: "MUG", quantity: 0)), state) != nil)
    }

    @Test func automaticApprovalOnlyWhereAutonomyIsAutomatic() throws {
        var (state, factory) = try setUp()
        try factory.apply(
            .purchasing(.approverSet(user: PurchasingState.automaticApprover, limit: Money(cents: 100_000))), to: &state
        )
        try factory.apply(draft(), to: &state)
        #expect(refusal(.purchasing(.approved(id: "PO-00001", approver: "onepool")), state) != nil)
        try factory.apply(.purchasing(.autonomySet(.supplier("ACME"), .automatic)), to: &state)
        try factory.apply(.purchasing(.approved(id: "PO-00001", approver: "onepool")), to: &state)
        #expect(state.purchasing.orders["PO-00001"]?.approvedBy == "onepool")
        // A SKU's own setting overrides its supplier's.
        try factory.apply(.purchasing(.autonomySet(.sku("MUG"), .recommend)), to: &state)
        #expect(state.purchasing.autonomy(sku: "MUG", supplier: "ACME") == .recommend)
    }
}
