import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolTestSupport
import Testing

/// Approvals and approver changes are the OS user's own; `--actor` names someone else only
/// for facts, and never an empty name or one with control characters (issue 11).
@Suite struct IdentityCommandTests {
    private func store() throws -> (TemporaryDirectory, String) {
        let home = TemporaryDirectory("onepool-identity")
        let store = home.child("store")
        let run = { (arguments: [String]) in try OnePoolBinary.succeed(arguments + ["--store", store], home: home.path)
        }
        try run(["init", "--time-zone", "UTC"])
        try run(["channel", "add", "shopify"])
        try run(["sku", "add", "MUG", "--title", "Mug", "--price", "12.00"])
        return (home, store)
    }

    private func journal(_ store: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: "\(store)/journal/00000001.opj"))
    }

    @Test func approvalsAndApproverChangesRefuseActor() throws {
        let (home, store) = try store()
        let before = try journal(store)
        for arguments in [
            ["approver", "add", "me", "--limit", "999999999", "--actor", "root"],
            ["approver", "set", "me", "--limit", "1", "--actor", "x"],
            ["approver", "remove", "me", "--actor", NSUserName()], ["po", "approve", "PO-2", "--actor", "root"],
            ["po", "reject", "PO-2", "--reason", "no", "--actor", "root"],
            ["autonomy", "MUG", "automatic", "--actor", "root"],
        ] {
            let result = try OnePoolBinary.run(arguments + ["--store", store], home: home.path)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.contains("takes no --actor"), "\(arguments): \(result.stderr)")
        }
        #expect(try journal(store) == before)
        // Without --actor, the change is made, and recorded, as the OS user.
        try OnePoolBinary.succeed(["approver", "add", "ana", "--limit", "500", "--store", store], home: home.path)
        let log = try OnePoolBinary.succeed(
            ["log", "--kind", "approver-set", "--format", "csv", "--store", store], home: home.path)
        #expect(log.contains(",\(NSUserName()),approver-set,"))
    }

    @Test func actorNamesSomeoneElseOnlyForFacts() throws {
        let (home, store) = try store()
        try OnePoolBinary.succeed(["receive", "MUG", "5", "--actor", "clerk", "--store", store], home: home.path)
        try OnePoolBinary.succeed(
            ["sell", "--channel", "shopify", "--order", "1", "MUG", "1", "--actor", "till-3", "--store", store],
            home: home.path)
        let log = try OnePoolBinary.succeed(["log", "--format", "csv", "--store", store], home: home.path)
        #expect(log.contains(",clerk,received,"))
        #expect(log.contains(",till-3,order-placed,"))
        let before = try journal(store)
        let setting = try OnePoolBinary.run(
            ["channel", "set", "shopify", "--cap", "5", "--actor", "boss", "--store", store], home: home.path)
        #expect(setting.status == 1)
        #expect(setting.stderr.contains("--actor boss is refused"))
        // The OS user's own name is no one else's: a setting accepts it.
        try OnePoolBinary.succeed(["safety", "MUG", "1", "--actor", NSUserName(), "--store", store], home: home.path)
        let afterSafety = try journal(store)
        #expect(afterSafety != before)
        for bad in ["", "  ", "clerk\u{1B}[2J", "a\nb", String(repeating: "x", count: 65)] {
            let result = try OnePoolBinary.run(
                ["receive", "MUG", "1", "--actor", bad, "--store", store], home: home.path)
            #expect(result.status == 1, "\(bad.debugDescription)")
            #expect(result.stderr.contains("--actor"), "\(bad.debugDescription): \(result.stderr)")
        }
        #expect(try journal(store) == afterSafety)
    }
}
