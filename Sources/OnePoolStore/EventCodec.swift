import OnePoolCore

/// What folding an event into the state needs: no actor (the state does not keep it), and the
/// idempotency key only as its digest (so replay makes no `String` of either).
struct FoldEvent: Sendable {
    var sequence: UInt64
    var time: Timestamp
    var digest: IdempotencyDigest?
    /// What the index keeps beside the key (`StockState.facts(of:digest:)`), worked out while
    /// decoding, on the thread that decodes.
    var facts: FactDigest
    /// For a shipment, the key its line has in the shipped-line table, worked out on the thread
    /// that decodes so that the thread that folds can warm the cache for it (`JournalReplay`).
    var shippedLine: ShippedLineKey?
    var change: Change
}

/// The binary encoding of one event: the payload of a journal record.
///
/// Layout: sequence (8 bytes LE), time (zig-zag varint ms), actor, idempotency key (optional),
/// a one-byte kind tag, then the kind's fields. Tags are stable forever; a new kind takes a new
/// tag, and an older reader refuses a tag it does not know instead of guessing.
enum EventCodec {
    enum Tag: UInt8 {
        case skuCreated = 1, skuUpdated, channelAdded, safetySet, received, incomingChanged, counted,
            adjusted, held, released, markedUnsellable, restored
        case orderPlaced = 20, orderCancelled, orderShipped, orderReturned, orderAmended
        case channelConfigured = 40, listingMapped, orderParked, demandRecorded, countedAsOf, published
        case purchasing = 60
        case storeSettingsSet = 70
        case sync = 80
        case returns = 90
        case bundles = 100
    }

    static func encode(_ event: Event, into writer: inout ByteWriter) {
        encode(
            sequence: event.sequence, time: event.time, actor: ByteWriter.encodedString(event.actor.rawValue),
            idempotencyKey: event.idempotencyKey, change: event.change, into: &writer)
    }

    /// `encode` from an event's parts, without making the `Event`: a commit encodes each change
    /// as it passes its check. `actor` is the actor already encoded as a string
    /// (`ByteWriter.encodedString`): one batch has one actor, so it is encoded once per batch.
    static func encode(
        sequence: UInt64, time: Timestamp, actor: [UInt8], idempotencyKey: String?, change: Change,
        into writer: inout ByteWriter
    ) {
        writer.u64(sequence)
        writer.inlineInt(time.millisecondsSince1970)
        writer.raw(actor)
        writer.optionalString(idempotencyKey)
        encode(change, into: &writer)
    }

    /// `encode` of an order line placed, cancelled or shipped, from the line alone (the same
    /// bytes as its `Change`): what `StockState.commitOrderLine` commits.
    static func encode(
        sequence: UInt64, time: Timestamp, actor: [UInt8], idempotencyKey: String?, kind: OrderLineEventKind,
        line: OrderLineFacts, into writer: inout ByteWriter
    ) {
        writer.u64(sequence)
        writer.inlineInt(time.millisecondsSince1970)
        writer.raw(actor)
        writer.optionalString(idempotencyKey)
        let tag: Tag =
            switch kind {
            case .placed: .orderPlaced
            case .cancelled: .orderCancelled
            case .shipped: .orderShipped
            }
        writer.u8(tag.rawValue)
        encode(line, into: &writer)
    }

