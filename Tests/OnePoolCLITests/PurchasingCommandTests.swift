import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolTestSupport
import Testing

/// Suppliers, approvals, sending and receiving, drafting and the briefing, through the real binary.
@Suite struct PurchasingCommandTests {
    /// A store whose one SKU sold 5 a day for 60 days and is nearly gone: it needs ordering.
    /// Set up on the real clock, or at `now` (`ONEPOOL_NOW`) for a test that reads it as of a date.
    private func store(at now: [String: String] = [:]) throws -> (TemporaryDirectory, String) {
        let home = TemporaryDirectory("onepool-po")
        let store = home.child("store")
        let run = { (arguments: [String]) in
            let result = try OnePoolBinary.run(arguments + ["--store", store], home: home.path, extra: now)
            guard result.status == 0 else {
                throw OnePoolBinary.Failure(
                    description: "onepool \(arguments.joined(separator: " ")): \(result.stderr)")
            }
        }
        try run(["init", "--time-zone", "UTC"])
        try run(["channel", "add", "till"])
        try run(["supplier", "add", "ACME", "--name", "Acme Ceramics", "--lead-time", "14", "--moq", "24"])
        try run([
            "sku", "add", "MUG", "--title", "Mug", "--cost", "3.10", "--price", "12", "--supplier", "ACME",
            "--lead-time", "14", "--case-pack", "12", "--moq", "24",
        ])
        var rows = "channel,order_id,line,sku,qty,unit_price,placed_at,status\n"
        for day in 0..<60 {
            let date = CivilDate(dayNumber: CivilDate(year: 2026, month: 9, day: 28).dayNumber + day)
            rows += "till,T\(day),1,MUG,5,12.00,\(date)T12:00:00Z,shipped\n"
        }
        let orders = home.child("orders.csv")
        try rows.write(toFile: orders, atomically: true, encoding: .utf8)
        try run(["receive", "MUG", "320"])
        try run(["import", orders, "--channel", "till"])
        try run(["approver", "add", "ana", "--limit", "5000"])
        try run(["approver", "add", "bob", "--limit", "10"])
        return (home, store)
    }

    private static let now = ["ONEPOOL_NOW": "2026-11-27T08:00:00Z"]

    @Test func draftApproveSendReceive() throws {
        let (home, store) = try store()
        let draft = try OnePoolBinary.run(["po", "draft", "--store", store], home: home.path, extra: Self.now)
        #expect(draft.status == 0, "\(draft.stderr)")
        #expect(draft.stdout.contains("PO-00001  ACME"))
        // The same need again: nothing new.
        let again = try OnePoolBinary.run(["po", "draft", "--store", store], home: home.path, extra: Self.now)
        #expect(again.stdout.contains("Nothing to draft"))
        // Approvals are the OS user's own: --actor is refused; not an approver, or over the
        // limit: refused. None of it is recorded anywhere.
        let me = NSUserName()
        let before = try Store.open(at: store).state.lastSequence
        let eve = try OnePoolBinary.run(
            ["po", "approve", "PO-00001", "--actor", "ana", "--store", store], home: home.path)
        #expect(eve.status != 0)
        #expect(eve.stderr.contains("takes no --actor"))
        let stranger = try OnePoolBinary.run(["po", "approve", "PO-00001", "--store", store], home: home.path)
        #expect(stranger.stderr.contains("\(me) may not approve purchase orders"))
        #expect(try Store.open(at: store).state.lastSequence == before)
        try OnePoolBinary.succeed(["approver", "add", me, "--limit", "10", "--store", store], home: home.path)
        let low = try OnePoolBinary.run(["po", "approve", "PO-00001", "--store", store], home: home.path)
        #expect(low.stderr.contains("\(me) may approve purchase orders up to 10.00"))
        try OnePoolBinary.succeed(["approver", "set", me, "--limit", "5000", "--store", store], home: home.path)
        try OnePoolBinary.succeed(["po", "approve", "PO-00001", "--store", store], home: home.path)
        let list = try OnePoolBinary.succeed(["po", "list", "--format", "csv", "--store", store], home: home.path)
        #expect(list.contains("PO-00001,ACME,approved") && list.contains(",\(me),"))
        // Send writes the documents; its units become incoming; a partial receipt moves them.
        let state0 = try Store.open(at: store).state
        let ordered = try #require(state0.purchasing.orders["PO-00001"]?.order.lines.first?.quantity)
        try OnePoolBinary.succeed(
            ["po", "send", "PO-00001", "--out", home.child("out"), "--store", store], home: home.path)
        #expect(FileManager.default.fileExists(atPath: home.child("out/PO-00001.csv")))
        // The supplier's copy carries what is ordered, not OnePool's reasoning or approval; `po show` keeps both.
        let printable = try String(contentsOfFile: home.child("out/PO-00001.txt"), encoding: .utf8)
        #expect(printable.contains("PURCHASE ORDER PO-00001") && printable.contains("MUG"))
        for word in ["why:", "Status", "approved", "forecast"] { #expect(!printable.contains(word)) }
        let shown = try OnePoolBinary.succeed(["po", "show", "PO-00001", "--store", store], home: home.path)
        #expect(shown.contains("approved by \(me)") && shown.contains("why: forecast"))
        let sent = try #require(try Store.open(at: store).state.stock("MUG"))
        #expect(sent.incoming == ordered)
        try OnePoolBinary.succeed(
            ["po", "receive", "PO-00001", "--sku", "MUG", "--qty", "12", "--store", store], home: home.path)
        let received = try #require(try Store.open(at: store).state.stock("MUG"))
        #expect(received.onHand == sent.onHand + 12)
        #expect(received.incoming == ordered - 12)
    }

    @Test func theBriefingIsTheSameForTheSameStoreAndDate() throws {
        // `--date` reads the store as it stood then: it is set up the evening before.
        let (home, store) = try store(at: ["ONEPOOL_NOW": "2026-11-26T20:00:00Z"])
        // Drafted on the briefing's day: on the real clock's day the need may have passed.
        let draft = try OnePoolBinary.run(["po", "draft", "--store", store], home: home.path, extra: Self.now)
        #expect(draft.status == 0, "\(draft.stderr)")
        let first = try OnePoolBinary.run(
            ["briefing", "--date", "2026-11-27", "--format", "json", "--store", store], home: home.path, extra: Self.now
        )
        let second = try OnePoolBinary.run(
            ["briefing", "--date", "2026-11-27", "--format", "json", "--store", store], home: home.path, extra: Self.now
        )
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == second.stdout)
        #expect(first.stdout.contains("\"kind\": \"awaiting-approval\""))
    }
}
