import OnePoolCore

/// The encoding of purchasing changes: after the `purchasing` tag, a sub-tag, then the fields.
/// Sub-tags are stable forever, like tags.
extension EventCodec {
    private enum PurchasingTag: UInt8 {
        case supplierSet = 1
        case supplierItemSet, approverSet, autonomySet, drafted, edited, approved, rejected, sent, received,
            closed, cancelled
    }

    static func encode(_ change: PurchasingChange, into writer: inout ByteWriter) {
        switch change {
        case .supplierSet(let supplier):
            writer.u8(PurchasingTag.supplierSet.rawValue)
            encode(supplier, into: &writer)
        case .supplierItemSet(let supplier, let sku, let item):
            writer.u8(PurchasingTag.supplierItemSet.rawValue)
            writer.string(supplier)
            writer.string(sku)
            writer.optionalString(item.supplierCode)
            writer.int(item.unitCost.cents)
        case .approverSet(let user, let limit):
            writer.u8(PurchasingTag.approverSet.rawValue)
            writer.string(user)
            writer.bool(limit != nil)
            writer.int(limit?.cents ?? 0)
        case .autonomySet(let target, let mode):
            writer.u8(PurchasingTag.autonomySet.rawValue)
            switch target {
            case .supplier(let code):
                writer.u8(0)
                writer.string(code)
            case .sku(let code):
                writer.u8(1)
                writer.string(code)
            }
            writer.string(mode.rawValue)
        case .drafted(let order):
            writer.u8(PurchasingTag.drafted.rawValue)
            encode(order, into: &writer)
        case .edited(let id, let sku, let quantity):
            writer.u8(PurchasingTag.edited.rawValue)
            writer.string(id)
            writer.string(sku)
            writer.int(quantity)
        case .approved(let id, let approver):
            writer.u8(PurchasingTag.approved.rawValue)
            writer.string(id)
            writer.string(approver)
        case .rejected(let id, let approver, let reason):
            writer.u8(PurchasingTag.rejected.rawValue)
            writer.string(id)
            writer.string(approver)
            writer.string(reason)
        case .sent(let id):
            writer.u8(PurchasingTag.sent.rawValue)
            writer.string(id)
        case .received(let id, let sku, let quantity):
            writer.u8(PurchasingTag.received.rawValue)
            writer.string(id)
            writer.string(sku)
            writer.int(quantity)
        case .closed(let id):
            writer.u8(PurchasingTag.closed.rawValue)
            writer.string(id)
        case .cancelled(let id, let reason):
            writer.u8(PurchasingTag.cancelled.rawValue)
            writer.string(id)
            writer.string(reason)
        }
    }

    static func decodePurchasing(from reader: inout ByteReader) throws(DecodeError) -> PurchasingChange {
        let tag = try reader.tag(PurchasingTag.self, "purchasing change")
        switch tag {
        case .supplierSet: return .supplierSet(try decodeSupplier(from: &reader))
        case .supplierItemSet:
            let supplier = try reader.recurringString()
            let sku = try reader.recurringSKU()
            let code = try reader.optionalString()
            return .supplierItemSet(
                supplier: supplier, sku: sku,
                item: SupplierItem(supplierCode: code, unitCost: Money(cents: try reader.cents())))
        case .approverSet:
            let user = try reader.userName()
            let has = try reader.bool()
            let cents = try reader.cents()
            return .approverSet(user: user, limit: has ? Money(cents: cents) : nil)
        case .autonomySet:
            let kindOffset = reader.index
            let kind = try reader.u8()
            let code = try reader.string()
            let target: AutonomyTarget
            switch kind {
            case 0: target = .supplier(code)
            case 1: target = .sku(SKUCode(code))
            default: throw DecodeError(offset: kindOffset, detail: "unknown autonomy target \(kind)")
            }
            let modeOffset = reader.index
            let text = try reader.string()
            guard let mode = AutonomyMode(rawValue: text) else {
                throw DecodeError(offset: modeOffset, detail: "unknown autonomy '\(text)'")
            }
            return .autonomySet(target, mode)
        case .drafted: return .drafted(try decodeOrder(from: &reader))
        case .edited:
            return .edited(id: try reader.purchaseOrderID(), sku: try reader.recurringSKU(), quantity: try reader.int())
        case .approved: return .approved(id: try reader.purchaseOrderID(), approver: try reader.userName())
        case .rejected:
            return .rejected(
                id: try reader.purchaseOrderID(), approver: try reader.userName(), reason: try reader.string())
        case .sent: return .sent(id: try reader.purchaseOrderID())
        case .received:
            return .received(
                id: try reader.purchaseOrderID(), sku: try reader.recurringSKU(), quantity: try reader.int())
        case .closed: return .closed(id: try reader.purchaseOrderID())
        case .cancelled: return .cancelled(id: try reader.purchaseOrderID(), reason: try reader.string())
        }
    }