    private static func encode(_ change: Change, into writer: inout ByteWriter) {
        switch change {
        case .skuCreated(let sku):
            writer.u8(Tag.skuCreated.rawValue)
            encode(sku, into: &writer)
        case .skuUpdated(let sku):
            writer.u8(Tag.skuUpdated.rawValue)
            encode(sku, into: &writer)
        case .channelAdded(let channel):
            writer.u8(Tag.channelAdded.rawValue)
            writer.string(channel.name)
            writer.string(channel.kind.rawValue)
        case .safetySet(let sku, let quantity):
            writer.u8(Tag.safetySet.rawValue)
            writer.string(sku)
            writer.int(quantity)
        case .received(let sku, let quantity, let reference, let fromIncoming):
            writer.u8(Tag.received.rawValue)
            writer.string(sku)
            writer.int(quantity)
            writer.optionalString(reference)
            writer.int(fromIncoming)
        case .incomingChanged(let sku, let delta, let reference):
            writer.u8(Tag.incomingChanged.rawValue)
            writer.string(sku)
            writer.int(delta)
            writer.optionalString(reference)
        case .counted(let sku, let quantity, let reason):
            encodeQuantity(.counted, sku, quantity, reason, into: &writer)
        case .adjusted(let sku, let delta, let reason):
            encodeQuantity(.adjusted, sku, delta, reason, into: &writer)
        case .held(let sku, let quantity, let reason):
            encodeQuantity(.held, sku, quantity, reason, into: &writer)
        case .released(let sku, let quantity, let reason):
            encodeQuantity(.released, sku, quantity, reason, into: &writer)
        case .markedUnsellable(let sku, let quantity, let reason):
            encodeQuantity(.markedUnsellable, sku, quantity, reason, into: &writer)
        case .restored(let sku, let quantity, let reason):
            encodeQuantity(.restored, sku, quantity, reason, into: &writer)
        case .orderPlaced(let line):
            writer.u8(Tag.orderPlaced.rawValue)
            encode(line, into: &writer)
        case .orderCancelled(let line):
            writer.u8(Tag.orderCancelled.rawValue)
            encode(line, into: &writer)
        case .orderShipped(let line):
            writer.u8(Tag.orderShipped.rawValue)
            encode(line, into: &writer)
        case .orderReturned(let line, let restocked):
            writer.u8(Tag.orderReturned.rawValue)
            encode(line, into: &writer)
            writer.bool(restocked)
        case .orderAmended(let amendment):
            writer.u8(Tag.orderAmended.rawValue)
            writer.bool(amendment.before != nil)
            if let before = amendment.before { encode(before, into: &writer) }
            encode(amendment.after, into: &writer)
            writer.string(amendment.source)
        case .channelConfigured(let name, let settings):
            writer.u8(Tag.channelConfigured.rawValue)
            writer.string(name)
            encode(settings, into: &writer)
        case .listingMapped(let key, let mapping):
            writer.u8(Tag.listingMapped.rawValue)
            writer.string(key.channel)
            writer.string(key.listing)
            writer.string(mapping.sku)
            writer.int(mapping.pack)
        case .orderParked(let line):
            writer.u8(Tag.orderParked.rawValue)
            encode(line, into: &writer)
        case .demandRecorded(let line):
            writer.u8(Tag.demandRecorded.rawValue)
            encode(line, into: &writer)
        case .countedAsOf(let sku, let quantity, let asOf, let reason):
            writer.u8(Tag.countedAsOf.rawValue)
            writer.string(sku)
            writer.int(quantity)
            writer.int(asOf.millisecondsSince1970)
            writer.string(reason)
        case .published(let key, let quantity):
            writer.u8(Tag.published.rawValue)
            writer.string(key.channel)
            writer.string(key.listing)
            writer.int(quantity)
        case .purchasing(let change):
            writer.u8(Tag.purchasing.rawValue)
            encode(change, into: &writer)
        case .storeSettingsSet(let settings):
            writer.u8(Tag.storeSettingsSet.rawValue)
            encode(settings, into: &writer)
        case .sync(let change):
            writer.u8(Tag.sync.rawValue)
            encode(change, into: &writer)
        case .returns(let change):
            writer.u8(Tag.returns.rawValue)
            encode(change, into: &writer)
        case .bundles(let change):
            writer.u8(Tag.bundles.rawValue)
            encode(change, into: &writer)
        }
    }

    static func decode(from reader: inout ByteReader) throws(DecodeError) -> Event {
        let sequence = try reader.u64()
        let time = Timestamp(millisecondsSince1970: try reader.milliseconds())
        let actor = try reader.userName()
        let key = try reader.optionalString()
        let change = try decodeChange(from: &reader)
        return Event(sequence: sequence, time: time, actor: actor, idempotencyKey: key, change: change)
    }

