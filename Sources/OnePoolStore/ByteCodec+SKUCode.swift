import OnePoolCore

/// SKU codes on disk are their text, as before the type existed: the journal and snapshot formats
/// do not change, only what the decoder hands the fold.
extension ByteWriter {
    mutating func string(_ code: SKUCode) { string(code.rawValue) }

    mutating func optionalString(_ code: SKUCode?) { optionalString(code?.rawValue) }
}

extension ByteReader {
    /// A SKU code written by `ByteWriter.string(_: SKUCode)`.
    mutating func sku() throws(DecodeError) -> SKUCode { SKUCode(try string()) }

    /// `sku()` through the recurring strings: codes recur in event after event.
    mutating func recurringSKU() throws(DecodeError) -> SKUCode { SKUCode(try recurringString()) }

    mutating func optionalSKU() throws(DecodeError) -> SKUCode? { try optionalString().map { SKUCode($0) } }
}
