import Foundation
import OnePoolTestSupport

/// One small store, built once with the real binary, that every bad-input row and every
/// property run gets its own copy of: two channels, two SKUs with stock, an open order line,
/// a mapped pack listing, a supplier, an approver and a drafted PO (PO-00001).
final class BadInputFixture: @unchecked Sendable {
    let home: TemporaryDirectory
    let store: String

    static let shared: Result<BadInputFixture, Error> = Result { try BadInputFixture() }

    /// The time every run is pinned to (the PO was drafted then, the sales are before it).
    static let now = ["ONEPOOL_NOW": "2026-03-21T09:00:00Z"]

    private init() throws {
        Self.removeStaleFixtures()
        home = TemporaryDirectory("onepool-bad-input")
        store = home.child("store")
        func run(_ arguments: [String], day: Int = 20) throws {
            let result = try OnePoolBinary.run(
                arguments + ["--store", store], home: home.path, extra: ["ONEPOOL_NOW": "2026-03-\(day)T12:00:00Z"])
            guard result.status == 0 else {
                throw OnePoolBinary.Failure(
                    description: "fixture: onepool \(arguments.joined(separator: " ")): \(result.stderr)")
            }
        }
        try run(["init", "--time-zone", "UTC"], day: 10)
        try run(["channel", "add", "shopify"], day: 10)
        try run(["channel", "add", "amazon"], day: 10)
        try run(["supplier", "add", "ACME", "--name", "Acme", "--lead-time", "5"], day: 10)
        try run(
            ["sku", "add", "MUG", "--title", "Blue mug", "--price", "12", "--cost", "4", "--supplier", "ACME"], day: 10)
        try run(["sku", "add", "TEA", "--title", "Green tea", "--price", "6", "--cost", "2"], day: 10)
        try run(["receive", "MUG", "30"], day: 10)
        try run(["receive", "TEA", "10"], day: 10)
        try run(["hold", "MUG", "2", "--reason", "promised"], day: 10)
        for day in 11...19 { try run(["sell", "--channel", "shopify", "--order", "S\(day)", "MUG", "3"], day: day) }
        try run(["sell", "--channel", "amazon", "--order", "A1", "TEA", "1"], day: 19)
        try run(["map", "amazon", "MUG-6PK", "MUG", "--pack", "6"], day: 19)
        try run(["approver", "add", "ana", "--limit", "5000"], day: 19)
        try run(["po", "draft"], day: 21)
        let list = try OnePoolBinary.succeed(["po", "list", "--format", "csv", "--store", store], home: home.path)
        guard list.contains("PO-00001") else {
            throw OnePoolBinary.Failure(description: "fixture: no PO drafted:\n\(list)")
        }
    }

    /// A static value is never released, so its directory outlives the test run: fixtures
    /// that earlier runs left behind (older than an hour) are removed here instead.
    private static func removeStaleFixtures() {
        let temporary = NSTemporaryDirectory()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
        for name in names where name.hasPrefix("onepool-bad-input-") && !name.hasPrefix("onepool-bad-input-row") {
            let path = temporary + "/" + name
            let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
            if let modified, modified.timeIntervalSinceNow < -3600 { try? FileManager.default.removeItem(atPath: path) }
        }
    }

    /// A fresh copy of the store in a directory of its own (with room for the row's files).
    func copy() throws -> (directory: TemporaryDirectory, store: String) {
        let directory = TemporaryDirectory("onepool-bad-input-row")
        let copy = directory.child("store")
        try FileManager.default.copyItem(atPath: store, toPath: copy)
        return (directory, copy)
    }

    /// Every file of a store, by path relative to it, with its bytes.
    static func contents(of store: String) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        let enumerator = FileManager.default.enumerator(atPath: store)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = "\(store)/\(relative)"
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                continue
            }
            files[relative] = RawFile.bytes(path)
        }
        return files
    }
}