    /// Decodes what the fold needs of an event (see `FoldEvent`). It reads exactly the bytes
    /// `decode` reads and fails exactly where it fails, so damage is judged the same either way.
    /// Inlined into its callers, so that replay builds the event in its slot (`ChunkedScan.decode`)
    /// rather than in a temporary that is then copied there.
    ///
    /// With a table of recurring strings (replay), an order line placed, cancelled or shipped
    /// takes `OrderLineDecoding`'s route, which gives the same event or leaves the payload to
    /// `decodeForFoldInGeneral`.
    @inline(__always)
    static func decodeForFold(from reader: inout ByteReader) throws(DecodeError) -> FoldEvent {
        if let strings = reader.strings, let decoded = OrderLineDecoding.event(reader.unread, strings: strings) {
            reader.skip(decoded.count)
            return decoded.event
        }
        return try decodeForFoldInGeneral(from: &reader)
    }

    /// `decodeForFold` of any event, through `ByteReader`.
    static func decodeForFoldInGeneral(from reader: inout ByteReader) throws(DecodeError) -> FoldEvent {
        let sequence = try reader.u64()
        let time = Timestamp(millisecondsSince1970: try reader.milliseconds())
        try reader.skipString()
        let digest = try reader.optionalStringBytes().map(ByteReader.digest(ofKey:))
        var shippedLine: ShippedLineKey? = nil
        let change: Change
        if reader.peek() == Tag.orderShipped.rawValue {
            // A shipment: its shipped-line key is hashed from the id's bytes as they are read.
            _ = try reader.u8()
            change = .orderShipped(try decodeLine(from: &reader, shippedLine: &shippedLine))
        } else {
            change = try decodeChange(from: &reader)
        }
        let facts = StockState.facts(of: change, digest: digest)
        return FoldEvent(
            sequence: sequence, time: time, digest: digest, facts: facts, shippedLine: shippedLine, change: change)
    }

    private static func decodeChange(from reader: inout ByteReader) throws(DecodeError) -> Change {
        let tag = try reader.tag(Tag.self, "event kind")
        let change: Change
        switch tag {
        case .skuCreated: change = .skuCreated(try decodeSKU(from: &reader))
        case .skuUpdated: change = .skuUpdated(try decodeSKU(from: &reader))
        case .channelAdded:
            let name = try reader.channel()
            let kindText = try reader.string()
            change = .channelAdded(Channel(name: name, kind: ChannelKind(rawValue: kindText) ?? .other))
        case .safetySet: change = .safetySet(sku: try reader.recurringSKU(), quantity: try reader.int())
        case .received:
            change = .received(
                sku: try reader.recurringSKU(), quantity: try reader.int(), reference: try reader.optionalString(),
                fromIncoming: try reader.int())
        case .incomingChanged:
            change = .incomingChanged(
                sku: try reader.recurringSKU(), delta: try reader.int(), reference: try reader.optionalString())
        case .counted:
            let (sku, quantity, reason) = try decodeQuantity(from: &reader)
            change = .counted(sku: sku, quantity: quantity, reason: reason ?? "")
        case .adjusted:
            let (sku, quantity, reason) = try decodeQuantity(from: &reader)
            change = .adjusted(sku: sku, delta: quantity, reason: reason ?? "")
        case .held:
            let (sku, quantity, reason) = try decodeQuantity(from: &reader)
            change = .held(sku: sku, quantity: quantity, reason: reason ?? "")
        case .released:
            let (sku, quantity, reason) = try decodeQuantity(from: &reader)
            change = .released(sku: sku, quantity: quantity, reason: reason)
        case .markedUnsellable:
            let (sku, quantity, reason) = try decodeQuantity(from: &reader)
            change = .markedUnsellable(sku: sku, quantity: quantity, reason: reason ?? "")
        case .restored:
            let (sku, quantity, reason) = try decodeQuantity(from: &reader)
            change = .restored(sku: sku, quantity: quantity, reason: reason)
        case .orderPlaced: change = .orderPlaced(try decodeLine(from: &reader))
        case .orderCancelled: change = .orderCancelled(try decodeLine(from: &reader))
        case .orderShipped: change = .orderShipped(try decodeLine(from: &reader))
        case .orderReturned:
            let line = try decodeLine(from: &reader)
            change = .orderReturned(line, restocked: try reader.bool())
        case .orderAmended:
            let before = try reader.bool() ? try decodeLine(from: &reader) : nil
            let after = try decodeLine(from: &reader)
            change = .orderAmended(OrderAmendment(before: before, after: after, source: try reader.string()))
        case .channelConfigured:
            change = .channelConfigured(
                name: try reader.recurringChannel(), settings: try decodeSettings(from: &reader))
        case .listingMapped:
            let key = ListingKey(channel: try reader.recurringChannel(), listing: try reader.string())
            change = .listingMapped(key, ListingMapping(sku: try reader.recurringSKU(), pack: try reader.int()))
        case .orderParked: change = .orderParked(try decodeParked(from: &reader))
        case .demandRecorded: change = .demandRecorded(try decodeLine(from: &reader))
        case .countedAsOf:
            change = .countedAsOf(
                sku: try reader.recurringSKU(), quantity: try reader.int(),
                asOf: Timestamp(millisecondsSince1970: try reader.milliseconds()), reason: try reader.string())
        case .published:
            let key = ListingKey(channel: try reader.recurringChannel(), listing: try reader.string())
            change = .published(key, quantity: try reader.int())
        case .purchasing:
            change = .purchasing(try decodePurchasing(from: &reader))
        case .storeSettingsSet:
            change = .storeSettingsSet(try decodeStoreSettings(from: &reader))
        case .sync:
            change = .sync(try decodeSync(from: &reader))
        case .returns:
            change = .returns(try decodeReturn(from: &reader))
        case .bundles:
            change = .bundles(try decodeBundles(from: &reader))
        }
        return change
    }

