import OnePoolCore

/// The encoding of bundle facts: after the `bundles` tag, a sub-tag, then the fields. Sub-tags
/// are stable forever, like tags. Also the bundle part of a snapshot (definitions and the
/// components each open bundle line holds: `encodeBundleSection`).
extension EventCodec {
    private enum BundleTag: UInt8 {
        case defined = 1
        case removed
    }

    static func encode(_ change: BundleChange, into writer: inout ByteWriter) {
        switch change {
        case .defined(let definition):
            writer.u8(BundleTag.defined.rawValue)
            encode(definition, into: &writer)
        case .removed(let code):
            writer.u8(BundleTag.removed.rawValue)
            writer.string(code)
        }
    }

    static func decodeBundles(from reader: inout ByteReader) throws(DecodeError) -> BundleChange {
        let tag = try reader.tag(BundleTag.self, "bundle fact")
        switch tag {
        case .defined: return .defined(try decodeDefinition(from: &reader))
        case .removed: return .removed(code: try reader.recurringSKU())
        }
    }

    static func encode(_ definition: BundleDefinition, into writer: inout ByteWriter) {
        writer.string(definition.code)
        encode(definition.components, into: &writer)
    }

    static func decodeDefinition(from reader: inout ByteReader) throws(DecodeError) -> BundleDefinition {
        let code = try reader.recurringSKU()
        return BundleDefinition(code: code, components: try decodeComponents(from: &reader))
    }

    static func encode(_ components: [BundleComponent], into writer: inout ByteWriter) {
        writer.varint(UInt64(components.count))
        for component in components {
            writer.string(component.sku)
            writer.int(component.quantity)
        }
    }

    static func decodeComponents(from reader: inout ByteReader) throws(DecodeError) -> [BundleComponent] {
        var components: [BundleComponent] = []
        for _ in 0..<(try reader.count(each: 2)) {
            components.append(BundleComponent(sku: try reader.recurringSKU(), quantity: try reader.int()))
        }
        return components
    }
}
