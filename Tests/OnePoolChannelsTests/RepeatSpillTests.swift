import Foundation
import OnePoolCore
import OnePoolTestSupport
import Testing

@testable import OnePoolChannels

/// An import spills what it needs to recognise an order that comes twice (`RepeatSpill`) and
/// plans the file again only if one did (`Sightings.repeats`): it must refuse exactly the rows,
/// with exactly the words, that keeping every name in memory refuses.
@Suite struct RepeatSpillTests {
    private static let header = "Name,Created at,Lineitem quantity,Lineitem sku,Lineitem price,Id\n"

    private func catalogue() -> MemoryStore {
        var store = MemoryStore()
        store.apply([ProposedChange(.skuCreated(SKU(code: "MUG", title: "Mug", price: Money(cents: 1200))))])
        store.apply([ProposedChange(.skuCreated(SKU(code: "TEA", title: "Tea", price: Money(cents: 500))))])
        return store
    }

    /// A Shopify export with every kind of repeat: a name twice, an id twice, an order with no id
    /// whose name is another's id, line items apart from their order (of an order seen before, or
    /// never), a row with no name, and rows without a SKU.
    private func randomExport(orders: Int, using random: inout SplitMix64, repeats: Bool) -> String {
        var text = Self.header
        var minute = 0
        for order in 0..<orders {
            let number =
                repeats && Int.random(in: 0..<8, using: &random) == 0
                ? Int.random(in: 0...order, using: &random) : order
            var name = "#\(1000 + number)"
            if repeats && Int.random(in: 0..<25, using: &random) == 0 {
                name = "\(500_000 + Int.random(in: 0...order, using: &random))"
            }
            var id = "\(500_000 + order)"
            if repeats {
                switch Int.random(in: 0..<20, using: &random) {
                case 0: id = "\(500_000 + Int.random(in: 0...order, using: &random))"
                case 1, 2: id = ""
                default: break
                }
            }
            minute += 1
            let created = String(
                format: "2024-05-%02d %02d:%02d:00 +0000", 1 + minute / 1440, minute / 60 % 24, minute % 60)
            let sku = ["MUG", "TEA", ""].randomElement(using: &random) ?? "MUG"
            text += "\(name),\(created),\(Int.random(in: 1...3, using: &random)),\(sku),12.00,\(id)\n"
            for _ in 0..<Int.random(in: 0...2, using: &random) {
                text +=
                    "\(name),,\(Int.random(in: 1...3, using: &random)),\(["MUG", "TEA"].randomElement(using: &random) ?? "MUG"),5.00,\n"
            }
            if repeats {
                switch Int.random(in: 0..<40, using: &random) {
                case 0: text += "#\(1000 + Int.random(in: 0...order + 5, using: &random)),,1,MUG,5.00,\n"
                case 1: text += ",,1,MUG,5.00,\n"
                default: break
                }
            }
        }
        return text
    }

    private func write(_ text: String, in directory: TemporaryDirectory) throws -> String {
        let path = directory.child("o.csv")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func randomExportsAreRefusedAsKeepingEveryNameInMemoryRefusesThem(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var store = catalogue()
        let directory = TemporaryDirectory()
        let options = OrderFileImport.Options(file: "o.csv", format: nil, channel: "shopify")
        if seed % 2 == 0 {
            // A store that holds some of the orders already: their lines are "unchanged" or amended.
            let path = try write(randomExport(orders: 60, using: &random, repeats: false), in: directory)
            let (_, staging) = try ImportPasses.checked(
                path: path, options: options, state: store.state, time: store.time)
            store.apply(staging.changes)
        }
        let text = randomExport(orders: 400, using: &random, repeats: true)
        let path = try write(text, in: directory)
        let (outcome, _) = try ImportPasses.checked(
            path: path, options: options, state: store.state, time: store.time,
            chunkSightings: Int.random(in: 1...5, using: &random))
        let messages = outcome.problems.map(\.message)
        #expect(messages.contains { $0.contains("appears twice in this file") })
        #expect(messages.contains { $0.contains("has the same id as the order on line") })
    }

    /// Many sightings per bucket (~47 in chunks of 7), so each bucket reads back a chain of chunks
    /// in the first pass; the second pass, told the repeats, spills nothing.
    @Test func aLargeExportWithFewRepeatsReadsBackChainsOfChunks() throws {
        var random = SplitMix64(seed: 77)
        var text = randomExport(orders: 6_000, using: &random, repeats: false)
        text += "#1017,2024-06-01 10:00:00 +0000,1,MUG,12.00,999999\n#3,,1,MUG,5.00,\n#5999,,1,TEA,5.00,\n"
        let directory = TemporaryDirectory()
        let path = try write(text, in: directory)
        let store = catalogue()
        let options = OrderFileImport.Options(file: "o.csv", format: nil, channel: "shopify")
        let (outcome, _) = try ImportPasses.checked(
            path: path, options: options, state: store.state, time: store.time, chunkSightings: 7)
        #expect(outcome.problems.count == 3)
        #expect(
            outcome.problems.first?.message.contains("order #1017 appears twice in this file (first on line") == true)
    }

