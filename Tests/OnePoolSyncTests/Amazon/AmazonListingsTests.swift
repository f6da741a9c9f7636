import Foundation
import OnePoolCore
import SPAPIEmulator
import Testing

@testable import OnePoolSync

@Suite("Amazon listings: read, patch, read-then-write, catalogue")
struct AmazonListingsTests {
    @Test("getListingsItem gives the merchant quantity, ASIN and product type; an unknown SKU is listingNotFound")
    func readsOneListing() async throws {
        let fixture = try AmazonFixture()
        fixture.emulator.addListing(sku: "MUG", quantity: 7, productType: "DRINKING_CUP", asin: "B0MUG00001")
        fixture.emulator.addListing(sku: "MUG-FBA", quantity: 30, fulfilledByAmazon: true)
        let mug = try await fixture.client.listing(sku: "MUG")
        #expect(
            mug.quantity == 7 && mug.asin == "B0MUG00001" && mug.productType == "DRINKING_CUP" && !mug.fulfilledByAmazon
        )
        let fba = try await fixture.client.listing(sku: "MUG-FBA")
        #expect(fba.fulfilledByAmazon && fba.quantity == nil, "an FBA listing's stock is Amazon's, never ours to set")
        await #expect(throws: AmazonError.listingNotFound(sku: "NOPE")) {
            _ = try await fixture.client.listing(sku: "NOPE")
        }
        let query = try #require(fixture.emulator.requests(.getListingsItem).first?.query)
        #expect(
            query["includedData"] == "summaries,fulfillmentAvailability" && query["marketplaceIds"] == "ATVPDKIKX0DER")
    }

    @Test("a SKU with spaces, slashes and accents travels percent-encoded in the path")
    func encodesSKUs() async throws {
        let fixture = try AmazonFixture()
        let sku = "Tee/Blue L+ é#1"
        fixture.emulator.addListing(sku: sku, quantity: 3)
        #expect(try await fixture.client.listing(sku: sku).quantity == 3)
        #expect(try await fixture.client.setQuantity(sku: sku, quantity: 4, productType: "PRODUCT").isAccepted)
        #expect(fixture.emulator.listing(sku)?.merchantQuantity == 4)
    }

    @Test("patchListingsItem merges the DEFAULT quantity (other fields kept) and reports ACCEPTED")
    func patchAccepted() async throws {
        let fixture = try AmazonFixture()
        fixture.emulator.addListing(sku: "MUG", quantity: 7, productType: "DRINKING_CUP", leadTimeDays: 3)
        let outcome = try await fixture.client.setQuantity(sku: "MUG", quantity: 12, productType: "DRINKING_CUP")
        guard case .accepted(let submission, let issues) = outcome else {
            Issue.record("expected ACCEPTED, got \(outcome)")
            return
        }
        #expect(!submission.isEmpty && issues.isEmpty)
        #expect(fixture.emulator.listing("MUG")?.merchantQuantity == 12)
        #expect(fixture.emulator.listing("MUG")?.leadTimeToShipMaxDays == 3, "merge leaves the handling time alone")
        let request = try #require(fixture.emulator.requests(.patchListingsItem).first)
        let body = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
        #expect(body["productType"] as? String == "DRINKING_CUP")
        let patch = try #require((body["patches"] as? [[String: Any]])?.first)
        #expect(patch["op"] as? String == "merge" && patch["path"] as? String == "/attributes/fulfillment_availability")
        let value = try #require((patch["value"] as? [[String: Any]])?.first)
        #expect(value["fulfillment_channel_code"] as? String == "DEFAULT" && value["quantity"] as? Int == 12)
    }

    @Test("an INVALID submission comes back with its issues, and nothing changes")
    func patchInvalid() async throws {
        let fixture = try AmazonFixture()
        fixture.emulator.addListing(sku: "MUG", quantity: 7, productType: "DRINKING_CUP")
        fixture.emulator.rejectPatches(of: "MUG", code: "90220", message: "'size' is required but not supplied.")
        let rejected = try await fixture.client.setQuantity(sku: "MUG", quantity: 12, productType: "DRINKING_CUP")
        guard case .invalid(_, let issues) = rejected else {
            Issue.record("expected INVALID, got \(rejected)")
            return
        }
        #expect(issues.map(\.code) == ["90220"] && issues.first?.severity == "ERROR")
        #expect(issues.first?.message.contains("'size' is required") == true)
        #expect(fixture.emulator.listing("MUG")?.merchantQuantity == 7)

        fixture.emulator.addListing(sku: "CAP", quantity: 1, productType: "HAT")
        let mismatch = try await fixture.client.setQuantity(sku: "CAP", quantity: 2, productType: "DRINKING_CUP")
        #expect(!mismatch.isAccepted)
        #expect(fixture.emulator.listing("CAP")?.merchantQuantity == 1)
    }

    @Test("quantities outside 0…Bounds.skuUnits are refused before anything is sent")
    func quantityRange() async throws {
        let fixture = try AmazonFixture()
        fixture.emulator.addListing(sku: "MUG", quantity: 7)
        for quantity in [-1, Bounds.skuUnits + 1] {
            await #expect(
                throws: AmazonError.quantityOutOfRange(sku: "MUG", quantity: quantity, allowed: 0...Bounds.skuUnits)
            ) {
                _ = try await fixture.client.setQuantity(sku: "MUG", quantity: quantity, productType: "PRODUCT")
            }
        }
        #expect(fixture.emulator.requests(.patchListingsItem).isEmpty)
    }

    @Test("read then write: written when unmoved, not sent when a sale moved it, not sent when already right")
    func readThenWrite() async throws {
        let fixture = try AmazonFixture()
        fixture.emulator.addListing(sku: "MUG", quantity: 10, productType: "DRINKING_CUP")

        let written = try await fixture.client.readThenSetQuantity(sku: "MUG", expected: 10, to: 6)
        guard case .written(previous: 10, outcome: .accepted) = written else {
            Issue.record("expected a written, accepted patch from 10, got \(written)")
            return
        }
        #expect(fixture.emulator.listing("MUG")?.merchantQuantity == 6)

        _ = try #require(fixture.emulator.sell([("MUG", 2)]))  // a buyer, between OnePool's pull and push
        let moved = try await fixture.client.readThenSetQuantity(sku: "MUG", expected: 6, to: 8)
        #expect(moved == .moved(expected: 6, found: 4))
        #expect(fixture.emulator.listing("MUG")?.merchantQuantity == 4, "the sale is not overwritten")

        let same = try await fixture.client.readThenSetQuantity(sku: "MUG", expected: 4, to: 4)
        #expect(same == .unchanged(4))
        #expect(fixture.emulator.requests(.patchListingsItem).count == 1)
    }

    @Test("batch read-then-write: one read per 20, patches only where unmoved; FBA and unknown SKUs left alone")
    func batchReadThenWrite() async throws {
        let fixture = try AmazonFixture()
        var targets: [AmazonQuantityTarget] = []
        for index in 0..<22 {
            fixture.emulator.addListing(sku: "B\(index)", quantity: 10)
            targets.append(AmazonQuantityTarget(sku: "B\(index)", expected: 10, quantity: index % 2 == 0 ? 4 : 10))
        }
        fixture.emulator.addListing(sku: "FBA", quantity: 50, fulfilledByAmazon: true)
        targets += [
            AmazonQuantityTarget(sku: "FBA", expected: nil, quantity: 3),
            AmazonQuantityTarget(sku: "GONE", expected: 1, quantity: 0),
        ]
        _ = try #require(fixture.emulator.sell([("B2", 1)]))  // B2 moved to 9 since OnePool last looked
        let pushes = await fixture.client.readThenSetQuantities(targets)
        #expect(pushes.map(\.target) == targets, "one result per target, in order")
        func outcome(_ sku: String) -> AmazonReadThenWriteOutcome? {
            try? pushes.first { $0.target.sku == sku }?.result.get()
        }
        guard case .written(previous: 10, outcome: .accepted) = outcome("B0") else {
            Issue.record("B0 should be written")
            return
        }
        #expect(outcome("B1") == .unchanged(10))
        #expect(outcome("B2") == .moved(expected: 10, found: 9))
        #expect(outcome("FBA") == .fulfilledByAmazon)
        #expect(throws: AmazonError.listingNotFound(sku: "GONE")) { try pushes.last?.result.get() }
        #expect(fixture.emulator.requests(.searchListingsItems).count == 2)
        #expect(fixture.emulator.requests(.patchListingsItem).count == 10, "B0, B4, …, B20; not B2, which moved")
        #expect(
            fixture.emulator.listing("B2")?.merchantQuantity == 9
                && fixture.emulator.listing("B4")?.merchantQuantity == 4)
        #expect(fixture.emulator.listing("FBA")?.amazonQuantity == 50)
    }

    @Test("a storefront in another process can sell through POST /_emulator/orders")
    func controlEndpointSells() async throws {
        let fixture = try AmazonFixture()
        fixture.emulator.addListing(sku: "MUG", quantity: 2)
        let url = try #require(URL(string: fixture.emulator.baseURL + "/_emulator/orders"))
        let sale = HTTPRequest(
            method: "POST", url: url, headers: [("Content-Type", "application/json")],
            body: Data(#"{"lines": [{"sku": "MUG", "quantity": 2}]}"#.utf8), timeout: 5)
        let transport = URLSessionTransport()
        #expect(try await transport.send(sale).status == 201)
        #expect(fixture.emulator.listing("MUG")?.merchantQuantity == 0)
        #expect(try await transport.send(sale).status == 409, "Amazon never sells more than is listed")
        let pull = try await fixture.client.pullOrders(since: AmazonFixture.epoch)
        #expect(pull.orders.count == 1 && pull.orders.first?.lines.first?.quantity == 2)
    }

    @Test("many SKUs are read 20 to a request; unknown SKUs are absent")
    func readsInBatches() async throws {
        let fixture = try AmazonFixture()
        var skus: [String] = []
        for index in 0..<45 {
            let sku = String(format: "SKU-%03d", index)
            skus.append(sku)
            fixture.emulator.addListing(sku: sku, quantity: index, fulfilledByAmazon: index == 44)
        }
        let found = try await fixture.client.listings(skus: skus + ["GHOST"])
        #expect(found.count == 45 && found["GHOST"] == nil)
        #expect(found["SKU-012"]?.quantity == 12)
        #expect(found["SKU-044"]?.fulfilledByAmazon == true)
        let requests = fixture.emulator.requests(.searchListingsItems)
        #expect(requests.count == 3)
        #expect(
            requests.allSatisfy {
                $0.query["identifiersType"] == "SKU"
                    && ($0.query["identifiers"]?.split(separator: ",").count ?? 0) <= 20
            })
    }

    @Test("the catalogue pages past Amazon's cap by restarting at the last creation date; FBA listings flagged")
    func catalogueBeyondTheCap() async throws {
        let fixture = try AmazonFixture { $0.listingsSearchCap = 25 }
        let start = Date(timeIntervalSince1970: 1_770_000_000)
        for index in 0..<62 {
            fixture.emulator.addListing(
                sku: String(format: "L-%03d", index), quantity: index, fulfilledByAmazon: index % 10 == 9,
                created: start.addingTimeInterval(Double(index / 2)))  // two listings per second
        }
        let catalogue = try await fixture.client.catalogue(pageSize: 10)
        #expect(catalogue.listings.count == 62)
        #expect(Set(catalogue.listings.map(\.sellerSKU)).count == 62)
        #expect(catalogue.listings.filter(\.fulfilledByAmazon).count == 6)
        #expect(catalogue.listings.first { $0.sellerSKU == "L-010" }?.quantity == 10)
        #expect(catalogue.skipped.isEmpty)
        let requests = fixture.emulator.requests(.searchListingsItems)
        #expect(requests.contains { $0.query["createdAfter"] != nil }, "a second search window was needed")
        #expect(requests.allSatisfy { $0.query["sortBy"] == "createdDate" && $0.query["sortOrder"] == "ASC" })
    }

    @Test("more listings created in one instant than Amazon lets us page through is reported, not looped on")
    func catalogueTooDense() async throws {
        let fixture = try AmazonFixture { $0.listingsSearchCap = 10 }
        let instant = Date(timeIntervalSince1970: 1_770_000_000)
        for index in 0..<15 { fixture.emulator.addListing(sku: "D-\(index)", quantity: 1, created: instant) }
        await #expect {
            _ = try await fixture.client.catalogue(pageSize: 5)
        } throws: { error in
            guard case AmazonError.malformedResponse(let operation, let reason) = error else { return false }
            return operation == "searchListingsItems" && reason.contains("15 listings match")
        }
    }

    @Test("listing operations are throttled per operation: patches paced by their own bucket")
    func patchesArePaced() async throws {
        let fixture = try AmazonFixture(
            configure: { $0.plans[.patchListingsItem] = (rate: 20, burst: 3) },
            clientPlans: [
                .patchListingsItem: SPAPIUsagePlan(rate: 20, burst: 1),
                .getListingsItem: SPAPIUsagePlan(rate: 200, burst: 50),
            ])
        for index in 0..<6 { fixture.emulator.addListing(sku: "P\(index)", quantity: 1) }
        let started = ContinuousClock.now
        for index in 0..<6 {
            _ = try await fixture.client.setQuantity(sku: "P\(index)", quantity: 5, productType: "PRODUCT")
        }
        #expect(started.duration(to: .now) >= .milliseconds(200), "five waits of ~50 ms")
        #expect(fixture.emulator.requests(.patchListingsItem).allSatisfy { $0.status == 200 })
        #expect((0..<6).allSatisfy { fixture.emulator.listing("P\($0)")?.merchantQuantity == 5 })
    }
}

extension AmazonPatchOutcome {
    var isAccepted: Bool {
        if case .accepted = self { return true }
        return false
    }
}
