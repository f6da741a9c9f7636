import OnePoolCore

/// A listing-mapping CSV: `channel,listing,sku[,pack]`, one listing per row.
public struct MappingEntry: Hashable, Sendable {
    public var key: ListingKey
    public var mapping: ListingMapping
    public var fileLine: Int

    public init(key: ListingKey, mapping: ListingMapping, fileLine: Int) {
        self.key = key
        self.mapping = mapping
        self.fileLine = fileLine
    }
}

public enum MappingFile {
    public static func read(_ file: DelimitedFile) throws(ImportFailure) -> [MappingEntry] {
        let columns = try file.requireColumns(["channel", "listing", "sku"])
        let packColumn = file.column("pack")
        var entries: [MappingEntry] = []
        var problems: [ImportProblem] = []
        var seen: [ListingKey: Int] = [:]
        for index in file.rows.indices {
            var fields = RowFields(file, row: index)
            let channel = fields.required(columns["channel"], "a channel name").map { ChannelName($0) }
            let listing = fields.required(columns["listing"], "the channel's listing id")
            let sku = fields.required(columns["sku"], "a OnePool SKU code")
            let pack = fields.text(packColumn).isEmpty ? 1 : fields.quantity(packColumn)
            if let channel, let listing, let first = seen[ListingKey(channel: channel, listing: listing)] {
                fields.problem(
                    columns["listing"],
                    "listing \(channel):\(listing) appears twice (first on line \(first)); expected each listing once")
            }
            problems += fields.problems
            guard fields.problems.isEmpty, let channel, let listing, let sku, let pack else { continue }
            let key = ListingKey(channel: channel, listing: listing)
            seen[key] = fields.line
            entries.append(
                MappingEntry(key: key, mapping: ListingMapping(sku: SKUCode(sku), pack: pack), fileLine: fields.line))
        }
        if !problems.isEmpty { throw ImportFailure(problems) }
        return entries
    }
}
