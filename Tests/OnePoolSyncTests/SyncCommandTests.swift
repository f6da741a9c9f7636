import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolSync
import OnePoolTestSupport
import ShopifyEmulator
import Testing

/// `onepool connect` and `onepool sync` as an operator runs them.
@Suite(.serialized) struct SyncCommandTests {
    /// A home with a store holding channel `shop` and 10 MUGs, and an emulated shop.
    final class Setup {
        let home = TemporaryDirectory("onepool-cli-sync")
        let emulator: ShopifyEmulator
        var store: String { home.child("store") }

        init(scopes: [String] = EmulatedShop.allScopes, staticToken: String? = nil) throws {
            emulator = try ShopifyEmulator(shops: [
                EmulatedShop(
                    domain: "alpha.myshopify.com", staticToken: staticToken, scopes: scopes, variants: [("MUG", 0)])
            ])
            let created = try Store.create(
                at: home.child("store"), metadata: StoreMetadata(name: "CLI", createdAt: 0, timeZone: "UTC"))
            _ = try created.transact(actor: "test", time: Timestamp(secondsSince1970: 1_780_000_000)) { _ in
                (
                    [
                        ProposedChange(.channelAdded(Channel(name: "shop", kind: .shopify))),
                        ProposedChange(.skuCreated(SKU(code: "MUG", title: "Mug"))),
                        ProposedChange(.received(sku: "MUG", quantity: 10, reference: nil, fromIncoming: 0)),
                    ], ()
                )
            }
        }

        func run(_ arguments: [String], base: String? = nil) throws -> OnePoolBinary.Result {
            try OnePoolBinary.run(arguments + ["--store", store], home: home.path, apiBase: base ?? emulator.baseURL)
        }

        func connect() throws -> OnePoolBinary.Result {
            let secret = OnePoolBinary.secretFile("emulated-secret", in: home.path, name: "secret")
            return try run([
                "connect", "shopify", "--channel", "shop", "--shop", "alpha.myshopify.com", "--client-id",
                "emulated-client",
                "--client-secret-file", secret,
            ])
        }

        var connectionFile: String { home.child("config/onepool/connections/shop.json") }
    }

