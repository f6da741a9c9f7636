import Foundation

/// Reconciliation at catalogue scale: Shopify's bulk operations (shopify.dev "Perform bulk
/// operations with the GraphQL Admin API"). Paging the catalogue costs the bucket about 4
/// points a variant; one `bulkOperationRunQuery` costs 10 whatever the size, Shopify prepares
/// the export in the background, OnePool polls the operation by id until it is COMPLETED and
/// downloads its JSONL `url` (a signed link on another host: no access token goes with it),
/// written to a temporary file and read a line at a time.
///
/// A bulk export that fails (FAILED, CANCELED, EXPIRED, another export of this app running,
/// a download refused) never leaves the catalogue unread: it is paged instead, and the
/// reading's notes say why. Errors of the API itself (throttled, unreachable) are thrown as
/// for any other request.
extension ShopifyConnector {
    public func readCatalogue(bulkAbove: Int?) async throws -> CatalogueReading {
        guard let bulkAbove, try await variantCount(upTo: bulkAbove) >= bulkAbove else {
            return CatalogueReading(listings: try await readCatalogue(), method: .pages)
        }
        do {
            return try await readCatalogueInBulk()
        } catch let failure as BulkExportFailure {
            return CatalogueReading(
                listings: try await readCatalogue(), method: .pages,
                notes: ["\(connection.shop): the bulk export \(failure.reason); the catalogue was read page by page"])
        }
    }

    /// productVariantsCount.count, counted up to `limit` (`limit` or more: the catalogue has
    /// at least `limit` variants). Without a limit Shopify would stop at 10,000, below
    /// thresholds OnePool accepts.
    func variantCount(upTo limit: Int) async throws(ConnectorError) -> Int {
        let data = try await client.execute(
            "productVariantsCount", query: ShopifyBulkQueries.count,
            variables: ["limit": .number(Double(max(1, limit)))], estimatedCost: 1)
        guard let count = data["productVariantsCount"]?["count"]?.int, count >= 0 else {
            throw ConnectorError(.protocolError, "\(connection.shop): productVariantsCount answered without a count")
        }
        return count
    }

    /// The catalogue from one bulk export; throws `BulkExportFailure` when the export did not
    /// work out (the caller pages instead).
    func readCatalogueInBulk() async throws -> CatalogueReading {
        let id = try await startBulkExport(ShopifyBulkQueries.catalogue)
        guard let url = try await awaitBulkExport(id) else {
            // COMPLETED with no objects: Shopify gives no file.
            return CatalogueReading(listings: [], method: .bulk)
        }
        let download = try await downloadBulkExport(url)
        defer { try? FileManager.default.removeItem(at: download.file) }
        var reader = ShopifyBulkReader(location: connection.locationID)
        let lines = try JSONLines.forEach(in: download.file) { reader.take($0) }
        var notes: [String] = []
        if reader.unreadable > 0 {
            notes.append("\(connection.shop): \(reader.unreadable) of \(lines) lines of the bulk export were not JSON")
        }
        if reader.orphans > 0 {
            notes.append(
                "\(connection.shop): \(reader.orphans) inventory levels of the bulk export named no variant of it")
        }
        return CatalogueReading(listings: reader.listings, method: .bulk, notes: notes)
    }

    /// Starts the export and returns its id. OPERATION_IN_PROGRESS: the app's running export
    /// is taken over when it is this same query (a process that died while polling), else
    /// the export fails (another of the app's exports holds the shop's slot).
    private func startBulkExport(_ query: String) async throws -> String {
        let data = try await client.execute(
            "bulkOperationRunQuery", query: ShopifyBulkQueries.run, variables: ["query": .string(query)],
            estimatedCost: 10)
        let payload = data["bulkOperationRunQuery"]
        let errors = payload?["userErrors"]?.array ?? []
        if let id = payload?["bulkOperation"]?["id"]?.string, errors.isEmpty { return id }
        let codes = errors.compactMap { $0["code"]?.string }
        let words = errors.compactMap { $0["message"]?.string }.map(ShopifyTokenSource.clip).prefix(2)
            .joined(separator: "; ")
        guard codes.contains("OPERATION_IN_PROGRESS") else {
            throw BulkExportFailure(reason: "was refused (\(words.isEmpty ? "no reason given" : words))")
        }
        let current = try await client.execute(
            "currentBulkOperation", query: ShopifyBulkQueries.current, variables: [:], estimatedCost: 1)
        let running = current["currentBulkOperation"]
        // Running a moment ago: COMPLETED now is as fresh as an export of our own.
        let status = running?["status"]?.string ?? ""
        if let id = running?["id"]?.string, ["CREATED", "RUNNING", "COMPLETED"].contains(status),
            Self.sameQuery(running?["query"]?.string, query)
        {
            return id
        }
        throw BulkExportFailure(reason: "could not start: another bulk query of this app is running (\(words))")
    }

