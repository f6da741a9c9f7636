import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolSync
import OnePoolTestSupport
import SPAPIEmulator
import Testing

/// `onepool connect amazon`, `connect --check` and `sync` on an Amazon channel, as an operator
/// runs them, against the SP-API emulator.
@Suite(.serialized) struct ConnectAmazonCommandTests {
    final class Setup {
        let home = TemporaryDirectory("onepool-cli-amazon")
        let emulator: SPAPIEmulator
        let configuration: SPAPIEmulator.Configuration
        var store: String { home.child("store") }
        var connectionFile: String { home.child("config/onepool/connections/amz.json") }

        init() throws {
            var configuration = SPAPIEmulator.Configuration()
            for operation in EmulatedOperation.allCases where operation != .lwaToken && operation != .control {
                configuration.plans[operation] = (rate: 100, burst: 50)
            }
            self.configuration = configuration
            emulator = SPAPIEmulator(configuration)
            _ = try emulator.start()
            emulator.addListing(sku: "MUG", quantity: 0)
            let created = try Store.create(
                at: home.child("store"), metadata: StoreMetadata(name: "CLI", createdAt: 0, timeZone: "UTC"))
            _ = try created.transact(actor: "test", time: Timestamp(secondsSince1970: 1_780_000_000)) { _ in
                (
                    [
                        ProposedChange(.channelAdded(Channel(name: "amz", kind: .amazon))),
                        ProposedChange(.channelAdded(Channel(name: "web", kind: .shopify))),
                        ProposedChange(.skuCreated(SKU(code: "MUG", title: "Mug"))),
                        ProposedChange(.received(sku: "MUG", quantity: 10, reference: nil, fromIncoming: 0)),
                    ], ()
                )
            }
        }

        func run(_ arguments: [String]) throws -> SyncBinary.Result {
            try SyncBinary.run(
                arguments + ["--store", store], home: home.path,
                extra: ["ONEPOOL_AMAZON_BASE_URL": emulator.baseURL])
        }

        func connect(channel: ChannelName = "amz", secretMode: mode_t = 0o600, extra: [String] = []) throws
            -> SyncBinary.Result
        {
            let secret = SyncBinary.secretFile(configuration.clientSecret, in: home.path, name: "lwa-secret")
            chmod(secret, secretMode)
            return try run(
                [
                    "connect", "amazon", "--channel", channel.rawValue, "--region", "na", "--seller-id",
                    configuration.sellerID, "--marketplace", configuration.marketplaces[0],
                    "--client-id-file", SyncBinary.secretFile(configuration.clientID, in: home.path, name: "lwa-id"),
                    "--client-secret-file", secret,
                    "--refresh-token-file",
                    SyncBinary.secretFile(configuration.refreshToken, in: home.path, name: "lwa-refresh"),
                ] + extra)
        }

        var secrets: [String] { [configuration.clientSecret, configuration.refreshToken] }
    }

