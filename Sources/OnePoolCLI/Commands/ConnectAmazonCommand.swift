import ArgumentParser
import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolSync

extension ConnectCommand {
    /// `onepool connect amazon`: a seller's Selling Partner API authorisation for one marketplace.
    struct Amazon: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "amazon",
            abstract: "Connect an Amazon seller account through the Selling Partner API.",
            discussion: """
                A self-authorised SP-API app (Seller Central → Develop Apps) gives a Login with Amazon \
                client id and client secret, and authorising it gives a refresh token. Each goes in \
                its own file, mode 0600, on its first line (a file group or others can read is refused).
                The app needs the roles Product Listing (listings and their quantities) and Inventory \
                and Order Tracking (orders).
                Quantities are set on the merchant-fulfilled offer (fulfillment channel DEFAULT); FBA \
                listings and orders are Amazon's stock and left alone.

                Example:
                  onepool connect amazon --region na --seller-id A2EXAMPLE --marketplace ATVPDKIKX0DER \\
                    --client-id-file ~/.secrets/lwa-id --client-secret-file ~/.secrets/lwa-secret \\
                    --refresh-token-file ~/.secrets/lwa-refresh

                ONEPOOL_AMAZON_BASE_URL sends every SP-API and LWA request to one base URL (tests and \
                proxies only; plain http only to a loopback address).
                """)

        @OptionGroup var options: StoreOptions
        @Option(help: "The OnePool channel this account is (must exist: `onepool channel add NAME --kind amazon`).")
        var channel: ChannelName = "amazon"
        @Option(help: ArgumentHelp("The SP-API region: na, eu or fe.", valueName: "region")) var region: String
        @Option(help: ArgumentHelp("The seller's merchant token (Seller Central → Account Info).", valueName: "id"))
        var sellerID: String
        @Option(help: ArgumentHelp("The marketplace id, e.g. ATVPDKIKX0DER for amazon.com.", valueName: "id"))
        var marketplace: String
        @Option(help: ArgumentHelp("The LWA client id (amzn1.application-oa2-client.…).", valueName: "id"))
        var clientID: String?
        @Option(help: ArgumentHelp("A file holding the LWA client id on its first line.", valueName: "file"))
        var clientIDFile: String?
        @Option(help: ArgumentHelp("A file (mode 0600) holding the LWA client secret.", valueName: "file"))
        var clientSecretFile: String
        @Option(
            help: ArgumentHelp("A file (mode 0600) holding the seller's refresh token (Atzr|…).", valueName: "file"))
        var refreshTokenFile: String
        @Option(
            help: ArgumentHelp(
                "Read orders updated since this time (ISO 8601); default: 30 days before connecting.",
                valueName: "time"))
        var since: String?

        func run() throws {
            guard let region = AmazonRegion(rawValue: self.region.lowercased()) else {
                throw CLIError("--region '\(self.region)': expected na, eu or fe")
            }
            for (option, value) in [("--seller-id", sellerID), ("--marketplace", marketplace)] {
                let letterOrDigit = { (scalar: Unicode.Scalar) in
                    ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                }
                guard (1...64).contains(value.utf8.count), value.unicodeScalars.allSatisfy(letterOrDigit) else {
                    throw CLIError("\(option) '\(value.prefix(64))': expected 1–64 letters and digits")
                }
            }
            let state = try options.openStore().state
            guard let known = state.channels[channel] else {
                throw CLIError(
                    "--channel \(channel): no such channel; add it first with `onepool channel add \(channel) --kind "
                        + "amazon`")
            }
            guard known.kind == .amazon || known.kind == .other else {
                throw CLIError(
                    "--channel \(channel) is a \(known.kind.rawValue) channel; an Amazon account connects to an "
                        + "amazon channel")
            }
            var saved = SavedConnection(platform: "amazon", channel: channel)
            saved.region = region.rawValue
            saved.sellerID = sellerID
            saved.marketplaceID = marketplace
            switch (clientID, clientIDFile) {
            case (let id?, nil): saved.clientID = id
            case (nil, let file?): saved.clientID = try PrivateFile.readSecret(file, what: "LWA client id")
            default: throw CLIError("give the LWA client id with --client-id or --client-id-file (one of them)")
            }
            saved.clientSecret = try PrivateFile.readSecret(clientSecretFile, what: "LWA client secret")
            saved.refreshToken = try PrivateFile.readSecret(refreshTokenFile, what: "LWA refresh token")
            let start: Date
            if let since {
                guard let time = DateText.instant(since, zone: DateText.utc) else {
                    throw CLIError("--since '\(since)': expected an ISO 8601 time, e.g. 2026-01-01T00:00:00Z")
                }
                start = time
            } else {
                start = Date().addingTimeInterval(-30 * 86_400)
            }
            saved.since = SyncTime.iso(start)
            let connections = ConnectionStore.fromEnvironment(ProcessInfo.processInfo.environment)
            let endpoint = try APIEndpoint.fromEnvironment(ProcessInfo.processInfo.environment)
            // Refuse a connection that cannot even be built (a bad id, a bad base URL) before saving.
            _ = try connections.connector(for: saved, endpoint: endpoint)
            try connections.save(saved)
            let connector = try connections.connector(for: saved, endpoint: endpoint)
            let result = ConnectCommand.runCheckShared(connector)
            say("Connected \(channel) to Amazon seller \(sellerID), marketplace \(marketplace) (\(region.rawValue)).")
            say("Saved in \(connections.path(channel: channel)) (mode 0600); orders read from \(saved.since ?? "?").")
            for line in result.good { say("  ok       \(line)") }
            for line in result.missing { say("  MISSING  \(line)") }
            if !result.ready {
                Console.note(
                    "The connection is saved but cannot sync until the above is fixed; then run `onepool connect "
                        + "--check \(channel)`.")
                throw ExitCode(1)
            }
            say("Next: `onepool sync --channel \(channel) --once`, or `onepool sync --every 60` as a service.")
        }
    }
}