    /// Polls until the export ends; its `url` (nil: completed empty).
    private func awaitBulkExport(_ id: String) async throws -> String? {
        let started = Date()
        var interval = 0.05
        while true {
            await pause(interval)
            interval = min(2, interval * 1.5)
            let data = try await client.execute(
                "bulkOperation", query: ShopifyBulkQueries.poll, variables: ["id": .string(id)], estimatedCost: 1)
            guard let operation = data["node"], !operation.isNull else {
                throw BulkExportFailure(reason: "\(id) is no longer known to the shop")
            }
            switch operation["status"]?.string ?? "" {
            case "COMPLETED":
                return operation["url"]?.string
            case "CREATED", "RUNNING":
                guard Date().timeIntervalSince(started) < Self.bulkWaitLimit else {
                    throw BulkExportFailure(reason: "\(id) was not finished after \(Int(Self.bulkWaitLimit)) s")
                }
            case let status:
                let code = operation["errorCode"]?.string.map { " (\(ShopifyTokenSource.clip($0)))" } ?? ""
                throw BulkExportFailure(reason: "\(id) ended \(ShopifyTokenSource.clip(status))\(code)")
            }
        }
    }

    /// Downloads the export (`DocumentDownload`: the rules Amazon's report documents follow too).
    private func downloadBulkExport(_ text: String) async throws -> HTTPDownload {
        guard let url = URL(string: text) else {
            throw BulkExportFailure(reason: "gave a download address that is not https")
        }
        do {
            return try await DocumentDownload.fetch(url, transport: transport, policy: policy, timeout: 300)
        } catch .refusedURL {
            throw BulkExportFailure(reason: "gave a download address that is not https")
        } catch {
            throw BulkExportFailure(reason: "could not be downloaded (\(error.problem))")
        }
    }

    /// Whether two query documents are the same but for white space.
    static func sameQuery(_ a: String?, _ b: String) -> Bool {
        guard let a else { return false }
        return a.split(whereSeparator: \.isWhitespace) == b.split(whereSeparator: \.isWhitespace)
    }
}

/// Why a bulk export did not give the catalogue (the catalogue is paged instead).
struct BulkExportFailure: Error {
    var reason: String
}

/// Reads a bulk export's JSONL a line at a time. A line without `__parentId` is a
/// ProductVariant (a listing, as a page gives it); a line with it is an InventoryLevel, a child
/// of the variant's `inventoryItem.inventoryLevels` connection. Only the level at the connected
/// location sets the variant's quantity: a variant stocked at several locations is neither
/// summed nor taken from another location, and one without a level there has no quantity (not
/// stocked at the location), as a page's `inventoryLevel(locationId:)` would say.
///
/// With `groupObjects: false` (the default from 2026-01, changelog "Bulk operations group
/// objects default changed to false") Shopify no longer places children directly below their
/// parent, and promises no order at all: a level met before its variant waits for it (one
/// number per variant, for the connected location only). `__parentId` is taken as either the
/// variant's id or its inventory item's (the connection hangs off the item object).
struct ShopifyBulkReader {
    let location: String
    private(set) var listings: [ChannelListing] = []
    private(set) var unreadable = 0
    /// Levels at the connected location whose parent never appeared.
    var orphans: Int { waiting.count }
    /// Variant or inventory item id → the variant's index in `listings`, for children.
    private var index: [String: Int] = [:]
    /// Parent id → the quantity of a level at the connected location that came before its parent.
    private var waiting: [String: Int?] = [:]
    /// Ids of variants that are no listing (no SKU, not tracked): their levels are not needed.
    private var unlisted: Set<String> = []

    init(location: String) { self.location = location }

    mutating func take(_ line: JSONValue?) {
        guard let line, case .object = line else {
            unreadable += 1
            return
        }
        if let parent = line["__parentId"]?.string {
            guard line["location"]?["id"]?.string == location else { return }
            let quantity = ShopifyConnector.available(line)
            if let at = index[parent] {
                listings[at].quantity = quantity
            } else if !unlisted.contains(parent) {
                waiting[parent] = quantity
            }
            return
        }
        let ids = [line["id"]?.string, line["inventoryItem"]?["id"]?.string].compactMap { $0 }
        guard let listing = ShopifyConnector.listing(line) else {
            for id in ids {
                unlisted.insert(id)
                waiting[id] = nil
            }
            return
        }
        let at = listings.count
        listings.append(listing)
        for id in ids {
            index[id] = at
            if let early = waiting.removeValue(forKey: id) { listings[at].quantity = early }
        }
    }
}
