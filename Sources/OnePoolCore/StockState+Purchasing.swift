/// Checking and folding purchasing changes. A PO moves only along its allowed transitions;
/// sending puts its units into incoming, receiving moves them to on hand.
extension StockState {
    func checkPurchasing(_ change: PurchasingChange) throws(Refusal) {
        switch change {
        case .supplierSet(let supplier):
            // Supplier codes are what SKUs already say ("Hartwell & Co" is fine); only blank or
            // control characters are refused.
            guard !supplier.code.trimmingSpaces.isEmpty, supplier.code.utf8.count <= 64,
                !supplier.code.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else {
                throw .invalidValue(field: "supplier code", value: supplier.code, expected: "1–64 printable characters")
            }
            guard !supplier.name.trimmingSpaces.isEmpty else {
                throw .invalidValue(field: "supplier name", value: supplier.name, expected: "a name")
            }
            guard Bounds.leadTimeDays.contains(supplier.leadTimeDays) else {
                throw .invalidValue(
                    field: "lead time", value: "\(supplier.leadTimeDays)",
                    expected: "\(Bounds.leadTimeDays.lowerBound)–\(Bounds.leadTimeDays.upperBound) days")
            }
            guard supplier.minimumOrderUnits >= 1, supplier.casePack >= 1, supplier.minimumOrderValue.cents >= 0 else {
                throw .invalidValue(
                    field: "supplier terms", value: "MOQ \(supplier.minimumOrderUnits), case \(supplier.casePack)",
                    expected: "MOQ and case pack of 1 or more, a minimum value of 0 or more")
            }
        case .supplierItemSet(let supplier, let sku, let item):
            guard purchasing.suppliers[supplier] != nil else { throw .unknownSupplier(supplier) }
            guard pools[sku] != nil else { throw .unknownSKU(sku) }
            try requireUnitAmount(item.unitCost, field: "unit cost")
        case .approverSet(let user, let limit):
            guard !user.rawValue.trimmingSpaces.isEmpty else {
                throw .invalidValue(field: "user", value: user.rawValue, expected: "an OS user name")
            }
            if let limit, limit.cents < 0 {
                throw .invalidValue(field: "limit", value: "\(limit)", expected: "0 or more")
            }
        case .autonomySet(let target, _):
            switch target {
            case .supplier(let code): guard purchasing.suppliers[code] != nil else { throw .unknownSupplier(code) }
            case .sku(let code): guard pools[code] != nil else { throw .unknownSKU(code) }
            }
        case .drafted(let order):
            guard purchasing.orders[order.id] == nil else { throw .purchaseOrder(order.id, "already exists") }
            guard purchasing.suppliers[order.supplier] != nil else { throw .unknownSupplier(order.supplier) }
            guard !order.lines.isEmpty else { throw .purchaseOrder(order.id, "has no lines") }
            guard Set(order.lines.map(\.sku)).count == order.lines.count else {
                throw .purchaseOrder(order.id, "lists a SKU twice")
            }
            for line in order.lines {
                guard pools[line.sku] != nil else { throw .unknownSKU(line.sku) }
                guard line.quantity >= 1, line.quantity <= Self.absurdQuantity else {
                    throw .invalidValue(
                        field: "quantity of \(line.sku)", value: "\(line.quantity)", expected: "1 or more")
                }
                try requireUnitAmount(line.unitCost, field: "unit cost of \(line.sku)")
            }
        case .edited(let id, let sku, let quantity):
            let record = try order(id, allowed: [.drafted], doing: "edit")
            guard pools[sku] != nil else { throw .unknownSKU(sku) }
            guard quantity >= 0, quantity <= Self.absurdQuantity else {
                throw .invalidValue(field: "quantity", value: "\(quantity)", expected: "0 (remove the line) or more")
            }
            if quantity == 0 && record.order.lines.allSatisfy({ $0.sku == sku }) {
                throw .purchaseOrder(id, "would have no lines left: reject or cancel it instead")
            }
        case .approved(let id, let approver):
            let record = try order(id, allowed: [.drafted], doing: "approve")
            if let refusal = purchasing.approvalRefusal(of: record.order.value, by: approver) { throw refusal }
            if approver == PurchasingState.automaticApprover {
                let modes = record.order.lines.map { purchasing.autonomy(sku: $0.sku, supplier: record.order.supplier) }
                guard modes.allSatisfy({ $0 == .automatic }) else {
                    throw .purchaseOrder(id, "is not for automatic approval (autonomy below automatic)")
                }
            }
        case .rejected(let id, let approver, let reason):
            _ = try order(id, allowed: [.drafted], doing: "reject")
            guard purchasing.approvers[approver] != nil else { throw .notAnApprover(approver) }
            guard !reason.trimmingSpaces.isEmpty else { throw .missingReason }
        case .sent(let id):
            _ = try order(id, allowed: [.approved], doing: "send")
        case .received(let id, let sku, let quantity):
            let record = try order(id, allowed: POStatus.receiving, doing: "receive against")
            guard record.order.lines.contains(where: { $0.sku == sku }) else {
                throw .purchaseOrder(id, "has no line for \(sku)")
            }
            guard quantity >= 1, quantity <= Self.absurdQuantity else {
                throw .invalidValue(field: "quantity", value: "\(quantity)", expected: "1 or more units that arrived")
            }
            if let stock = pools[sku]?.stock {
                try requireWithinSKUBounds(sku, field: "on hand", current: stock.onHand, adding: quantity)
            }
        case .closed(let id):
            _ = try order(id, allowed: POStatus.receiving, doing: "close")
        case .cancelled(let id, let reason):
            _ = try order(id, allowed: POStatus.receiving.union([.drafted, .approved]), doing: "cancel")
            guard !reason.trimmingSpaces.isEmpty else { throw .missingReason }
        }
    }

