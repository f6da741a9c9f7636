import OnePoolTestSupport
import Testing

@testable import OnePoolCore

/// The shipped-line table keeps a snapshot's lines in one sorted run and later ones in a hash
/// table; whichever part a line is in, it reads, counts, lists and compares the same.
@Suite struct ShippedLineTableTests {
    private typealias Line = (key: ShippedLineKey, entry: ShippedLineTable.Entry)

    private static func key(_ number: Int) -> ShippedLineKey {
        ShippedLineKey(OrderLineID(channel: "shop", order: "o\(number)", line: 1))
    }

    private static func sku(_ number: Int) -> SKUCode { number % 2 == 0 ? "MUG" : "CAP" }

    /// The fold's table: every line shipped through `recordShipment`.
    private static func folded(_ lines: Range<Int>) -> ShippedLineTable {
        var table = ShippedLineTable()
        for number in lines {
            table.recordShipment(key(number), sku: sku(number), units: 1 + number % 3, components: nil)
        }
        return table
    }

    /// The lines in the order `forEachByKey` gives them (what a snapshot stores).
    private static func lines(of table: ShippedLineTable) -> [Line] {
        var lines: [Line] = []
        table.forEachByKey { key, entry in lines.append((key: key, entry: entry)) }
        return lines
    }

    /// A table with `table`'s SKU codes and `lines` put back as a snapshot's; nil if refused.
    private static func restored(_ table: ShippedLineTable, _ lines: [Line]) -> ShippedLineTable? {
        var copy = ShippedLineTable()
        for code in table.skuCodes { _ = copy.number(of: code) }
        let restored = copy.restoreLines(keys: lines.map(\.key), entries: lines.map(\.entry))
        guard restored else {
            #expect(copy.isEmpty && copy.skuCodes == table.skuCodes, "a refusal changes nothing")
            return nil
        }
        return copy
    }