    @Test func aSecretFileOthersCanReadIsRefused() throws {
        let setup = try Setup()
        let secret = OnePoolBinary.secretFile("emulated-secret", in: setup.home.path, name: "loose")
        chmod(secret, 0o644)
        let result = try setup.run([
            "connect", "shopify", "--channel", "shop", "--shop", "alpha.myshopify.com", "--client-id",
            "emulated-client",
            "--client-secret-file", secret,
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("chmod 600 \(secret)"))
        #expect(!FileManager.default.fileExists(atPath: setup.connectionFile))
    }

    @Test func aConnectionIsSavedPrivateAndOutsideTheStoreAndNoSecretIsShown() throws {
        let setup = try Setup(staticToken: "shpat_very_secret_token")
        let token = OnePoolBinary.secretFile("shpat_very_secret_token", in: setup.home.path, name: "token")
        let result = try setup.run([
            "connect", "shopify", "--channel", "shop", "--shop", "alpha.myshopify.com", "--token-file", token,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("location Main Warehouse"))
        var info = stat()
        #expect(stat(setup.connectionFile, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        let sync = try setup.run(["sync", "--once"])
        #expect(sync.status == 0, "\(sync.stderr)")
        let list = try setup.run(["connect", "--list"])
        let status = try setup.run(["sync", "--status", "--format", "json"])
        for output in [result.stdout, result.stderr, sync.stdout, sync.stderr, list.stdout, status.stdout] {
            #expect(!output.contains("shpat_very_secret_token"))
        }
        // No file of the store holds the secret.
        let files = FileManager.default.enumerator(atPath: setup.store)?.compactMap { $0 as? String } ?? []
        for file in files {
            let data = FileManager.default.contents(atPath: "\(setup.store)/\(file)") ?? Data()
            #expect(data.range(of: Data("shpat_very_secret_token".utf8)) == nil, "\(file) holds the secret")
        }
        // A connection file others can read is refused like a loose key.
        chmod(setup.connectionFile, 0o640)
        let loose = try setup.run(["sync", "--once"])
        #expect(loose.status == 1)
        #expect(loose.stderr.contains("chmod 600"))
    }

    @Test func checkNamesTheMissingScope() throws {
        let setup = try Setup(scopes: ["read_products", "write_inventory", "read_locations"])
        let connected = try setup.connect()
        #expect(connected.status == 1)
        #expect(connected.stdout.contains("MISSING  scope read_orders"))
        let check = try setup.run(["connect", "--check", "shop"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("MISSING  scope read_orders"))
        #expect(check.stdout.contains("ok       scope write_inventory"))
        setup.emulator.setScopes(EmulatedShop.allScopes, shop: "alpha.myshopify.com")
        let fixed = try setup.run(["connect", "--check", "shop"])
        #expect(fixed.status == 0, "\(fixed.stdout)")
        #expect(fixed.stdout.contains("Ready to sync."))
    }

    @Test func syncOnceSetsTheAllocationAndStatusShowsIt() throws {
        let setup = try Setup()
        #expect(try setup.connect().status == 0)
        let sync = try setup.run(["sync", "--once"])
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(setup.emulator.available(shop: "alpha.myshopify.com", sku: "MUG") == 10)
        let status = try setup.run(["sync", "--status", "--format", "json"])
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase  // the product's JSON keys are snake_case
        let rows = try decoder.decode([ChannelSyncStatus].self, from: Data(status.stdout.utf8))
        #expect(rows.count == 1)
        #expect(rows.first?.health == "working")
        #expect(rows.first?.lastPull != nil)
        #expect(rows.first?.pushesApplied == 1)
        let table = try setup.run(["sync", "--status"])
        #expect(table.stdout.contains("alpha.myshopify.com · Main Warehouse · client-credentials"))
    }

    @Test func aFailingChannelMakesSyncOnceExitOneAndStatusSaysWhy() throws {
        let setup = try Setup()
        #expect(try setup.connect().status == 0)
        setup.emulator.inject(.serverError(502), shop: "alpha.myshopify.com", count: 40)
        let sync = try setup.run(["sync", "--once"])
        #expect(sync.status == 1)
        #expect(sync.stderr.contains("failing (server)"))
        let status = try setup.run(["sync", "--status"])
        #expect(status.stdout.contains("failing (server)"))
    }

    @Test func sigtermFinishesTheStepAndExitsCleanly() throws {
        let setup = try Setup()
        #expect(try setup.connect().status == 0)
        let process = try OnePoolBinary.start(
            ["sync", "--every", "1", "--store", setup.store], home: setup.home.path, apiBase: setup.emulator.baseURL)
        Thread.sleep(forTimeInterval: 1.5)
        let sent = Date()
        kill(process.processIdentifier, SIGTERM)
        // A watchdog: a sync that ignored the signal must fail the test, not hang it.
        while process.isRunning && Date().timeIntervalSince(sent) < 20 { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("sync did not stop within 20 s of SIGTERM")
        }
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        #expect(Date().timeIntervalSince(sent) < 10)
        #expect(setup.emulator.available(shop: "alpha.myshopify.com", sku: "MUG") == 10)
    }

    /// The console re-reads the store's sync status every second (`SyncLiveness`): a `sync
    /// --every 1` in another process shows there each pull it makes, moments after it.
    @Test func aSyncRunningInAnotherProcessShowsEachPullAtOnce() throws {
        let setup = try Setup()
        #expect(try setup.connect().status == 0)
        let process = try OnePoolBinary.start(
            ["sync", "--every", "1", "--store", setup.store], home: setup.home.path, apiBase: setup.emulator.baseURL)
        defer {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        var seen: [(pull: Timestamp, noticed: Date)] = []
        let deadline = Date().addingTimeInterval(300)
        while seen.count < 4 && Date() < deadline && process.isRunning {
            if let pull = SyncLiveness.lastReadPulls(store: setup.store)["shop"], pull != seen.last?.pull {
                seen.append((pull, Date()))
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(seen.count == 4, "pulls seen while sync --every 1 ran: \(seen.map(\.pull))")
        for entry in seen {
            let lag = entry.noticed.timeIntervalSince1970 - Double(entry.pull.millisecondsSince1970) / 1000
            #expect(lag < 2, "a pull was seen \(lag) s after it read the orders")
        }
    }

    @Test func bulkAboveTakesThresholdsPastTenThousandAndNamesItsRangeBeyond() throws {
        let setup = try Setup()
        #expect(try setup.connect().status == 0)
        let wide = try setup.run(["sync", "--once", "--bulk-above", "50000"])
        #expect(wide.status == 0, "\(wide.stderr)")
        let over = try setup.run(["sync", "--once", "--bulk-above", "100001"])
        #expect(over.status != 0)
        #expect(over.stderr.contains("--bulk-above"), "\(over.stderr)")
        #expect(over.stderr.contains("0–100000 variants"), "\(over.stderr)")
        let help = try setup.run(["sync", "--help"])
        #expect(help.stdout.contains("0–100000 variants"))
    }

    @Test func plainHTTPToAnotherHostIsRefused() throws {
        let setup = try Setup()
        #expect(try setup.connect().status == 0)
        let sync = try setup.run(["sync", "--once"], base: "http://192.0.2.1:8080")
        #expect(sync.status == 1)
        #expect(sync.stderr.contains("plain http is allowed only to a loopback address"))
    }
}