    static func encode(_ supplier: Supplier, into writer: inout ByteWriter) {
        writer.string(supplier.code)
        writer.string(supplier.name)
        writer.int(supplier.leadTimeDays)
        writer.int(supplier.minimumOrderUnits)
        writer.int(supplier.minimumOrderValue.cents)
        writer.int(supplier.casePack)
        writer.string(supplier.currency)
        writer.string(supplier.contact)
    }

    static func decodeSupplier(from reader: inout ByteReader) throws(DecodeError) -> Supplier {
        Supplier(
            code: try reader.string(), name: try reader.string(), leadTimeDays: try reader.int(),
            minimumOrderUnits: try reader.int(),
            minimumOrderValue: Money(cents: try reader.cents()), casePack: try reader.int(),
            currency: try reader.string(),
            contact: try reader.string())
    }

    static func encode(_ order: PurchaseOrder, into writer: inout ByteWriter) {
        writer.string(order.id)
        writer.string(order.supplier)
        writer.int(order.expectedAt.millisecondsSince1970)
        writer.varint(UInt64(order.lines.count))
        for line in order.lines {
            writer.string(line.sku)
            writer.int(line.quantity)
            writer.int(line.unitCost.cents)
            writer.string(line.reason)
        }
    }

    static func decodeOrder(from reader: inout ByteReader) throws(DecodeError) -> PurchaseOrder {
        let id = try reader.purchaseOrderID()
        let supplier = try reader.string()
        let expected = Timestamp(millisecondsSince1970: try reader.milliseconds())
        let count = try reader.varint()
        guard count <= 100_000 else {
            throw DecodeError(offset: reader.index, detail: "implausible line count \(count)")
        }
        var lines: [POLine] = []
        for _ in 0..<count {
            lines.append(
                POLine(
                    sku: try reader.recurringSKU(), quantity: try reader.int(),
                    unitCost: Money(cents: try reader.cents()), reason: try reader.string()))
        }
        return PurchaseOrder(id: id, supplier: supplier, lines: lines, expectedAt: expected)
    }

    /// A whole order record, for snapshots.
    static func encode(_ record: PurchaseOrderRecord, into writer: inout ByteWriter) {
        encode(record.order, into: &writer)
        writer.string(record.status.rawValue)
        writer.int(record.draftedAt.millisecondsSince1970)
        writer.optionalString(record.approvedBy)
        writer.int(record.approvedAt.map { $0.millisecondsSince1970 &+ 1 } ?? 0)
        writer.optionalString(record.rejection)
        writer.int(record.sentAt.map { $0.millisecondsSince1970 &+ 1 } ?? 0)
        writer.optionalString(record.cancelReason)
        writer.int(record.firstReceivedAt.map { $0.millisecondsSince1970 &+ 1 } ?? 0)
        writer.varint(UInt64(record.received.count))
        for (sku, units) in record.received.sorted(by: { $0.key < $1.key }) {
            writer.string(sku)
            writer.int(units)
        }
    }

    static func decodeRecord(from reader: inout ByteReader) throws(DecodeError) -> PurchaseOrderRecord {
        let order = try decodeOrder(from: &reader)
        let statusOffset = reader.index
        let statusText = try reader.string()
        guard let status = POStatus(rawValue: statusText) else {
            throw DecodeError(offset: statusOffset, detail: "unknown PO status '\(statusText)'")
        }
        var record = PurchaseOrderRecord(
            order: order, status: status, draftedAt: Timestamp(millisecondsSince1970: try reader.milliseconds()))
        record.approvedBy = try reader.optionalString().map { UserName($0) }
        let approvedAt = try reader.milliseconds()
        record.approvedAt = approvedAt == 0 ? nil : Timestamp(millisecondsSince1970: approvedAt &- 1)
        record.rejection = try reader.optionalString()
        let sentAt = try reader.milliseconds()
        record.sentAt = sentAt == 0 ? nil : Timestamp(millisecondsSince1970: sentAt &- 1)
        record.cancelReason = try reader.optionalString()
        let firstReceived = try reader.milliseconds()
        record.firstReceivedAt = firstReceived == 0 ? nil : Timestamp(millisecondsSince1970: firstReceived &- 1)
        for _ in 0..<(try reader.count(each: 2)) {
            let sku = try reader.sku()
            record.received[sku] = try reader.int()
        }
        // Snapshots before format 3 called a PO "received" at its first receipt; the fold now
        // follows the lines (`statusAfterReceipt`), and a snapshot must say what replay says.
        if record.status == .received { record.status = record.statusAfterReceipt }
        return record
    }
}
