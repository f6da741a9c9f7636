import OnePoolChannels
import OnePoolCore
import Testing

/// A newer export in which the channel edited lines: each edit is an amendment, listed in the
/// summary, folded into committed units, and importing the same file again changes nothing.
@Suite struct ImportAmendmentTests {
    private let header = "channel,order_id,line,sku,qty,unit_price,placed_at,status,status_at\n"

    private func store() throws -> MemoryStore {
        var store = MemoryStore()
        _ = try store.importCatalogue(
            try csvFile("sku,title,cost,price,on_hand\nMUG,Mug,3.00,12.00,50\nBOX,Box,1.00,4.00,10\n"),
            asOf: time("2024-05-01T00:00:00Z"))
        let first =
            header
            + "till,1,1,MUG,2,12.00,2024-05-02T10:00:00Z,open,\ntill,2,1,MUG,1,12.00,2024-05-02T11:00:00Z,open,\n"
            + "till,3,1,MUG,1,12.00,2024-05-02T11:00:00Z,shipped,2024-05-02T12:00:00Z\n"
        _ = try store.importOrders(try csvFile(first, name: "first.csv"), channel: "till")
        #expect(store.state.stock("MUG") == StockLevel(onHand: 49, committed: 3))
        return store
    }

    @Test func editedLinesAreAmendedAndListed() throws {
        var store = try store()
        // Line 1: 2 → 5 units; line 2: MUG → BOX and shipped; line 3 (shipped): 1 → 2.
        let edited =
            header + "till,1,1,MUG,5,12.00,2024-05-02T10:00:00Z,open,\n"
            + "till,2,1,BOX,1,4.00,2024-05-02T11:00:00Z,shipped,2024-05-03T09:00:00Z\n"
            + "till,3,1,MUG,2,12.00,2024-05-02T11:00:00Z,shipped,2024-05-02T12:00:00Z\n"
        let (_, plan) = try store.importOrders(try csvFile(edited, name: "edited.csv"), channel: "till")
        #expect(plan.problems.isEmpty)
        #expect(
            plan.changes.map(\.change.kind) == ["order-amended", "order-amended", "order-shipped", "order-amended"])
        #expect(plan.summary.amended == 3)
        #expect(plan.summary.amendments.map(\.source) == ["edited.csv:2", "edited.csv:3", "edited.csv:4"])
        #expect(plan.summary.amendments[0].summary == "2 × MUG @ 12.00 → 5 × MUG @ 12.00")
        #expect(plan.summary.amendments[1].after.sku == "BOX")
        #expect(plan.summary.amendments[2].before == nil)
        // MUG: line 1 commits 5; line 2 left for BOX and shipped from it; line 3's shipment stands.
        #expect(store.state.stock("MUG") == StockLevel(onHand: 49, committed: 5))
        #expect(store.state.stock("BOX") == StockLevel(onHand: 9, committed: 0))
        let (_, again) = try store.importOrders(try csvFile(edited, name: "edited.csv"), channel: "till")
        #expect(again.changes.isEmpty)
        #expect(again.summary.unchanged == 3)
    }

    @Test func aRowWithoutAPriceIsNotAPriceEdit() throws {
        var store = try store()
        let noPrice = header + "till,1,1,MUG,2,,2024-05-02T10:00:00Z,open,\n"
        let (_, plan) = try store.importOrders(try csvFile(noPrice), channel: "till")
        #expect(plan.changes.isEmpty)
        let cheaper = header + "till,1,1,MUG,2,9.99,2024-05-02T10:00:00Z,open,\n"
        let (_, priced) = try store.importOrders(try csvFile(cheaper), channel: "till")
        #expect(priced.summary.amendments.map(\.summary) == ["2 × MUG @ 12.00 → 2 × MUG @ 9.99"])
        #expect(store.state.stock("MUG")?.committed == 3)
    }

    @Test func aWaitingLineReportedWithOtherFactsReplacesItsQueueEntry() throws {
        var store = try store()
        let parked = header + "till,9,1,MUG-6PK,1,60.00,2024-05-02T10:00:00Z,open,\n"
        _ = try store.importOrders(try csvFile(parked), channel: "till")
        let edited = header + "till,9,1,MUG-6PK,3,60.00,2024-05-02T10:00:00Z,open,\n"
        let (_, plan) = try store.importOrders(try csvFile(edited), channel: "till")
        #expect(plan.summary.requeued.map(\.quantity) == [3])
        #expect(plan.summary.parked == 0)
        #expect(store.state.unmappedListings().first?.openUnits == 3)
        let (_, again) = try store.importOrders(try csvFile(edited), channel: "till")
        #expect(again.changes.isEmpty)
    }
}
