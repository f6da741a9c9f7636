import OnePoolChannels
import OnePoolCore
import Testing

/// Returns files: Amazon's seller-fulfilled returns report (the sample) and the generic CSV,
/// matched to shipped lines, all or nothing, problems as file:line:column.
@Suite struct ReturnImportTests {
    /// The Amazon sample orders imported into a store holding the three SKUs they sell.
    private func storeWithAmazonOrders() throws -> MemoryStore {
        var store = MemoryStore()
        for code in ["MUG-ENM-BLK-12", "SKIL-CI-10", "CARD-TY-3"] {
            store.apply([
                ProposedChange(
                    .skuCreated(
                        SKU(code: SKUCode(code), title: code, unitCost: Money(cents: 400), price: Money(cents: 1000)))),
                ProposedChange(.received(sku: SKUCode(code), quantity: 20, reference: nil, fromIncoming: 0)),
            ])
        }
        _ = try store.importOrders(try Samples.file("amazon_all_orders.txt"), channel: "amazon")
        return store
    }

    private func plan(_ file: DelimitedFile, _ store: MemoryStore, channel: ChannelName? = "amazon") throws
        -> ReturnImportPlan
    {
        let format = try #require(ReturnFileFormat.detect(file))
        let reading = try ReturnFileFormat.read(file, as: format)
        #expect(reading.rejected.isEmpty)
        return ReturnImportPlan.make(reading, file: file.file, channel: channel, state: store.state, time: store.time)
    }

    @Test func amazonsReturnsReportArrivesAwaitingInspectionOnTheShippedLines() throws {
        var store = try storeWithAmazonOrders()
        let file = try Samples.file("amazon_returns_mfn.txt")
        #expect(ReturnFileFormat.detect(file) == .amazon)
        let reading = try ReturnFileFormat.read(file, as: .amazon)
        // Three rows have no delivery date: in transit, or a refund without a return.
        #expect(reading.returns.count == 2)
        #expect(reading.skipped.values.reduce(0, +) == 3)
        let plan = ReturnImportPlan.make(
            reading, file: file.file, channel: "amazon", state: store.state, time: store.time)
        #expect(plan.problems.isEmpty, "\(plan.problems)")
        #expect(plan.recorded == 2 && plan.units == 2)
        // One RMA covering two lines of order …0001: each line its own return, with its reason.
        let arrived = plan.changes.compactMap { change -> ReturnedLine? in
            if case .returns(.arrived(let line)) = change.change { line } else { nil }
        }
        #expect(arrived.map(\.sku) == ["MUG-ENM-BLK-12", "SKIL-CI-10"])
        #expect(arrived.map(\.reason) == ["CR-DAMAGED_BY_CARRIER", "CR-DEFECTIVE"])
        #expect(Set(arrived.map(\.returnID)) == ["Dq7LmTx2RRMA"])
        #expect(Set(arrived.map(\.id.line)).count == 2)
        #expect(arrived.first?.time == Timestamp(secondsSince1970: 1_715_644_800))  // 14-May-2024
        let before = store.state.stock("MUG-ENM-BLK-12")
        store.apply(plan.changes)
        #expect(store.state.stock("MUG-ENM-BLK-12")?.unsellable == (before?.unsellable ?? 0) + 1)
        #expect(store.state.returns.awaitingUnits("SKIL-CI-10") == 1)
        // The same report again: nothing to write.
        let again = try self.plan(file, store)
        #expect(again.changes.isEmpty && again.unchanged == 2 && again.problems.isEmpty)
    }

