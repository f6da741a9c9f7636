import Testing

@testable import OnePoolCore

/// Replay sizes the shipped-line table from the journal's size before folding
/// (`ShippedLineTable.reserveCapacity(forMore:)`): the table must then hold that many lines
/// without growing, answer exactly as a table that grew, and never reserve past its bound.
@Suite struct ShippedLineReserveTests {
    private func key(_ number: Int) -> ShippedLineKey {
        ShippedLineKey(OrderLineID(channel: "shopify", order: String(100_000 + number / 2), line: number % 2 + 1))
    }

    @Test func aReservedTableHoldsItsLinesWithoutGrowing() {
        var reserved = ShippedLineTable()
        reserved.reserveCapacity(forMore: 5_000)
        let capacity = reserved.recentCapacity
        #expect(capacity * 3 >= 5_000 * 4)
        var grown = ShippedLineTable()
        for number in 0..<5_000 {
            let sku = SKUCode("SKU-\(number % 7)")
            reserved.recordShipment(key(number), sku: sku, units: 1 + number % 3, components: nil)
            grown.recordShipment(key(number), sku: sku, units: 1 + number % 3, components: nil)
        }
        #expect(reserved.recentCapacity == capacity)
        #expect(grown.recentCapacity <= capacity)
        #expect(reserved == grown)
        #expect(reserved.count == 5_000)
        for number in 0..<5_000 { #expect(reserved.entry(for: key(number)) == grown.entry(for: key(number))) }
        for number in 5_000..<5_100 { #expect(reserved.entry(for: key(number)) == nil) }
    }

    @Test func reservingCountsTheLinesAlreadyHeld() {
        var table = ShippedLineTable()
        for number in 0..<1_000 { table.recordShipment(key(number), sku: "MUG", units: 1, components: nil) }
        let before = table.recentCapacity
        table.reserveCapacity(forMore: 0)
        table.reserveCapacity(forMore: -5)
        #expect(table.recentCapacity == before)
        table.reserveCapacity(forMore: 3_000)
        // The 1,000 lines held and 3,000 more fit at most three quarters full.
        #expect(table.recentCapacity * 3 >= 4_000 * 4)
        #expect(table.count == 1_000)
        for number in 0..<1_000 { #expect(table.entry(for: key(number))?.shipped == 1) }
    }

    @Test func aReservationIsBoundedWhateverTheEstimate() {
        var table = ShippedLineTable()
        table.reserveCapacity(forMore: Int.max)
        let bound = ShippedLineTable.largestReservation
        #expect(table.recentCapacity * 3 >= bound * 4)
        #expect(table.recentCapacity / 2 * 3 < bound * 4)
        #expect(table.isEmpty)
        table.recordShipment(key(1), sku: "MUG", units: 2, components: nil)
        #expect(table.entry(for: key(1))?.shipped == 2)
    }
}
