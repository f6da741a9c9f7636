import OnePoolCore

/// The bundle section of a snapshot (version 4, after the store settings): every bundle
/// definition, then the components each open bundle line holds (a line keeps the recipe it was
/// sold under, which may differ from the bundle's definition now).
extension SnapshotCodec {
    static func encodeBundleSection(_ state: StockState, into payload: inout ByteWriter) {
        let definitions = state.bundles.sorted
        payload.varint(UInt64(definitions.count))
        for definition in definitions { EventCodec.encode(definition, into: &payload) }
        let held = state.openLines.filter { $0.value.components != nil }
            .sorted { ($0.key.channel, $0.key.order, $0.key.line) < ($1.key.channel, $1.key.order, $1.key.line) }
        payload.varint(UInt64(held.count))
        for (id, line) in held {
            payload.string(id.channel)
            payload.string(id.order)
            payload.int(id.line)
            EventCodec.encode(line.components ?? [], into: &payload)
        }
    }

    /// Reads the section and gives each open bundle line its components. The lines were read
    /// earlier as lines of the bundle SKU itself, their units counted in the bundle's pool per
    /// channel: those units move to the components here.
    static func decodeBundleSection(
        from reader: inout ByteReader, pools: inout [SKUCode: SKUPool], lines: inout OpenLineTable
    ) throws -> BundleBook {
        var definitions: [BundleDefinition] = []
        for _ in 0..<(try reader.count(each: 2)) { definitions.append(try EventCodec.decodeDefinition(from: &reader)) }
        var bundleLines: [OpenOrderLine] = []
        for _ in 0..<(try reader.count(each: 4)) {
            let id = OrderLineID(channel: try reader.channel(), order: try reader.string(), line: try reader.int())
            let components = try EventCodec.decodeComponents(from: &reader)
            guard var line = lines[id] else { continue }
            line.components = components
            lines[id] = line
            bundleLines.append(line)
            move(line, channel: id.channel, in: &pools)
        }
        return BundleBook(definitions, openLines: bundleLines)
    }

    private static func move(_ line: OpenOrderLine, channel: ChannelName, in pools: inout [SKUCode: SKUPool]) {
        if let pool = pools.index(forKey: line.sku) {
            let left = (pools.values[pool].committedByChannel[channel] ?? 0) - line.quantity
            pools.values[pool].committedByChannel[channel] = left == 0 ? nil : left
        }
        for (code, units) in line.committedUnits {
            guard let pool = pools.index(forKey: code) else { continue }
            pools.values[pool].committedByChannel[channel, default: 0] += units
        }
    }
}