    @Test func aConnectionIsSavedPrivateSyncsAndShowsNoSecret() throws {
        let setup = try Setup()
        let connected = try setup.connect()
        #expect(connected.status == 0, "\(connected.stdout) \(connected.stderr)")
        #expect(connected.stdout.contains("ok       orders readable"))
        var info = stat()
        #expect(stat(setup.connectionFile, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        let check = try setup.run(["connect", "--check", "amz"])
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout.contains("Ready to sync."))
        let sync = try setup.run(["sync", "--once"])
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(setup.emulator.listing("MUG")?.merchantQuantity == 10)
        let list = try setup.run(["connect", "--list"])
        #expect(list.stdout.contains("seller A2SELLER0TEST · marketplace ATVPDKIKX0DER · region na"))
        let status = try setup.run(["sync", "--status", "--format", "json"])
        let outputs = [
            connected.stdout, connected.stderr, check.stdout, sync.stdout, sync.stderr, list.stdout, status.stdout,
        ]
        for output in outputs {
            for secret in setup.secrets { #expect(!output.contains(secret)) }
        }
        // No file of the store holds a secret.
        let files = FileManager.default.enumerator(atPath: setup.store)?.compactMap { $0 as? String } ?? []
        for file in files {
            let data = FileManager.default.contents(atPath: "\(setup.store)/\(file)") ?? Data()
            for secret in setup.secrets { #expect(data.range(of: Data(secret.utf8)) == nil, "\(file) holds a secret") }
        }
    }

    @Test func aSecretFileOthersCanReadIsRefusedAndNothingIsSaved() throws {
        let setup = try Setup()
        let result = try setup.connect(secretMode: 0o644)
        #expect(result.status == 1)
        #expect(result.stderr.contains("chmod 600"))
        #expect(!FileManager.default.fileExists(atPath: setup.connectionFile))
    }

    @Test func checkSaysTheRefreshTokenWasRevoked() throws {
        let setup = try Setup()
        #expect(try setup.connect().status == 0)
        setup.emulator.revokeRefreshToken()
        let check = try setup.run(["connect", "--check", "amz"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("MISSING  LWA refresh token refused"))
        #expect(check.stdout.contains("authorise the app again"))
        for secret in setup.secrets { #expect(!check.stdout.contains(secret)) }
    }

    @Test func badOptionsAreRefusedNamingTheOption() throws {
        let setup = try Setup()
        let region = try setup.run([
            "connect", "amazon", "--channel", "amz", "--region", "us", "--seller-id", "A1", "--marketplace", "M1",
            "--client-id", "x", "--client-secret-file", "/nonexistent", "--refresh-token-file", "/nonexistent",
        ])
        #expect(region.status != 0)
        #expect(region.stderr.contains("--region 'us': expected na, eu or fe"))
        let kind = try setup.connect(channel: "web")
        #expect(kind.status != 0)
        #expect(kind.stderr.contains("--channel web is a shopify channel"))
        let seller = try setup.connect(extra: ["--seller-id", "A2 SELLER"])
        #expect(seller.status != 0)
        #expect(seller.stderr.contains("--seller-id"))
    }
}

/// The LWA access token is kept between processes (0600, outside the store): cron's
/// `sync --once` asks Login with Amazon once an hour, not every run.
@Suite(.serialized) struct LWATokenCacheCommandTests {
    @Test func runsOfSyncOnceShareOneTokenUntilAmazonRefusesIt() throws {
        let setup = try ConnectAmazonCommandTests.Setup()
        #expect(try setup.connect().status == 0)
        let afterConnect = setup.emulator.accessTokensIssued()
        #expect(afterConnect == 1)
        for _ in 0..<3 {
            let sync = try setup.run(["sync", "--once"])
            #expect(sync.status == 0, "\(sync.stderr)")
        }
        // Three processes, no new token.
        #expect(setup.emulator.accessTokensIssued() == afterConnect)
        #expect(setup.emulator.listing("MUG")?.merchantQuantity == 10)
        let cache = setup.home.child("config/onepool/tokens/amz.json")
        var info = stat()
        #expect(stat(cache, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        let text = String(decoding: FileManager.default.contents(atPath: cache) ?? Data(), as: UTF8.self)
        for secret in setup.secrets { #expect(!text.contains(secret)) }
        // Amazon refuses the kept token: the next run renews it once and goes on.
        setup.emulator.expireAccessTokens()
        let renewed = try setup.run(["sync", "--once"])
        #expect(renewed.status == 0, "\(renewed.stderr)")
        #expect(setup.emulator.accessTokensIssued() == afterConnect + 1)
        let again = try setup.run(["sync", "--once"])
        #expect(again.status == 0)
        #expect(setup.emulator.accessTokensIssued() == afterConnect + 1)
        // The check proves the refresh token itself: it always asks for a new token.
        #expect(try setup.run(["connect", "--check", "amz"]).status == 0)
        #expect(setup.emulator.accessTokensIssued() == afterConnect + 2)
    }

    @Test func aKeptTokenOfOtherCredentialsIsNotUsed() throws {
        let setup = try ConnectAmazonCommandTests.Setup()
        #expect(try setup.connect().status == 0)
        let cache = setup.home.child("config/onepool/tokens/amz.json")
        // A token file left by a connection with another refresh token (owner differs).
        let other = #"{"token":"Atza|someone-else","renewAt":\#(Date().timeIntervalSince1970 + 1800),"owner":"x:1"}"#
        #expect(
            FileManager.default.createFile(
                atPath: cache, contents: Data(other.utf8), attributes: [.posixPermissions: 0o600]))
        let before = setup.emulator.accessTokensIssued()
        #expect(try setup.run(["sync", "--once"]).status == 0)
        #expect(setup.emulator.accessTokensIssued() == before + 1)
    }
}
