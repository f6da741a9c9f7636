import Foundation
import OnePoolTestSupport
import Testing

/// Every read verb speaks table, CSV and JSON from one model: the JSON parses, the CSV header is
/// the JSON's keys, and none of the three is empty.
@Suite struct ReadFormatTests {
    static let now = ["ONEPOOL_NOW": "2026-03-21T09:00:00Z"]

    private static func store() throws -> (TemporaryDirectory, String) {
        let home = TemporaryDirectory("onepool-formats")
        let store = home.child("store")
        func run(_ arguments: [String], day: Int = 1) throws {
            let result = try OnePoolBinary.run(
                arguments + ["--store", store], home: home.path,
                extra: ["ONEPOOL_NOW": "2026-03-\(day < 10 ? "0" : "")\(day)T12:00:00Z"])
            guard result.status == 0 else { throw OnePoolBinary.Failure(description: "\(arguments): \(result.stderr)") }
        }
        try run(["init", "--time-zone", "UTC"])
        try run(["channel", "add", "shopify"])
        try run(["supplier", "add", "ACME", "--lead-time", "3"])
        try run(["sku", "add", "MUG", "--title", "Blue mug", "--price", "12", "--cost", "4", "--supplier", "ACME"])
        try run(["receive", "MUG", "30"])
        try run(["approver", "add", "ana", "--limit", "5000"])
        for day in 1...14 { try run(["sell", "--channel", "shopify", "--order", "o\(day)", "MUG", "2"], day: day) }
        try run(["po", "draft"], day: 20)
        return (home, store)
    }

    static let verbs: [[String]] = [
        ["stock"], ["sku", "list"], ["sku", "show", "MUG"], ["channel", "list"], ["map", "list"],
        ["map", "list", "--unmapped"],
        ["allocation"], ["supplier", "list"], ["approver", "list"], ["po", "list"], ["po", "show", "PO-00001"], ["log"],
        ["reorder", "--all"], ["reorder", "--explain", "MUG"], ["forecast", "MUG"], ["shadow"], ["doctor"],
    ]

    @Test func everyReadVerbSpeaksEveryFormat() throws {
        let (home, store) = try Self.store()
        for verb in Self.verbs {
            var outputs: [String: String] = [:]
            for format in ["table", "csv", "json"] {
                let result = try OnePoolBinary.run(
                    verb + ["--format", format, "--store", store], home: home.path, extra: Self.now)
                #expect(result.status == 0, "\(verb) --format \(format): \(result.stderr)")
                #expect(!result.stdout.isEmpty, "\(verb) --format \(format) printed nothing")
                outputs[format] = result.stdout
            }
            let json = try #require(outputs["json"])
            let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8))
            if let rows = parsed as? [[String: Any]], let first = rows.first, verb != ["sku", "show", "MUG"] {
                let header = outputs["csv"]?.split(separator: "\n").first.map(String.init)
                #expect(header.map { Set($0.split(separator: ",").map(String.init)) } == Set(first.keys), "\(verb)")
            }
            #expect(outputs["table"] != outputs["csv"], "\(verb)")
        }
    }

    @Test func aFormatIsAlwaysOneOfThree() throws {
        let (home, store) = try Self.store()
        let result = try OnePoolBinary.run(["stock", "--format", "xml", "--store", store], home: home.path)
        #expect(result.status == 64)
        #expect(
            result.stderr.contains("'--format <format>'") && result.stderr.contains("table")
                && result.stderr.contains("json"))
    }
}
