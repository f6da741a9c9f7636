import ArgumentParser
import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolSync

struct ConnectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Connect a channel's API for `onepool sync`, check a connection, or list them.",
        discussion: """
            Connections live outside the store, in $XDG_CONFIG_HOME/onepool/connections/CHANNEL.json \
            (else ~/.config/onepool/…), mode 0600: a backup of the store carries no secret. A secret \
            file that group or others can read is refused, as ssh refuses a loose key.

            Examples:
              onepool connect shopify --shop acme.myshopify.com --client-id ID --client-secret-file ~/.secrets/acme
              onepool connect shopify --channel web --shop acme.myshopify.com --token-file ~/.secrets/acme-token
              onepool connect amazon --region na --seller-id A2EXAMPLE --marketplace ATVPDKIKX0DER \\
                --client-id-file ~/.secrets/lwa-id --client-secret-file ~/.secrets/lwa-secret \\
                --refresh-token-file ~/.secrets/lwa-refresh
              onepool connect --check shopify
              onepool connect --list
            """,
        subcommands: [Shopify.self, Amazon.self])

    @OptionGroup var options: StoreOptions
    @Option(help: ArgumentHelp("Call the channel's API once and say exactly what is missing.", valueName: "channel"))
    var check: ChannelName?
    @Flag(help: "List the connected channels (nothing secret is shown).") var list = false
    @Option(help: ArgumentHelp("Forget a channel's connection and its cached token.", valueName: "channel")) var remove:
        ChannelName?

    func run() throws {
        let connections = ConnectionStore.fromEnvironment(ProcessInfo.processInfo.environment)
        if let channel = remove {
            guard try connections.load(channel: channel) != nil else {
                throw CLIError("\(channel) has no connection (see `onepool connect --list`)")
            }
            connections.remove(channel: channel)
            say("Connection of \(channel) removed.")
            return
        }
        if let channel = check {
            guard let saved = try connections.load(channel: channel) else {
                throw CLIError(
                    "\(channel) has no connection: connect it with `onepool connect shopify --channel \(channel) "
                        + "--shop NAME.myshopify.com …` or `onepool connect amazon --channel \(channel) …`"
                )
            }
            let endpoint = try APIEndpoint.fromEnvironment(ProcessInfo.processInfo.environment)
            let connector = try connections.connector(for: saved, endpoint: endpoint)
            let result = runCheck(connector)
            say("\(channel): \(saved.summary)")
            for line in result.good { say("  ok       \(line)") }
            for line in result.missing { say("  MISSING  \(line)") }
            if !result.ready { throw ExitCode(1) }
            say("Ready to sync.")
            return
        }
        let names = connections.channels()
        if names.isEmpty {
            say("No channel is connected. Connect one with `onepool connect shopify --shop NAME.myshopify.com …`.")
            return
        }
        for name in names {
            do {
                if let saved = try connections.load(channel: name) {
                    say("\(name)  \(saved.platform)  \(saved.summary)")
                }
            } catch {
                say("\(name)  (unreadable: \(error))")
            }
        }
        _ = list
    }

    // MARK: - Shopify

    struct Shopify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "shopify",
            abstract: "Connect a Shopify shop through the Admin API.",
            discussion: """
                Two kinds of credentials:
                  Dev Dashboard app (since 2026 the way to make new custom apps): --client-id and \
                --client-secret-file. OnePool asks for access tokens with the client credentials grant; \
                they last 24 hours and are renewed before they expire.
                  A legacy custom app's Admin API access token (shpat_…): --token-file.
                The app needs these access scopes: read_orders (and read_all_orders to read orders \
                older than 60 days with --since), read_products, write_inventory, read_locations.
                Quantities are set at one location: --location NAME, else the shop's primary location.
                """)

        @OptionGroup var options: StoreOptions
        @Option(help: "The OnePool channel this shop is (must exist: `onepool channel add NAME --kind shopify`).")
        var channel: ChannelName = "shopify"
        @Option(help: ArgumentHelp("The shop's myshopify.com domain.", valueName: "name.myshopify.com")) var shop:
            String
        @Option(help: "The Dev Dashboard app's client id.") var clientID: String?
        @Option(
            help: ArgumentHelp(
                "A file (mode 0600) holding the app's client secret on its first line.", valueName: "file"))
        var clientSecretFile: String?
        @Option(
            help: ArgumentHelp(
                "A file (mode 0600) holding a legacy custom app's Admin API access token.", valueName: "file"))
        var tokenFile: String?
        @Option(help: "The location that receives quantities (default: the shop's primary location).") var location:
            String?
        @Option(
            help: ArgumentHelp(
                "Read orders updated since this time (ISO 8601); default: all the API shows.", valueName: "time"))
        var since: String?

        func run() throws {
            let shop = self.shop.lowercased()
            guard ShopifyConnection.isValidShop(shop) else {
                throw CLIError(
                    "--shop '\(self.shop)': expected the shop's myshopify.com domain, e.g. acme.myshopify.com (1–60 "
                        + "of a-z, 0-9, '-')"
                )
            }
            let state = try options.openStore().state
            guard let known = state.channels[channel] else {
                throw CLIError(
                    "--channel \(channel): no such channel; add it first with `onepool channel add \(channel) --kind "
                        + "shopify`"
                )
            }
            guard known.kind == .shopify || known.kind == .other else {
                throw CLIError(
                    "--channel \(channel) is a \(known.kind.rawValue) channel; a Shopify shop connects to a shopify "
                        + "channel"
                )
            }
            var saved = SavedConnection(platform: "shopify", channel: channel)
            saved.shop = shop
            switch (clientID, clientSecretFile, tokenFile) {
            case (let id?, let secretFile?, nil):
                guard !id.isEmpty, id.utf8.count <= 200,
                    id.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 })
                else {
                    throw CLIError(
                        "--client-id: expected the Dev Dashboard's client id (printable, no spaces, up to 200 "
                            + "characters)"
                    )
                }
                saved.auth = "client-credentials"
                saved.clientID = id
                saved.clientSecret = try PrivateFile.readSecret(secretFile, what: "client secret")
            case (nil, nil, let file?):
                saved.auth = "static-token"
                saved.accessToken = try PrivateFile.readSecret(file, what: "access token")
            default:
                throw CLIError(
                    "give either --client-id with --client-secret-file (a Dev Dashboard app), or --token-file (a "
                        + "legacy custom app's token)"
                )
            }
            if let since {
                guard let time = DateText.instant(since, zone: DateText.utc) else {
                    throw CLIError("--since '\(since)': expected an ISO 8601 time, e.g. 2026-01-01T00:00:00Z")
                }
                saved.since = SyncTime.iso(time)
            }
            let endpoint = try APIEndpoint.fromEnvironment(ProcessInfo.processInfo.environment)
            let connections = ConnectionStore.fromEnvironment(ProcessInfo.processInfo.environment)
            // Find the location with the credentials before saving anything.
            saved.locationID = "gid://shopify/Location/0"
            let probe = try connections.connector(for: saved, endpoint: endpoint)
            guard let shopify = probe as? ShopifyConnector else { throw CLIError("internal: not a Shopify connector") }
            let wanted = location
            let (chosenID, chosenName) = try runBlocking { () async throws -> (String, String) in
                let found = try await shopify.locations()
                if let wanted {
                    guard let match = found.all.first(where: { $0.name.caseInsensitiveCompare(wanted) == .orderedSame })
                    else {
                        let names = found.all.map(\.name).joined(separator: ", ")
                        throw CLIError(
                            "--location '\(wanted)': \(shop) has no such location (it has: "
                                + "\(names.isEmpty ? "none readable" : names))"
                        )
                    }
                    return (match.id, match.name)
                }
                guard let primary = found.primary else {
                    throw CLIError("\(shop) did not say which location is primary; give --location NAME")
                }
                return (primary.id, primary.name)
            }
            saved.locationID = chosenID
            saved.locationName = chosenName
            try connections.save(saved)
            let connector = try connections.connector(for: saved, endpoint: endpoint)
            let result = ConnectCommand.runCheckShared(connector)
            say("Connected \(channel) to \(shop); quantities go to location \(chosenName).")
            say("Saved in \(connections.path(channel: channel)) (mode 0600).")
            for line in result.good { say("  ok       \(line)") }
            for line in result.missing { say("  MISSING  \(line)") }
            if !result.ready {
                Console.note(
                    "The connection is saved but cannot sync until the above is fixed; then run `onepool connect "
                        + "--check \(channel)`."
                )
                throw ExitCode(1)
            }
            say("Next: `onepool sync --channel \(channel) --once`, or `onepool sync --every 60` as a service.")
        }
    }

    private func runCheck(_ connector: any ChannelConnector) -> ConnectionCheck { Self.runCheckShared(connector) }

    static func runCheckShared(_ connector: any ChannelConnector) -> ConnectionCheck {
        (try? runBlocking { await connector.check() }) ?? ConnectionCheck(missing: ["the check could not run"])
    }
}

enum SyncTime {
    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
