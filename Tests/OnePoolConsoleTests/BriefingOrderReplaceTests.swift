import OnePoolCore
import Testing

@testable import OnePoolConsole

/// `BriefingOrder.replace` leaves a ranked list exactly as removing each gone item then
/// inserting each coming one did (the tail shifted twice per item), on lists with many ties in
/// money, kind and subject, new versions of items that stay, items that leave or come for good,
/// gone items not in the list and ids repeated within a change.
@Suite struct BriefingOrderReplaceTests {
    static func item(_ random: inout PackedCellTests.Random, id: Int) -> BriefingItem {
        let kinds: [BriefingItem.Kind] = [.stockoutRisk, .forecastMiss, .overstock, .oversold]
        let subject = "SKU-\(random.below(6))"
        var item = BriefingItem(
            kind: kinds[random.below(kinds.count)], subject: subject, money: Money(cents: Int64(random.below(5) * 100)),
            why: "v\(random.below(1000))", action: .openSKU(SKUCode(subject)))
        item.id = "item-\(id)"
        return item
    }

    static func removingThenInserting(_ gone: [BriefingItem], _ come: [BriefingItem], _ list: [BriefingItem])
        -> [BriefingItem]
    {
        var items = list
        for item in gone {
            if let position = BriefingOrder.position(of: item, in: items) { items.remove(at: position) }
        }
        for item in come { items.insert(item, at: BriefingOrder.insertionPoint(for: item, in: items)) }
        return items
    }

    @Test func replaceLeavesWhatRemovingThenInsertingLeft() {
        var random = PackedCellTests.Random(seed: 33)
        for round in 0..<1500 {
            let count = random.below(40)
            let list = Briefing.rank((0..<count).map { Self.item(&random, id: $0) })
            var gone: [BriefingItem] = []
            var come: [BriefingItem] = []
            for _ in 0..<random.below(6) {
                switch random.below(5) {
                case 0, 1:
                    // A new version of an item that stays (same id): most of a small change.
                    guard count > 0 else { continue }
                    let old = list[random.below(count)]
                    gone.append(old)
                    var new = Self.item(&random, id: 0)
                    new.id = old.id
                    come.append(new)
                case 2:
                    if count > 0 { gone.append(list[random.below(count)]) }  // leaves (maybe twice)
                case 3:
                    come.append(Self.item(&random, id: 1000 + random.below(4)))  // comes (ids may repeat)
                default:
                    gone.append(Self.item(&random, id: 2000 + random.below(5)))  // was never there
                }
            }
            if round % 7 == 0 { gone.shuffle(using: &random) }
            var replaced = list
            BriefingOrder.replace(gone: gone, come: come, in: &replaced)
            #expect(replaced == Self.removingThenInserting(gone, come, list), "round \(round)")
        }
    }

    @Test func moveShiftsOnlyWhatIsBetween() {
        var random = PackedCellTests.Random(seed: 5)
        for _ in 0..<500 {
            let list = Briefing.rank((0..<(1 + random.below(30))).map { Self.item(&random, id: $0) })
            let old = random.below(list.count)
            var new = Self.item(&random, id: 0)
            new.id = list[old].id
            var moved = list
            BriefingOrder.move(from: old, to: new, in: &moved)
            var expected = list
            expected.remove(at: old)
            expected.insert(new, at: BriefingOrder.insertionPoint(for: new, in: expected))
            #expect(moved == expected)
        }
    }
}

extension PackedCellTests.Random: RandomNumberGenerator {
    mutating func next() -> UInt64 { UInt64(below(Int.max)) }
}
