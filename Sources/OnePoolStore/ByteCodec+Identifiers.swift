import OnePoolCore

/// SKU codes, channel names, purchase-order ids and user names are their text on disk, as before the types
/// existed: the journal and snapshot formats do not change, only what the decoder hands the fold.
extension ByteWriter {
    mutating func string<Name: TextIdentifier>(_ name: Name) { string(name.rawValue) }

    mutating func optionalString<Name: TextIdentifier>(_ name: Name?) { optionalString(name?.rawValue) }
}

extension ByteReader {
    /// A SKU code written by `ByteWriter.string(_:)`.
    mutating func sku() throws(DecodeError) -> SKUCode { SKUCode(try string()) }

    /// `sku()` through the recurring strings: codes recur in event after event.
    @inline(__always)
    mutating func recurringSKU() throws(DecodeError) -> SKUCode {
        let utf8 = try stringBytes(length: try varint())
        if let strings { return strings.pointee.sku(utf8) }
        return SKUCode(String(decoding: utf8, as: UTF8.self))
    }

    mutating func optionalSKU() throws(DecodeError) -> SKUCode? { try optionalString().map { SKUCode($0) } }

    /// A channel name written by `ByteWriter.string(_:)`.
    mutating func channel() throws(DecodeError) -> ChannelName { ChannelName(try string()) }

    /// `channel()` through the recurring strings: every order line names its channel.
    @inline(__always)
    mutating func recurringChannel() throws(DecodeError) -> ChannelName { ChannelName(try recurringString()) }

    /// An order id, through the recurring strings: the lines of one order follow each other, and
    /// their shipments (a few thousand events later, in a busy store) name it again.
    @inline(__always)
    mutating func recurringOrderID() throws(DecodeError) -> HashedText {
        recurringOrderID(try stringBytes(length: try varint()))
    }

    /// The order id of bytes already read, with its text hash, made through `strings` when it
    /// is set (which keeps the hash with the string).
    @inline(__always)
    func recurringOrderID(_ utf8: UnsafeRawBufferPointer) -> HashedText {
        if let strings { return strings.pointee.order(utf8) }
        return HashedText(String(decoding: utf8, as: UTF8.self))
    }

    mutating func optionalChannel() throws(DecodeError) -> ChannelName? {
        try optionalString().map { ChannelName($0) }
    }

    /// A user name written by `ByteWriter.string(_:)`.
    mutating func userName() throws(DecodeError) -> UserName { UserName(try string()) }

    /// A purchase-order id written by `ByteWriter.string(_:)`.
    mutating func purchaseOrderID() throws(DecodeError) -> PurchaseOrderID { PurchaseOrderID(try string()) }
}