    // MARK: - Parts

    private static func encodeQuantity(
        _ tag: Tag, _ sku: SKUCode, _ quantity: Int, _ reason: String?, into writer: inout ByteWriter
    ) {
        writer.u8(tag.rawValue)
        writer.string(sku)
        writer.int(quantity)
        writer.optionalString(reason)
    }

    private static func decodeQuantity(from reader: inout ByteReader) throws(DecodeError) -> (SKUCode, Int, String?) {
        (try reader.recurringSKU(), try reader.int(), try reader.optionalString())
    }

    static func encode(_ sku: SKU, into writer: inout ByteWriter) {
        writer.string(sku.code)
        writer.string(sku.title)
        writer.optionalString(sku.barcode)
        writer.optionalString(sku.category)
        writer.int(sku.unitCost.cents)
        writer.int(sku.price.cents)
        writer.optionalString(sku.supplier)
        writer.int(sku.leadTimeDays.map { $0 + 1 } ?? 0)
        writer.int(sku.casePack)
        writer.int(sku.minimumOrderQuantity)
    }

    static func decodeSKU(from reader: inout ByteReader) throws(DecodeError) -> SKU {
        let code = try reader.sku()
        let title = try reader.string()
        let barcode = try reader.optionalString()
        let category = try reader.optionalString()
        let cost = Money(cents: try reader.cents())
        let price = Money(cents: try reader.cents())
        let supplier = try reader.optionalString()
        let lead = try reader.int()
        let casePack = try reader.int()
        let moq = try reader.int()
        return SKU(
            code: code, title: title, barcode: barcode, category: category, unitCost: cost, price: price,
            supplier: supplier, leadTimeDays: lead == 0 ? nil : lead - 1, casePack: casePack, minimumOrderQuantity: moq)
    }

    private static func encode(_ line: OrderLineFacts, into writer: inout ByteWriter) {
        writer.string(line.id.channel)
        writer.string(line.id.order)
        writer.int(line.id.line)
        writer.string(line.sku)
        writer.int(line.quantity)
        writer.inlineInt(line.unitPrice.cents)
        writer.inlineInt(line.time.millisecondsSince1970)
    }

    private static func decodeLine(from reader: inout ByteReader) throws(DecodeError) -> OrderLineFacts {
        let id = OrderLineID(
            channel: try reader.recurringChannel(), order: try reader.recurringOrderID(), line: try reader.int())
        return try decodeLineFacts(id, from: &reader)
    }