    @Test func linesAreListedAscendingByKeyFromBothParts() throws {
        let loaded = try #require(Self.restored(Self.folded(0..<100), Self.lines(of: Self.folded(0..<100))))
        var grown = loaded
        for number in 100..<250 {
            grown.recordShipment(Self.key(number), sku: Self.sku(number), units: 1, components: nil)
        }
        let keys = Self.lines(of: grown).map(\.key)
        #expect(keys.count == 250 && grown.count == 250)
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 })
        #expect(Set(keys) == Set((0..<250).map(Self.key)))
    }

    @Test func aRestoredTableReadsCountsAndComparesAsTheFoldedOne() throws {
        let folded = Self.folded(0..<200)
        var restored = try #require(Self.restored(folded, Self.lines(of: folded)))
        #expect(restored == folded && restored.count == 200)
        #expect(restored.hashValue == folded.hashValue)
        for number in [0, 7, 199] {
            #expect(restored[Self.key(number)] == folded[Self.key(number)])
            #expect(restored[Self.key(number)]?.sku == Self.sku(number))
        }
        #expect(restored[Self.key(200)] == nil)
        // A return and a later shipment count on a loaded line and on a new one alike.
        var grown = folded
        restored.recordReturn(Self.key(7), units: 1)
        restored.recordShipment(Self.key(7), sku: "CAP", units: 2, components: nil)
        restored.recordShipment(Self.key(500), sku: "MUG", units: 4, components: nil)
        restored.recordReturn(Self.key(500), units: 3)
        restored.recordReturn(Self.key(999), units: 1)  // never shipped: nothing
        #expect(restored != grown, "the same lines with other counts differ")
        grown.recordReturn(Self.key(7), units: 1)
        grown.recordShipment(Self.key(7), sku: "CAP", units: 2, components: nil)
        grown.recordShipment(Self.key(500), sku: "MUG", units: 4, components: nil)
        grown.recordReturn(Self.key(500), units: 3)
        #expect(restored == grown && restored.count == 201)
        #expect(restored[Self.key(7)]?.shipped == 1 + 7 % 3 + 2 && restored[Self.key(7)]?.returned == 1)
        #expect(restored[Self.key(500)]?.shipped == 4 && restored[Self.key(500)]?.returned == 3)
        #expect(restored != folded)
    }

    @Test func equalityComparesSKUCodesNotTheirNumbers() throws {
        var capFirst = ShippedLineTable()
        capFirst.recordShipment(Self.key(1), sku: "CAP", units: 1, components: nil)
        capFirst.recordShipment(Self.key(2), sku: "MUG", units: 1, components: nil)
        var mugFirst = ShippedLineTable()
        mugFirst.recordShipment(Self.key(2), sku: "MUG", units: 1, components: nil)
        mugFirst.recordShipment(Self.key(1), sku: "CAP", units: 1, components: nil)
        #expect(capFirst == mugFirst)
        var swapped = ShippedLineTable()
        swapped.recordShipment(Self.key(2), sku: "CAP", units: 1, components: nil)
        swapped.recordShipment(Self.key(1), sku: "MUG", units: 1, components: nil)
        #expect(capFirst != swapped)
        let loaded = try #require(Self.restored(swapped, Self.lines(of: swapped)))
        #expect(loaded != capFirst && loaded == swapped)
    }

    @Test func linesThatAreNotStrictlyAscendingOrNameNoSKUAreRefused() {
        let folded = Self.folded(0..<50)
        let lines = Self.lines(of: folded)
        #expect(Self.restored(folded, lines) != nil)
        #expect(Self.restored(folded, lines.reversed()) == nil)
        var swapped = lines
        swapped.swapAt(20, 21)
        #expect(Self.restored(folded, swapped) == nil)
        var twice = lines
        twice.insert(lines[10], at: 11)
        #expect(Self.restored(folded, twice) == nil)
        var noSKU = lines
        noSKU[30].entry.sku = 2  // two codes: MUG and CAP
        #expect(Self.restored(folded, noSKU) == nil)
        var table = ShippedLineTable()
        for code in folded.skuCodes { _ = table.number(of: code) }
        let short = table.restoreLines(keys: lines.map(\.key), entries: Array(lines.map(\.entry).dropLast()))
        #expect(!short)
        let whole = table.restoreLines(keys: lines.map(\.key), entries: lines.map(\.entry))
        #expect(whole)
        let more = table.restoreLines(keys: [], entries: [])
        #expect(!more, "a table with lines takes no more")
        #expect(table == folded)
    }

    /// Random shipments and returns, some before a snapshot and some after, against a plain
    /// dictionary: every line reads as the model says and the listing is the model's, sorted.
    @Test(arguments: [1, 2, 3, 4, 5])
    func loadedAndRecentLinesMatchAModel(seed: Int) throws {
        var random = SplitMix64(seed: UInt64(seed) &* 7919)
        var model: [ShippedLineKey: (sku: SKUCode, shipped: UInt32, returned: UInt32)] = [:]
        var table = ShippedLineTable()
        let codes: [SKUCode] = ["A", "B", "C", "D"]
        for step in 0..<3_000 {
            if step == 1_500 {
                table = try #require(Self.restored(table, Self.lines(of: table)))
            }
            let number = Int(random.next() % 900)
            let units = Int(random.next() % 4)
            let key = Self.key(number)
            if random.next() % 3 == 0 {
                table.recordReturn(key, units: units)
                if var line = model[key] {
                    line.returned += UInt32(units)
                    model[key] = line
                }
            } else {
                let code = codes[number % codes.count]
                table.recordShipment(key, sku: code, units: units, components: nil)
                if units > 0 {
                    var line = model[key] ?? (sku: code, shipped: 0, returned: 0)
                    line.shipped += UInt32(units)
                    model[key] = line
                }
            }
        }
        #expect(table.count == model.count)
        for number in 0..<1_000 {
            let key = Self.key(number)
            let line = table[key]
            let expected = model[key]
            #expect(line?.sku == expected?.sku)
            #expect(line.map { UInt32($0.shipped) } == expected?.shipped)
            #expect(line.map { UInt32($0.returned) } == expected?.returned)
        }
        #expect(Self.lines(of: table).map(\.key) == model.keys.sorted())
    }
}
