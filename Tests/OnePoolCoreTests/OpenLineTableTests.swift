import OnePoolTestSupport
import Testing

@testable import OnePoolCore

/// The open lines are a dictionary split in parts (`OpenLineTable`) so that growing never holds
/// the whole table twice. It must behave exactly as the one dictionary did: the same entries after
/// any mix of opens, changes in place and closes, found by id and by index, equal when the
/// entries are, and a copy (a staged state) unchanged by the original's changes.
@Suite struct OpenLineTableTests {
    private static func id(_ number: Int) -> OrderLineID {
        OrderLineID(channel: number % 3 == 0 ? "amazon" : "shopify", order: "#\(number / 4)", line: number % 4 + 1)
    }

    private static func line(_ quantity: Int) -> OpenOrderLine {
        OpenOrderLine(
            sku: SKUCode("SKU-\(quantity % 17)"), quantity: quantity, unitPrice: Money(cents: Int64(100 * quantity)),
            placedAt: Timestamp(millisecondsSince1970: Int64(quantity)))
    }

    private static func same(_ table: OpenLineTable, _ reference: [OrderLineID: OpenOrderLine]) -> Bool {
        guard table.count == reference.count, table.isEmpty == reference.isEmpty else { return false }
        var seen = 0
        for (id, line) in table {
            guard reference[id] == line else { return false }
            seen += 1
        }
        return seen == reference.count && reference.allSatisfy { table[$0.key] == $0.value }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func behavesAsOneDictionary(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var table = OpenLineTable()
        var reference: [OrderLineID: OpenOrderLine] = [:]
        for step in 0..<6_000 {
            let key = Self.id(Int.random(in: 0..<2_000, using: &random))
            switch Int.random(in: 0..<6, using: &random) {
            case 0, 1:
                // Opens if absent through `_modify`, as `openLineIfNew` does.
                let quantity = step % 50 + 1
                if table[key] == nil { table[key] = Self.line(quantity) }
                if reference[key] == nil { reference[key] = Self.line(quantity) }
            case 2:
                // A partial close where the line lies, by index.
                if let index = table.index(forKey: key) {
                    table[valueAt: index].quantity -= 1
                    if table[valueAt: index].quantity == 0 { table.remove(at: index) }
                }
                if var line = reference[key] {
                    line.quantity -= 1
                    reference[key] = line.quantity == 0 ? nil : line
                }
            case 3:
                #expect(table.updateValue(Self.line(step % 9 + 1), forKey: key) == reference[key])
                reference[key] = Self.line(step % 9 + 1)
            case 4:
                table[key] = nil
                reference[key] = nil
            default:
                #expect(table.index(forKey: key).map { table[$0].key } == (reference[key] == nil ? nil : key))
            }
        }
        #expect(Self.same(table, reference))
        #expect(table == OpenLineTable(reference))
        #expect(table.count > 500, "the walk kept a large table")
        // Walking by index visits each entry once, in the order iteration does.
        var walked: [OrderLineID] = []
        var index = table.startIndex
        while index != table.endIndex {
            walked.append(table[index].key)
            index = table.index(after: index)
        }
        #expect(walked == Array(table.keys))
        #expect(Set(walked).count == reference.count)
    }

    /// Ids spread over all parts, none holding much more than its share: one part holding all
    /// would double the whole table at once again, which is what the split exists to avoid.
    @Test func idsSpreadOverTheParts() {
        var table = OpenLineTable()
        for number in 0..<16_000 { table[Self.id(number)] = Self.line(number % 40 + 1) }
        let sizes = table.parts.map(\.count)
        #expect(sizes.count == OpenLineTable.partCount)
        #expect(sizes.allSatisfy { $0 > 800 && $0 < 1_200 }, "\(sizes)")
    }

    @Test func emptyTables() {
        let empty = OpenLineTable()
        #expect(empty.isEmpty && empty.count == 0)
        #expect(empty.startIndex == empty.endIndex)
        #expect(empty.first == nil)
        #expect(empty == [:])
        var one = OpenLineTable()
        one[Self.id(7)] = Self.line(3)
        #expect(one != empty)
        #expect(one.first?.key == Self.id(7))
        #expect(one.index(after: one.startIndex) == one.endIndex)
    }

    @Test func aCopyKeepsItsLines() {
        var original = OpenLineTable()
        for number in 0..<3_000 { original[Self.id(number)] = Self.line(number % 30 + 1) }
        let copy = original
        for number in 0..<3_000 where number % 2 == 0 { original[Self.id(number)] = nil }
        for number in 3_000..<9_000 { original[Self.id(number)] = Self.line(5) }
        if let index = original.index(forKey: Self.id(1)) { original[valueAt: index].quantity = 999 }
        #expect(copy.count == 3_000)
        #expect(copy[Self.id(1)]?.quantity == 2)
        #expect(copy[Self.id(2)] != nil)
        #expect(original[Self.id(1)]?.quantity == 999)
        #expect(original.count == 1_500 + 6_000)
    }
}
