import OnePoolCore
import OnePoolTestSupport
import PropertyBased
import Testing

@Suite struct AllocatorTests {
    @Test func floorsFirstThenCapsByPriorityThenTheRestIsUnexposed() {
        // wholesale (priority 1) has a floor of 10; shopify (2) no cap; amazon (3) cap 30%.
        let rules = [
            ChannelRule(priority: 2),  // shopify
            ChannelRule(priority: 3, cap: .percent(30)),  // amazon
            ChannelRule(priority: 1, floor: 10, cap: .units(10)),  // wholesale
        ]
        let allocator = Allocator(rules: rules)
        let (allocations, unexposed) = allocator.allocate(available: 100)
        #expect(allocations == [90, 0, 10])
        #expect(unexposed == 0)
    }

    @Test func capsLeaveStockUnexposedAndSaySo() {
        let allocator = Allocator(rules: [
            ChannelRule(priority: 1, cap: .units(5)), ChannelRule(priority: 2, cap: .percent(20)),
        ])
        let (allocations, unexposed) = allocator.allocate(available: 50)
        #expect(allocations == [5, 10])
        #expect(unexposed == 35)
    }

    @Test func aShortPoolGoesToFloorsInPriorityOrder() {
        let allocator = Allocator(rules: [
            ChannelRule(priority: 2, floor: 5), ChannelRule(priority: 1, floor: 4), ChannelRule(priority: 3),
        ])
        #expect(allocator.allocate(available: 6).allocations == [2, 4, 0])
        #expect(allocator.allocate(available: -3).allocations == [0, 0, 0])
    }

    @Test func disabledChannelsGetNothing() {
        let allocator = Allocator(rules: [ChannelRule(priority: 1, floor: 5, enabled: false), ChannelRule(priority: 2)])
        #expect(allocator.allocate(available: 8).allocations == [0, 8])
    }

    @Test func neverOffersMoreThanExists() async {
        await propertyCheck(count: 1000, input: Gen.int(in: 0...Int.max), Gen.int(in: -50...500)) { seed, available in
            var random = SplitMix64(seed: UInt64(seed))
            let rules = (0..<Int.random(in: 1...8, using: &random)).map { _ -> ChannelRule in
                let cap = Int.random(in: -1...60, using: &random)
                return ChannelRule(
                    priority: Int.random(in: 1...5, using: &random), floor: Int.random(in: 0...40, using: &random),
                    cap: cap < 0 ? nil : Bool.random(using: &random) ? .percent(min(cap, 100)) : .units(cap),
                    enabled: Int.random(in: 0..<5, using: &random) > 0)
            }
            let (allocations, unexposed) = Allocator(rules: rules).allocate(available: available)
            #expect(allocations.allSatisfy { $0 >= 0 })
            #expect(allocations.reduce(0, +) + unexposed == max(available, 0))
            for (index, rule) in rules.enumerated() {
                if !rule.enabled { #expect(allocations[index] == 0) }
                if let cap = rule.cap, rule.enabled {
                    #expect(allocations[index] <= max(cap.units(ofPool: max(available, 0)), rule.floor))
                }
            }
        }
    }

    @Test func capsParseAsUnitsOrPercent() {
        #expect(ChannelRule.Cap.parse("30%") == .percent(30))
        #expect(ChannelRule.Cap.parse("12") == .units(12))
        #expect(ChannelRule.Cap.parse("130%") == nil)
        #expect(ChannelRule.Cap.parse("-1") == nil)
    }
}
