/// `onepool channel list`: a channel's rule and what it is offered.
struct ChannelRow: Codable {
    var channel: Identifier
    var kind: Identifier
    var priority: Int
    var floor: Int
    var cap: Identifier
    var enabled: Bool
    var format: Identifier
    var openLines: Int
    var committedUnits: Int
    var unitsOffered: Int
    var overExposed: Int
    var unmappedListings: Int
}

/// `onepool map list`: a listing and the SKU it sells.
struct MappingRow: Codable {
    var channel: Identifier
    var listing: Identifier
    var sku: Identifier
    var pack: Int
}

/// `onepool map list --unmapped`: a listing with order lines that map to no SKU.
struct UnmappedRow: Codable {
    var channel: Identifier
    var listing: Identifier
    var lines: Int
    var openUnits: Int
    var firstSeen: String?
}

/// `onepool allocation`: one channel's share of one SKU.
struct AllocationRow: Codable {
    var sku: Identifier
    var available: Int
    var channel: Identifier
    var priority: Int
    var floor: Int
    var cap: Int?
    var committed: Int
    var allocation: Int
    var published: Int?
    var flag: String
    var unexposed: Int
    /// What the SKU's own listing on the channel is offered: the allocation, less what the
    /// channel's bundles using the SKU are offered of it (`StockState.channelOffer`).
    var listingOffer: Int
}
