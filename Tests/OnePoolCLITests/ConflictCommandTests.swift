import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolTestSupport
import Testing

/// No conflict passes silently (issue 11): a file's platform must match its channel, `add`
/// never overwrites, an over-receipt needs --over, a PO's status follows its lines, a no-op
/// writes no event, and creating a SKU applies the lines that waited for it.
@Suite struct ConflictCommandTests {
    private func store() throws -> (TemporaryDirectory, String) {
        let home = TemporaryDirectory("onepool-conflicts")
        let store = home.child("store")
        let run = { (arguments: [String]) in try OnePoolBinary.succeed(arguments + ["--store", store], home: home.path)
        }
        try run(["init", "--time-zone", "UTC"])
        try run(["channel", "add", "shopify"])
        try run(["channel", "add", "amazon"])
        try run(["sku", "add", "MUG", "--title", "Mug", "--cost", "3.00", "--price", "12.00"])
        try run(["receive", "MUG", "20"])
        return (home, store)
    }

    /// Every store file's bytes, to prove a refusal or a no-op wrote nothing.
    private func files(_ store: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: store)
        while let name = enumerator?.nextObject() as? String {
            let path = "\(store)/\(name)"
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                name != "lock"
            {
                result[name] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return result
    }

    @Test func aFileFromOnePlatformIsRefusedByAnotherPlatformsChannel() throws {
        let (home, store) = try store()
        let amazon = home.child("All Orders.txt")
        try
            ("amazon-order-id\tpurchase-date\torder-status\tfulfillment-channel\tsku\tquantity\titem-price\n"
            + "113-1\t2024-05-01T15:02:11+00:00\tPending\tMerchant\tMUG\t2\t24.00\n").write(
                toFile: amazon, atomically: true, encoding: .utf8)
        let before = try files(store)
        let wrong = try OnePoolBinary.run(
            ["import", amazon, "--channel", "shopify", "--store", store], home: home.path)
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("this is a Amazon All Orders report, but channel shopify speaks shopify files"))
        #expect(wrong.stderr.contains("--format amazon"))
        #expect(try files(store) == before)
        let right = try OnePoolBinary.run(["import", amazon, "--channel", "amazon", "--store", store], home: home.path)
        #expect(right.status == 0, "\(right.stderr)")
        #expect(try Store.open(at: store).state.stock("MUG")?.committed == 2)
    }

    @Test func addNeverOverwritesAndSetUpdates() throws {
        let (home, store) = try store()
        try OnePoolBinary.succeed(
            ["supplier", "add", "ACME", "--name", "Acme", "--lead-time", "14", "--store", store], home: home.path)
        let before = try files(store)
        for arguments in [
            ["supplier", "add", "ACME", "--name", "Other", "--lead-time", "3"],
            ["sku", "add", "MUG", "--title", "Another mug"],
            ["channel", "add", "shopify"],
        ] {
            let again = try OnePoolBinary.run(arguments + ["--store", store], home: home.path)
            #expect(again.status == 1, "\(arguments)")
            #expect(again.stderr.contains("already exists"), "\(arguments): \(again.stderr)")
        }
        #expect(try files(store) == before)
        #expect(try Store.open(at: store).state.purchasing.suppliers["ACME"]?.name == "Acme")
        let set = try OnePoolBinary.succeed(
            ["supplier", "set", "ACME", "--lead-time", "10", "--store", store], home: home.path)
        #expect(set.contains("lead time 10 d"))
        let same = try OnePoolBinary.succeed(
            ["supplier", "set", "ACME", "--lead-time", "10", "--store", store], home: home.path)
        #expect(same.contains("No change to supplier ACME"))
    }

    @Test func anApproverIsAddedOnceAndSetAfterwards() throws {
        let (home, store) = try store()
        try OnePoolBinary.succeed(["approver", "add", "ana", "--limit", "500", "--store", store], home: home.path)
        let before = try files(store)
        let again = try OnePoolBinary.run(
            ["approver", "add", "ana", "--limit", "999999999", "--store", store], home: home.path)
        #expect(again.status == 1)
        #expect(again.stderr.contains("ana already approves POs up to 500.00"))
        #expect(again.stderr.contains("approver set ana"))
        #expect(try files(store) == before)
        try OnePoolBinary.succeed(["approver", "set", "ana", "--limit", "800", "--store", store], home: home.path)
        #expect(try Store.open(at: store).state.purchasing.approvers["ana"] == Money(cents: 80_000))
    }

    /// Each of these leaves the state as it is: no event, every store file byte-identical.
    @Test func aNoOpWritesNoEvent() throws {
        let (home, store) = try store()
        let run = { (arguments: [String]) in try OnePoolBinary.succeed(arguments + ["--store", store], home: home.path)
        }
        try run(["supplier", "add", "ACME", "--name", "Acme", "--lead-time", "14"])
        try run(["supplier", "item", "ACME", "MUG", "--cost", "3.00"])
        try run(["safety", "MUG", "2"])
        try run(["autonomy", "ACME", "recommend"])
        try run(["channel", "set", "amazon", "--cap", "30%"])
        let before = try files(store)
        let outputs = try [
            run(["approver", "remove", "nobody"]), run(["safety", "MUG", "2"]), run(["autonomy", "ACME", "recommend"]),
            run(["supplier", "item", "ACME", "MUG", "--cost", "3.00"]),
            run(["supplier", "set", "ACME", "--lead-time", "14"]),
            run(["sku", "set", "MUG", "--price", "12.00"]), run(["channel", "set", "amazon", "--cap", "30%"]),
            run(["map", "shopify", "MUG", "MUG"]),
        ]
        #expect(try files(store) == before)
        #expect(outputs[0].contains("nobody is not an approver (nothing written)"))
        #expect(outputs[1].contains("is 2 already (nothing written)"))
    }