    /// `decodeLine` (the same bytes read, the same failures) that also sets `shippedLine` to
    /// `ShippedLineKey(line.id)`, hashed from the bytes read rather than from the strings made of
    /// them: ASCII bytes are what their `String` keeps; anything else takes the strings' route.
    @inline(__always)
    private static func decodeLine(
        from reader: inout ByteReader, shippedLine: inout ShippedLineKey?
    ) throws(DecodeError) -> OrderLineFacts {
        let channelUTF8 = try reader.stringBytes(length: try reader.varint())
        let channel = ChannelName(reader.recurringString(channelUTF8))
        let orderUTF8 = try reader.stringBytes(length: try reader.varint())
        // The order's hash and the key's hashing of channel and order, kept by the table: the
        // other line of the order ships soon after (nil: not ASCII, the strings' route).
        let (order, prefix) =
            reader.strings.map { $0.pointee.shippedOrder(orderUTF8, channel: channelUTF8) }
            ?? StringTable.shippedOrder(orderUTF8, channel: channelUTF8)
        let lineNumber = try reader.int()
        let id = OrderLineID(channel: channel, order: order, line: lineNumber)
        shippedLine = prefix?.key(line: lineNumber) ?? ShippedLineKey(id)
        return try decodeLineFacts(id, from: &reader)
    }

    @inline(__always)
    private static func decodeLineFacts(_ id: consuming OrderLineID, from reader: inout ByteReader) throws(DecodeError)
        -> OrderLineFacts
    {
        OrderLineFacts(
            id: id, sku: try reader.recurringSKU(), quantity: try reader.int(),
            unitPrice: Money(cents: try reader.cents()),
            time: Timestamp(millisecondsSince1970: try reader.milliseconds()))
    }

    static func encode(_ settings: ChannelSettings, into writer: inout ByteWriter) {
        writer.int(settings.rule.priority)
        writer.int(settings.rule.floor)
        switch settings.rule.cap {
        case nil: writer.u8(0)
        case .units(let units)?:
            writer.u8(1)
            writer.int(units)
        case .percent(let percent)?:
            writer.u8(2)
            writer.int(percent)
        }
        writer.bool(settings.rule.enabled)
        writer.string(settings.format.rawValue)
    }

    static func decodeSettings(from reader: inout ByteReader) throws(DecodeError) -> ChannelSettings {
        let priority = try reader.int()
        let floor = try reader.int()
        let capOffset = reader.index
        let cap: ChannelRule.Cap?
        switch try reader.u8() {
        case 0: cap = nil
        case 1: cap = .units(try reader.int())
        case 2: cap = .percent(try reader.int())
        case let other: throw DecodeError(offset: capOffset, detail: "unknown cap kind \(other)")
        }
        let enabled = try reader.bool()
        let formatOffset = reader.index
        let formatText = try reader.string()
        guard let format = ChannelFormat(rawValue: formatText) else {
            throw DecodeError(offset: formatOffset, detail: "unknown channel format '\(formatText)'")
        }
        return ChannelSettings(
            rule: ChannelRule(priority: priority, floor: floor, cap: cap, enabled: enabled), format: format)
    }

    static func encode(_ line: ParkedLine, into writer: inout ByteWriter) {
        writer.string(line.id.channel)
        writer.string(line.id.order)
        writer.int(line.id.line)
        writer.string(line.listing)
        writer.int(line.quantity)
        writer.int(line.unitPrice.cents)
        writer.int(line.placedAt.millisecondsSince1970)
        writer.string(line.status.rawValue)
        writer.int(line.statusTime.map { $0.millisecondsSince1970 + 1 } ?? 0)
    }

    static func decodeParked(from reader: inout ByteReader) throws(DecodeError) -> ParkedLine {
        let id = OrderLineID(channel: try reader.recurringChannel(), order: try reader.string(), line: try reader.int())
        let listing = try reader.string()
        let quantity = try reader.int()
        let price = Money(cents: try reader.cents())
        let placed = Timestamp(millisecondsSince1970: try reader.milliseconds())
        let statusOffset = reader.index
        let statusText = try reader.string()
        guard let status = LineStatus(rawValue: statusText) else {
            throw DecodeError(offset: statusOffset, detail: "unknown line status '\(statusText)'")
        }
        let statusTime = try reader.milliseconds()
        return ParkedLine(
            id: id, listing: listing, quantity: quantity, unitPrice: price, placedAt: placed, status: status,
            statusTime: statusTime == 0 ? nil : Timestamp(millisecondsSince1970: statusTime - 1))
    }
}
