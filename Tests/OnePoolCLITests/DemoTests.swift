import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolTestSupport
import Testing

@testable import OnePoolCLI
@testable import OnePoolDemo

/// The demo store: a pure, seeded generator of a believable shop's history, written into a store.
@Suite struct DemoTests {
    /// 2026-03-18 14:30:00 UTC, a Wednesday afternoon: "now" for the pure tests.
    static let today = Timestamp(secondsSince1970: 1_773_844_200)

    static func parameters(seed: UInt64 = 7, skus: Int = 40, days: Int = 90, offset: Int = 3600) -> DemoParameters {
        DemoParameters(seed: seed, skuCount: skus, days: days, today: today, utcOffsetSeconds: offset)
    }

    // MARK: - The pure generator

    @Test func theSameSeedAndDayGiveTheSameHistory() {
        let first = DemoGenerator.generateAll(Self.parameters())
        let second = DemoGenerator.generateAll(Self.parameters())
        #expect(first.count == 91)
        #expect(first.map(\.time) == second.map(\.time))
        #expect(first.map(\.changes) == second.map(\.changes))
        let otherSeed = DemoGenerator.generateAll(Self.parameters(seed: 8))
        #expect(otherSeed.map(\.changes) != first.map(\.changes))
    }

    @Test func everyChangePassesTheChecksAndTheSimulationAgreesWithTheFold() throws {
        var generator = DemoGenerator(Self.parameters(seed: 11, skus: 30, days: 120))
        var state = StockState()
        var sequence: UInt64 = 0
        var previous = Timestamp(millisecondsSince1970: 0)
        while let batch = generator.next() {
            #expect(batch.time >= previous, "batches go forward in time")
            #expect(batch.time <= Self.today)
            previous = batch.time
            for proposed in batch.changes {
                if let key = proposed.idempotencyKey {
                    #expect(!state.hasSeen(idempotencyKey: key), "key \(key) used twice")
                }
                try state.check(proposed.change)
                sequence += 1
                state.apply(
                    Event(
                        sequence: sequence, time: batch.time, actor: "demo", idempotencyKey: proposed.idempotencyKey,
                        change: proposed.change))
            }
        }
        for code in state.skuCodes {
            #expect(
                generator.simulatedStock(code) == state.stock(code), "the generator's view of \(code) matches the fold")
        }
    }

    @Test func daysFollowTheStoresZoneThroughSummerTime() throws {
        let zone = try #require(TimeZone(identifier: "Europe/London"))
        let parameters = DemoParameters.inZone(zone, seed: 3, skuCount: 12, days: 400, today: Self.today)
        #expect(Set(parameters.dayOffsets) == [0, 3600])
        var generator = DemoGenerator(parameters)
        while let batch = generator.next() {
            let offset = zone.secondsFromGMT(
                for: Date(timeIntervalSince1970: Double(batch.time.millisecondsSince1970) / 1000))
            #expect(
                batch.time.day(offsetSeconds: offset) == generator.firstDayNumber + batch.day,
                "day \(batch.day) is dated on its own day")
            for case .orderPlaced(let line) in batch.changes.map(\.change) {
                #expect(line.time.day(offsetSeconds: offset) == generator.firstDayNumber + batch.day)
            }
        }
    }

    @Test func theDefaultDemoHasThreeHundredSKUsFourChannelsAndTwoOrThreeSuppliers() throws {
        var generator = DemoGenerator(DemoParameters(seed: 42, today: Self.today))
        let products = generator.products
        #expect(products.count >= 300)
        #expect(Set(products.map(\.sku.code)).count == products.count)
        #expect(Set(products.map(\.category)).count >= 5)
        let suppliers = Set(products.compactMap(\.sku.supplier))
        #expect((2...3).contains(suppliers.count))
        for supplier in suppliers {
            let terms = products.filter { $0.sku.supplier == supplier }.map(\.sku)
            #expect(Set(terms.compactMap(\.leadTimeDays)).count == 1, "one lead time per supplier")
        }
        #expect(Set(products.compactMap(\.sku.leadTimeDays)).count == suppliers.count, "suppliers differ in lead time")
        #expect(Set(products.map(\.sku.barcode)).count == products.count)
        for product in products {
            let sku = product.sku
            let barcode = try #require(sku.barcode)
            #expect(barcode.count == 13 && barcode.allSatisfy(\.isNumber))
            #expect(DemoCatalogue.ean13CheckDigit(String(barcode.prefix(12))) == Int(String(barcode.last!)))
            #expect(
                sku.unitCost.cents > 0 && sku.price.cents * 50 / 100 > sku.unitCost.cents,
                "\(sku.code) has a healthy margin")
            #expect(sku.minimumOrderQuantity % sku.casePack == 0)
        }
        #expect(
            products.contains { $0.intermittent } && products.contains { $0.trendPerYear > 0.3 }
                && products.contains { $0.trendPerYear < -0.3 })

        let first = generator.next()
        let setup = try #require(first)
        let channels = setup.changes.compactMap { change -> Channel? in
            if case .channelAdded(let channel) = change.change { return channel }
            return nil
        }
        #expect(channels.map(\.name) == ["shopify", "amazon", "ebay", "wholesale"])
        #expect(channels.map(\.kind) == [.shopify, .amazon, .ebay, .wholesale])
    }

    @Test func eanCheckDigitsAreRight() {
        #expect(DemoCatalogue.ean13CheckDigit("400638133393") == 1)
        #expect(DemoCatalogue.ean13CheckDigit("501234567890") == 0)
        #expect(DemoCatalogue.ean13(prefix: "50", company: 12345, item: 7) == "5012345000077")
    }

    @Test func calendarArithmeticRoundTrips() {
        for day in stride(from: -800, to: 40_000, by: 37) {
            #expect(DemoDate(dayNumber: day).dayNumber == day)
        }
        #expect(DemoDate(dayNumber: 0) == DemoDate(year: 1970, month: 1, day: 1))
        #expect(DemoDate.weekday(DemoDate(year: 2026, month: 3, day: 18).dayNumber) == 2)  // a Wednesday
        #expect(DemoDate(dayNumber: DemoDate.blackFriday(year: 2025)) == DemoDate(year: 2025, month: 11, day: 28))
    }

    // MARK: - Written into a store

    @Test func aGeneratedStoreIsBelievable() throws {
        let directory = TemporaryDirectory("onepool-demo")
        let path = directory.child("demo")
        let parameters = Self.parameters(seed: 42, skus: 80, days: 365, offset: 0)
        // Every batch went through Store.transact, so every event passed StockState.check.
        let outcome = try DemoStore.build(
            at: path, parameters: parameters, timeZone: "UTC", createdAt: Self.today, replacing: false, user: "tester")
        let store = try Store.open(at: path)
        #expect(store.metadata.name == "OnePool demo (seed 42)")
        #expect(outcome.events == store.state.lastSequence)
        // 80 catalogue SKUs and the gift-set bundles made of them.
        #expect(store.state.pools.count == 80 + DemoBundles.codes.count)
        #expect(store.state.bundles.sorted.map(\.code) == DemoBundles.codes)

        var state = StockState()
        var day: Int?
        var stockoutDays = 0
        var negativeOnHand: [String] = []
        var webUnitsByWeekday = Array(repeating: 0, count: 7)
        var daysByWeekday = Array(repeating: Set<Int>(), count: 7)
        var wholesaleLines = 0
        var wholesaleUnits = 0
        var webLines = 0
        var webUnits = 0
        var cancelled = 0
        var counts = 0
        var discrepancies = 0
        var receiptsFromOrders = 0
        func endOfDay() {
            stockoutDays += state.pools.values.filter { $0.stock.available <= 0 }.count
        }
        try store.forEachEvent { event in
            let eventDay = event.time.day()
            if let day, eventDay != day { endOfDay() }
            day = eventDay
            if case .counted(let code, let quantity, _) = event.change {
                counts += 1
                if state.stock(code)?.onHand != quantity { discrepancies += 1 }
            }
            state.apply(event)
            if let code = event.change.skuCode, let stock = state.stock(code), stock.onHand < 0 {
                negativeOnHand.append(code.rawValue)
            }
            switch event.change {
            case .orderPlaced(let line):
                #expect(
                    line.time <= event.time && line.time.day() == eventDay,
                    "an order line is recorded on the day it was placed")
                if line.id.channel == "wholesale" {
                    wholesaleLines += 1
                    wholesaleUnits += line.quantity
                } else {
                    webLines += 1
                    webUnits += line.quantity
                }
                if line.id.channel == "shopify" || line.id.channel == "ebay" {
                    let weekday = DemoDate.weekday(line.time.day())
                    webUnitsByWeekday[weekday] += line.quantity
                    daysByWeekday[weekday].insert(line.time.day())
                }
            case .orderCancelled:
                cancelled += 1
            case .received(_, _, let reference, let fromIncoming):
                if reference?.hasPrefix("PO-") == true && fromIncoming > 0 { receiptsFromOrders += 1 }
            default:
                break
            }
        }
        endOfDay()
        #expect(state == store.state)

        // No physical stock below zero, ever: shipping waits for stock; oversells show in available.
        #expect(negativeOnHand.isEmpty)
        // Stockouts happened (demand on those days was lost), and purchase orders arrived.
        #expect(stockoutDays > 0)
        #expect(outcome.stats.lostUnits > 0)
        #expect(receiptsFromOrders > 20)
        // Weekly seasonality: the web shop and eBay sell more per weekend day than per weekday.
        let perDay = (0..<7).map { Double(webUnitsByWeekday[$0]) / Double(max(1, daysByWeekday[$0].count)) }
        let weekdayAverage = perDay[0..<5].reduce(0, +) / 5
        let weekendAverage = (perDay[5] + perDay[6]) / 2
        #expect(weekendAverage > weekdayAverage * 1.15)
        // Wholesale: fewer, larger lines.
        #expect(wholesaleLines > 0 && wholesaleLines * 10 < webLines)
        #expect(Double(wholesaleUnits) / Double(wholesaleLines) > 3 * Double(webUnits) / Double(webLines))
        #expect(cancelled > 0 && counts > 0 && discrepancies > 0)

        // Today: mostly in stock, some out, a couple oversold, some incoming, open lines, a hold.
        let stocks = state.pools.values.map(\.stock)
        #expect(stocks.filter { $0.available > 0 }.count > stocks.count * 3 / 4)
        #expect(stocks.filter { $0.isOversold }.count >= 2)
        #expect(stocks.contains { $0.incoming > 0 })
        #expect(stocks.contains { $0.held > 0 })
        #expect(!state.openLines.isEmpty)

        let summary = try DemoSummary(store: store).render(stats: outcome.stats)
        for expected in [
            "83 SKUs", "gift sets 3", "shopify", "wholesale", "Hartwell & Co", "oversold", "onepool stock --store",
            "onepool sku show",
        ] {
            #expect(summary.contains(expected), "summary mentions \(expected)")
        }
    }

    // MARK: - The command

    @Test func theCommandReopensAnExistingDemoAndRegeneratesOnlyWithForce() throws {
        let home = TemporaryDirectory("onepool-demo-cli")
        let store = home.child("demo")
        let pinned = ["ONEPOOL_NOW": "2026-03-18T14:30:00Z", "TZ": "UTC"]
        let arguments = ["demo", "--store", store, "--skus", "12", "--days", "20", "--seed", "5", "--no-console"]
        let first = try OnePoolBinary.run(arguments, home: home.path, extra: pinned)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("OnePool demo (seed 5)"))
        #expect(first.stderr.contains("day 20/20"))
        let journal = "\(store)/journal/00000001.opj"
        let bytes = RawFile.bytes(journal)
        #expect(!bytes.isEmpty)

        let again = try OnePoolBinary.run(arguments, home: home.path, extra: pinned)
        #expect(again.status == 0)
        #expect(again.stdout.contains("already exists"))
        #expect(RawFile.bytes(journal) == bytes)

        // Regenerated with the same seed on the same day: the very same journal, byte for byte.
        let forced = try OnePoolBinary.run(arguments + ["--force"], home: home.path, extra: pinned)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(RawFile.bytes(journal) == bytes)
        #expect(!FileManager.default.fileExists(atPath: "\(store).generating"))
    }

    @Test func forceRefusesToReplaceAStoreTheDemoDidNotMake() throws {
        let home = TemporaryDirectory("onepool-demo-cli")
        let path = home.child("real")
        try Store.create(at: path, metadata: StoreMetadata(name: "Corner Shop", createdAt: 0, timeZone: "UTC"))
        let result = try OnePoolBinary.run(
            ["demo", "--store", path, "--force", "--skus", "10", "--days", "14"], home: home.path)
        #expect(result.status != 0)
        #expect(result.stderr.contains("not a OnePool demo store"))
        #expect(DemoStore.existingName(at: path) == "Corner Shop")
    }
}