    private func order(_ id: PurchaseOrderID, allowed: Set<POStatus>, doing: String) throws(Refusal)
        -> PurchaseOrderRecord
    {
        guard let record = purchasing.orders[id] else {
            throw .unknownPurchaseOrder(id)
        }
        guard allowed.contains(record.status) else {
            throw .purchaseOrder(id, "is \(record.status.rawValue): cannot \(doing) it")
        }
        return record
    }

    mutating func applyPurchasing(_ change: PurchasingChange, time: Timestamp) {
        switch change {
        case .supplierSet(let supplier): purchasing.suppliers[supplier.code] = supplier
        case .supplierItemSet(let supplier, let sku, let item): purchasing.items[supplier, default: [:]][sku] = item
        case .approverSet(let user, let limit): purchasing.approvers[user] = limit
        case .autonomySet(let target, let mode): purchasing.autonomy[target] = mode
        case .drafted(let order):
            purchasing.orders[order.id] = PurchaseOrderRecord(order: order, status: .drafted, draftedAt: time)
        case .edited(let id, let sku, let quantity):
            guard let supplier = purchasing.orders[id]?.order.supplier else { return }
            let cost = purchasing.items[supplier]?[sku]?.unitCost ?? pools[sku]?.sku.unitCost ?? .zero
            purchasing.orders[id]?.order.setQuantity(of: sku, to: quantity, unitCost: cost)
        case .approved(let id, let approver):
            purchasing.orders[id]?.status = .approved
            purchasing.orders[id]?.approvedBy = approver
            purchasing.orders[id]?.approvedAt = time
        case .rejected(let id, let approver, let reason):
            purchasing.orders[id]?.status = .rejected
            purchasing.orders[id]?.approvedBy = approver
            purchasing.orders[id]?.rejection = reason
        case .sent(let id):
            guard let record = purchasing.orders[id] else { return }
            for line in record.order.lines { addIncoming(line.sku, record.outstanding(line.sku)) }
            purchasing.orders[id]?.status = .sent
            purchasing.orders[id]?.sentAt = time
        case .received(let id, let sku, let quantity):
            guard let record = purchasing.orders[id] else { return }
            let expected = record.outstanding(sku)
            addIncoming(sku, -min(quantity, expected))
            if let index = pools.index(forKey: sku) { pools.values[index].stock.onHand += quantity }
            purchasing.orders[id]?.received[sku, default: 0] += quantity
            if let updated = purchasing.orders[id] { purchasing.orders[id]?.status = updated.statusAfterReceipt }
            if record.firstReceivedAt == nil { purchasing.orders[id]?.firstReceivedAt = time }
        case .closed(let id), .cancelled(let id, _):
            guard let record = purchasing.orders[id] else { return }
            if POStatus.receiving.contains(record.status) {
                for line in record.order.lines { addIncoming(line.sku, -record.outstanding(line.sku)) }
            }
            if case .cancelled(_, let reason) = change {
                purchasing.orders[id]?.status = .cancelled
                purchasing.orders[id]?.cancelReason = reason
            } else {
                purchasing.orders[id]?.status = .closed
            }
        }
    }

    private mutating func addIncoming(_ sku: SKUCode, _ delta: Int) {
        guard delta != 0, let index = pools.index(forKey: sku) else { return }
        pools.values[index].stock.incoming = max(0, pools.values[index].stock.incoming + delta)
    }
}