    @Test func genericReturnsCSVWithAndWithoutLineNumbers() throws {
        var store = MemoryStore()
        store.apply([
            ProposedChange(.skuCreated(SKU(code: "MUG", title: "Mug"))),
            ProposedChange(.received(sku: "MUG", quantity: 10, reference: nil, fromIncoming: 0)),
        ])
        let orders = try DelimitedFile.read(
            bytes: Array(
                """
                channel,order_id,line,sku,qty,unit_price,placed_at,status
                till,T-1,1,MUG,2,9.00,2024-05-01,shipped
                till,T-1,2,MUG,1,9.00,2024-05-01,shipped
                till,T-2,1,MUG,1,9.00,2024-05-01,open

                """.utf8), file: "orders.csv")
        _ = try store.importOrders(orders, channel: "till")
        let returns = try DelimitedFile.read(
            bytes: Array(
                """
                channel,order_id,line,sku,qty,reason,return_id,returned_at
                till,T-1,,MUG,2,wrong size,,2024-05-09
                till,T-1,2,MUG,1,,R-9,2024-05-10T12:00:00Z

                """.utf8), file: "returns.csv")
        #expect(ReturnFileFormat.detect(returns) == .generic)
        let plan = try self.plan(returns, store, channel: nil)
        #expect(plan.problems.isEmpty, "\(plan.problems)")
        store.apply(plan.changes)
        #expect(store.state.returns.shipped[OrderLineID(channel: "till", order: "T-1", line: 1)]?.returned == 2)
        #expect(store.state.returns.shipped[OrderLineID(channel: "till", order: "T-1", line: 2)]?.returned == 1)
        #expect(store.state.returns.awaitingQueue.last?.line.reason == "no reason given")
    }

    @Test func badRowsAndImpossibleReturnsAreNamedByLineAndNothingIsPlanned() throws {
        var store = MemoryStore()
        store.apply([ProposedChange(.skuCreated(SKU(code: "MUG", title: "Mug")))])
        let orders = try DelimitedFile.read(
            bytes: Array(
                """
                channel,order_id,line,sku,qty,unit_price,placed_at,status
                till,T-1,1,MUG,2,9.00,2024-05-01,shipped
                till,T-2,1,MUG,1,9.00,2024-05-01,open

                """.utf8), file: "orders.csv")
        store.apply([ProposedChange(.received(sku: "MUG", quantity: 5, reference: nil, fromIncoming: 0))])
        _ = try store.importOrders(orders, channel: "till")
        let bad = try DelimitedFile.read(
            bytes: Array(
                """
                channel,order_id,line,sku,qty,reason,return_id,returned_at
                till,T-1,1,MUG,zero,x,,2024-05-09
                till,T-1,1,MUG,1,x,,09/05/2024

                """.utf8), file: "bad.csv")
        // Rows that do not read are rejected (the import refuses the file whole with them).
        let problems = try ReturnFileFormat.read(bad, as: .generic).rejected.flatMap(\.problems)
        #expect(problems.map(\.line) == [2, 3])
        #expect(problems.map(\.column) == [5, 8])
        #expect(problems.first?.description.hasPrefix("bad.csv:2:5:") == true, "\(problems)")
        let impossible = try DelimitedFile.read(
            bytes: Array(
                """
                channel,order_id,line,sku,qty,reason,return_id,returned_at
                till,T-1,1,MUG,1,x,A,2024-05-09
                till,T-1,1,MUG,2,x,B,2024-05-09
                till,T-2,1,MUG,1,x,,2024-05-09
                till,T-9,,MUG,1,x,,2024-05-09
                etsy,T-1,1,MUG,1,x,,2024-05-09
                till,T-1,1,CUP,1,x,,2024-05-09

                """.utf8), file: "impossible.csv")
        let plan = try self.plan(impossible, store, channel: nil)
        #expect(plan.problems.map(\.line) == [3, 4, 5, 6, 7])
        #expect(plan.problems[0].description.contains("at most 1 more"), "\(plan.problems[0])")
        #expect(plan.problems[1].description.contains("not shipped yet"))
        #expect(plan.problems[2].description.contains("no shipped line of MUG"))
        #expect(plan.problems[3].description.contains("unknown channel"))
        #expect(plan.problems[4].description.contains("maps to no SKU"))
    }
}