    @Test func anOverReceiptNeedsOverAndThePOStatusFollowsItsLines() throws {
        let (home, store) = try store()
        let run = { (arguments: [String]) in try OnePoolBinary.succeed(arguments + ["--store", store], home: home.path)
        }
        try run(["sku", "add", "CUP", "--title", "Cup", "--cost", "1.00", "--price", "4.00", "--supplier", "ACME"])
        try run(["supplier", "add", "ACME", "--name", "Acme", "--lead-time", "14"])
        try run(["approver", "add", NSUserName(), "--limit", "10000"])
        // A PO of 12 MUG and 80 CUP, drafted through the Core event a draft writes.
        let order = PurchaseOrder(
            id: "PO-00001", supplier: "ACME",
            lines: [
                POLine(sku: "MUG", quantity: 12, unitCost: Money(cents: 300), reason: "t"),
                POLine(sku: "CUP", quantity: 80, unitCost: Money(cents: 100), reason: "t"),
            ],
            expectedAt: Timestamp(secondsSince1970: 1_900_000_000))
        let opened = try Store.open(at: store)
        _ = try opened.transact(actor: "test", time: Timestamp(secondsSince1970: 1_800_000_000)) { _ in
            ([ProposedChange(.purchasing(.drafted(order)))], ())
        }
        try run(["po", "approve", "PO-00001"])
        try run(["po", "send", "PO-00001", "--out", home.child("out")])
        let before = try files(store)
        let typo = try OnePoolBinary.run(
            ["po", "receive", "PO-00001", "--sku", "MUG", "--qty", "5000", "--store", store], home: home.path)
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("expects 12 more × MUG (with the tolerance, at most 14 may arrive)"))
        #expect(typo.stderr.contains("--over"))
        #expect(try files(store) == before)
        // Within the tolerance (12 + 2): accepted; the PO is partly received while CUP is to come.
        let within = try run(["po", "receive", "PO-00001", "--sku", "MUG", "--qty", "14"])
        #expect(within.contains("over-receipt: 2 more than ordered"))
        #expect(within.contains("PO-00001 is partly-received: 1 line(s) still to come (80 units)"))
        #expect(try Store.open(at: store).state.purchasing.orders["PO-00001"]?.status == .partlyReceived)
        let list = try run(["po", "list", "--format", "csv"])
        #expect(list.contains("PO-00001,ACME,partly-received"))
        try run(["po", "receive", "PO-00001", "--sku", "CUP", "--qty", "100", "--over"])
        #expect(try Store.open(at: store).state.purchasing.orders["PO-00001"]?.status == .received)
    }

    @Test func creatingASKUAppliesTheLinesParkedForIt() throws {
        let (home, store) = try store()
        let orders = home.child("orders.csv")
        let rows =
            "channel,order_id,line,sku,qty,unit_price,placed_at,status\n"
            + "shopify,1,1,BOWL,2,9.00,2024-05-02T10:00:00Z,open\n"
            + "shopify,2,1,BOWL,1,9.00,2024-05-02T11:00:00Z,shipped\n"
        try rows.write(toFile: orders, atomically: true, encoding: .utf8)
        try OnePoolBinary.succeed(["import", orders, "--store", store], home: home.path)
        #expect(try Store.open(at: store).state.parkedLines.count == 2)
        let added = try OnePoolBinary.succeed(
            ["sku", "add", "BOWL", "--title", "Bowl", "--store", store], home: home.path)
        #expect(added.contains("applied 2 order line(s) that waited for BOWL: 2 placed, 1 shipped"))
        let state = try Store.open(at: store).state
        #expect(state.parkedLines.isEmpty)
        #expect(state.stock("BOWL") == StockLevel(onHand: -1, committed: 2))
        // The same file again changes nothing: the lines are recorded under BOWL now.
        let again = try OnePoolBinary.succeed(["import", orders, "--store", store], home: home.path)
        #expect(again.contains("0 event(s) written"))
    }

    @Test func aCatalogueImportAppliesTheLinesParkedForItsNewSKUs() throws {
        let (home, store) = try store()
        let orders = home.child("orders.csv")
        let catalogue = home.child("catalogue.csv")
        let rows =
            "channel,order_id,line,sku,qty,unit_price,placed_at,status\n"
            + "shopify,1,1,BOWL,2,9.00,2024-05-02T10:00:00Z,open\n"
        try rows.write(toFile: orders, atomically: true, encoding: .utf8)
        try "sku,title,cost,price,on_hand\nBOWL,Bowl,3.00,9.00,10\n".write(
            toFile: catalogue, atomically: true, encoding: .utf8)
        try OnePoolBinary.succeed(["import", orders, "--store", store], home: home.path)
        let output = try OnePoolBinary.succeed(
            ["import", catalogue, "--as-of", "2024-05-03T00:00:00Z", "--store", store], home: home.path)
        #expect(output.contains("applied 1 order line(s) that waited in the unmapped queue"))
        #expect(try Store.open(at: store).state.stock("BOWL") == StockLevel(onHand: 10, committed: 2))
    }
}