    /// A file with no repeat is read once, and the memory that recognises repeats is the same
    /// for 2,000 orders as for 20,000: the sightings are on disk.
    @Test func aFileWithoutRepeatsIsReadOnceInMemoryThatDoesNotGrow() throws {
        var held: [Int] = []
        var spilled: [Int64] = []
        var inMemory: [Int] = []
        for orders in [2_000, 20_000] {
            var random = SplitMix64(seed: UInt64(orders))
            let directory = TemporaryDirectory()
            let path = try write(randomExport(orders: orders, using: &random, repeats: false), in: directory)
            let store = catalogue()
            let options = OrderFileImport.Options(file: "o.csv", format: nil, channel: "shopify")
            let result = try ImportPasses.run(path: path, options: options, state: store.state, time: store.time)
            #expect(result.passes == 1)
            #expect(result.outcome.problems.isEmpty)
            held.append(result.outcome.bookkeepingBytes)
            spilled.append(result.outcome.spilledBytes)
            var memory = options
            memory.bookkeeping = .inMemory
            var staging = ScratchStaging(state: store.state, time: store.time)
            inMemory.append(try OrderFileImport.run(path: path, options: memory, into: &staging).bookkeepingBytes)
        }
        #expect(held[0] == held[1])
        #expect(spilled[1] > spilled[0] * 5)
        #expect(inMemory[1] > inMemory[0])
    }

    /// The lines an earlier pass found to refuse are lines of the file it read: a file changed
    /// before the next pass is refused whole, not planned with the old lines' answers.
    @Test func aFileChangedBetweenPassesIsRefused() throws {
        let directory = TemporaryDirectory()
        let text =
            Self.header + "#1,2024-05-01 10:00:00 +0000,1,MUG,12.00,11\n#1,2024-05-01 11:00:00 +0000,1,MUG,12.00,12\n"
        let path = try write(text, in: directory)
        let store = catalogue()
        let options = OrderFileImport.Options(file: "o.csv", format: nil, channel: "shopify")
        #expect(throws: FileChanged.self) {
            _ = try ImportPasses.run(path: path, options: options, state: store.state, time: store.time) { pass in
                if pass == 1 { _ = try write(text + "#2,2024-05-01 12:00:00 +0000,1,MUG,12.00,13\n", in: directory) }
            }
        }
        // Unchanged, the second pass refuses the repeat.
        let result = try ImportPasses.run(path: path, options: options, state: store.state, time: store.time)
        #expect(result.passes == 2)
        #expect(result.outcome.problems.count == 1)
    }

    /// A second read compares the bytes too (their CRC-32C), not only the file's metadata: a file
    /// rewritten in place to the same size within one clock tick would keep size and times.
    @Test func aSecondReadComparesTheBytesNotOnlyTheMetadata() throws {
        let directory = TemporaryDirectory()
        func identity(of text: String) throws -> FileIdentity? {
            let path = try write(text, in: directory)
            var seen: FileIdentity?
            try DelimitedRows.read(path: path, file: "o.csv", header: { _ in }, row: { _ in }, read: { seen = $0 })
            return seen
        }
        guard FileIdentity.canDigestContent else { return }
        // CRC-32C's check value (RFC 3720, B.4): the digest is of exactly the bytes read.
        #expect(try identity(of: "123456789")?.content == 0xE306_9283)
        let first = try #require(try identity(of: "Name,Id\n#1,11\n"))
        var second = try #require(try identity(of: "Name,Id\n#1,12\n"))
        #expect(first != second)
        // The same metadata (as a same-tick rewrite would leave it), other bytes: still another file.
        (second.device, second.inode, second.size) = (first.device, first.inode, first.size)
        (second.modified, second.changed) = (first.modified, first.changed)
        #expect(first != second)
        second.content = first.content
        #expect(first == second)
    }

    /// Without a scratch directory the chunks stay in memory, and say so; the answer is the same.
    @Test func withoutAScratchDirectoryTheChunksStayInMemory() throws {
        func repeated(_ spill: RepeatSpill) throws -> [RepeatSpill.Sighting] {
            var random = SplitMix64(seed: 5)
            for line in 0..<3_000 {
                let digest = line % 10 == 0 ? UInt64(line / 20) &* 0x9e37_79b9_7f4a_7c15 : random.next()
                spill.record(digest, line: line, kind: UInt32(line % 2))
            }
            return try spill.resolve { $0 }
        }
        let missing = RepeatSpill(chunkSightings: 3, directory: "/nonexistent/onepool-scratch")
        let onDisk = RepeatSpill(chunkSightings: 3)
        let expected = try repeated(onDisk)
        #expect(try repeated(missing) == expected)
        #expect(missing.fallback?.contains("/nonexistent/onepool-scratch") == true)
        #expect(onDisk.fallback == nil && onDisk.spilledBytes > 0)
        // Lines 0 and 10, 20 and 30, … share a digest (and a kind).
        #expect(expected.count == 300)
        #expect(!expected.isEmpty)
        #expect(expected.map(\.sequence) == expected.map(\.sequence).sorted())
    }

    /// Sightings meet only within a space: the same digest as an order's name and as a line's
    /// key is no repeat.
    @Test func sightingsOfOtherSpacesDoNotMeet() {
        let sightings: [RepeatSpill.Sighting] = [
            .init(digest: 42, sequence: 0, line: 2, kind: SightingKind.orderName.rawValue),
            .init(digest: 42, sequence: 1, line: 3, kind: SightingKind.orderLine.rawValue),
            .init(digest: 43, sequence: 2, line: 4, kind: SightingKind.orderName.rawValue),
            .init(digest: 43, sequence: 3, line: 5, kind: SightingKind.orderKey.rawValue),
        ]
        let shared = RepeatSpill.repeats(in: sightings) { SightingKind(rawValue: $0)?.space ?? 0 }
        #expect(shared.map(\.line) == [4, 5])
    }
}
