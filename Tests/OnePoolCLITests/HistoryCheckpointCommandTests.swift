import Foundation
import OnePoolTestSupport
import Testing

/// The history checkpoint as an operator meets it: `onepool demo` and `onepool snapshot` write
/// it; `reorder` and `briefing` print byte for byte what they print without it, on the day it
/// was written and days later; they never write it, and a damaged one costs a warning only.
@Suite struct HistoryCheckpointCommandTests {
    private static let now = "2026-03-18T14:30:00Z"

    private func run(_ arguments: [String], _ home: TemporaryDirectory, now: String = now) throws
        -> OnePoolBinary.Result
    {
        let result = try OnePoolBinary.run(arguments, home: home.path, extra: ["ONEPOOL_NOW": now])
        #expect(result.status == 0, "onepool \(arguments.joined(separator: " ")): \(result.stderr)")
        return result
    }

    /// Every file of the store and its bytes (the journal, snapshots, checkpoints, metadata).
    private func files(_ store: String) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        let enumerator = FileManager.default.enumerator(atPath: store)
        while let name = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: "\(store)/\(name)", isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                files[name] = RawFile.bytes("\(store)/\(name)")
            }
        }
        return files
    }

    private func checkpoints(_ store: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: "\(store)/snapshots").filter { $0.hasSuffix(".oph") }
            .sorted()
    }

    @Test func reorderAndBriefingPrintTheSameWithAndWithoutIt() throws {
        let home = TemporaryDirectory()
        let store = home.child("store")
        let aside = home.child("aside")
        try FileManager.default.createDirectory(atPath: aside, withIntermediateDirectories: true)
        _ = try run(["demo", "--store", store, "--skus", "60", "--days", "200", "--seed", "5", "--no-console"], home)
        let written = try checkpoints(store)
        #expect(written.count == 1, "the demo writes the history checkpoint")
        let reorder = ["reorder", "--all", "--format", "csv", "--store", store]
        let briefing = ["briefing", "--format", "json", "--limit", "0", "--store", store]

        let before = try files(store)
        let withReorder = try run(reorder, home)
        let withBriefing = try run(briefing, home)
        #expect(!withReorder.stderr.contains("checkpoint"), "\(withReorder.stderr)")
        #expect(try files(store) == before, "readers write nothing")
        let later = "2026-03-25T09:00:00Z"
        let laterReorder = try run(reorder, home, now: later)
        let laterBriefing = try run(briefing, home, now: later)

        for name in written {
            try FileManager.default.moveItem(atPath: "\(store)/snapshots/\(name)", toPath: "\(aside)/\(name)")
        }
        #expect(try run(reorder, home).stdout == withReorder.stdout, "reorder without the checkpoint")
        #expect(try run(briefing, home).stdout == withBriefing.stdout, "briefing without the checkpoint")
        #expect(try run(reorder, home, now: later).stdout == laterReorder.stdout, "a week later")
        #expect(try run(briefing, home, now: later).stdout == laterBriefing.stdout, "a week later")
        #expect(withReorder.stdout.split(separator: "\n").count > 10)

        // `onepool snapshot` writes it again (from the whole journal: none is left), then finds it current.
        let snapshot = try run(["snapshot", "--store", store], home)
        #expect(
            snapshot.stdout.contains(".oph") && snapshot.stdout.contains("from the whole journal"), "\(snapshot.stdout)"
        )
        #expect(try checkpoints(store) == written)
        #expect(try run(["snapshot", "--store", store], home).stdout.contains("is current"))
        #expect(try run(reorder, home).stdout == withReorder.stdout)

        // Damaged: a warning, and the same answer from the whole journal; the file is left alone.
        let path = "\(store)/snapshots/\(written[0])"
        RawFile.flipByte(path, at: RawFile.size(path) - 10)
        let damaged = RawFile.bytes(path)
        let warned = try run(reorder, home)
        #expect(warned.stdout == withReorder.stdout)
        #expect(warned.stderr.contains("ignoring this history checkpoint"), "\(warned.stderr)")
        #expect(RawFile.bytes(path) == damaged, "a reader never deletes or mends it")
    }
}
