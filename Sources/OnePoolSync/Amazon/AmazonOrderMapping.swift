import OnePoolChannels
import OnePoolCore

/// Turns one documented `Order` into neutral facts, or says why it cannot. Every value is
/// range-checked where it is read (`Bounds`): no answer from Amazon can crash OnePool or put
/// an impossible quantity in the journal.
enum AmazonOrderMapping {
    enum Outcome {
        case order(AmazonOrder, notes: [String])
        case rejected(AmazonRejectedOrder)
    }

    static func map(_ order: SearchOrdersResponse.Order) -> Outcome {
        let id = order.orderId ?? ""
        func reject(_ reason: String) -> Outcome {
            .rejected(
                AmazonRejectedOrder(
                    orderID: id.isEmpty ? "(no orderId)" : String(id.prefix(Bounds.textBytes.upperBound)),
                    reason: reason))
        }
        guard Bounds.textBytes.contains(id.utf8.count) else {
            return reject("orderId is missing or longer than 500 bytes")
        }
        guard let placed = order.createdTime.flatMap(TimeText.parse) else {
            return reject("createdTime is missing or not ISO 8601")
        }
        guard let updated = order.lastUpdatedTime.flatMap(TimeText.parse) else {
            return reject("lastUpdatedTime is missing or not ISO 8601")
        }
        guard let fulfillment = order.fulfillment, let amazonStatus = fulfillment.fulfillmentStatus else {
            return reject("fulfillment.fulfillmentStatus is missing (the request asks for includedData=FULFILLMENT)")
        }
        let fulfilment: AmazonFulfilment
        switch fulfillment.fulfilledBy {
        case "MERCHANT": fulfilment = .merchant
        case "AMAZON": fulfilment = .amazon
        default: return reject("fulfilledBy is '\(fulfillment.fulfilledBy ?? "")', expected MERCHANT or AMAZON")
        }
        let orderStatus: AmazonLineStatus?
        switch amazonStatus {
        case "PENDING", "PENDING_AVAILABILITY": orderStatus = .pending
        case "UNSHIPPED": orderStatus = .unshipped
        case "PARTIALLY_SHIPPED": orderStatus = nil  // decided per item below
        case "SHIPPED": orderStatus = .shipped
        case "CANCELLED", "UNFULFILLABLE": orderStatus = .cancelled
        default: return reject("fulfillmentStatus '\(String(amazonStatus.prefix(40)))' is not one OnePool knows")
        }
        guard let items = order.orderItems, !items.isEmpty else { return reject("the order has no orderItems") }
        guard items.count <= 10_000 else { return reject("the order has more than 10,000 items") }

        var lines: [AmazonOrderLine] = []
        var notes: [String] = []
        var itemIDs = Set<String>()
        for item in items {
            guard let itemID = item.orderItemId, Bounds.textBytes.contains(itemID.utf8.count) else {
                return reject("an item's orderItemId is missing or longer than 500 bytes")
            }
            guard itemIDs.insert(itemID).inserted else { return reject("orderItemId \(itemID) appears twice") }
            guard let sku = item.product?.sellerSku, Bounds.textBytes.contains(sku.utf8.count) else {
                return reject("item \(itemID): product.sellerSku is missing or longer than 500 bytes")
            }
            let cancelledItem = item.cancellation?.cancellationExecution != nil
            guard let quantity = item.quantityOrdered, (0...Bounds.eventUnits).contains(quantity) else {
                return reject("item \(itemID): quantityOrdered is missing or outside 0…\(Bounds.eventUnits)")
            }
            var status: AmazonLineStatus
            if let orderStatus {
                status = orderStatus
            } else {
                let unshipped = item.fulfillment?.quantityUnfulfilled ?? quantity
                status = unshipped == 0 && quantity > 0 ? .shipped : .unshipped
            }
            if cancelledItem { status = .cancelled }
            guard quantity > 0 || status == .cancelled else {
                return reject("item \(itemID): quantityOrdered is 0 on a line that is not cancelled")
            }
            let shipped = item.fulfillment?.quantityFulfilled
            if let shipped, !(0...quantity).contains(shipped) {
                return reject("item \(itemID): quantityFulfilled \(shipped) is outside 0…\(quantity)")
            }
            var unitPrice: Money?
            let money = item.product?.price?.unitPrice
            if let amount = money?.amount {
                if let parsed = Money.parse(amount), Bounds.isUnitAmount(parsed) {
                    unitPrice = parsed
                } else {
                    notes.append(
                        "order \(id) item \(itemID): unit price '\(String(amount.prefix(40)))' not recorded "
                            + "(expected 0…1000000.00, two decimals)"
                    )
                }
            }
            lines.append(
                AmazonOrderLine(
                    orderID: id, orderItemID: itemID, line: 0, sellerSKU: sku,
                    asin: item.product?.asin.map { String($0.prefix(40)) },
                    quantity: quantity, shippedQuantity: shipped, unitPrice: unitPrice,
                    currencyCode: money?.currencyCode.map { String($0.prefix(8)) }, status: status,
                    fulfilment: fulfilment))
        }
        lines.sort { ($0.sellerSKU, $0.orderItemID) < ($1.sellerSKU, $1.orderItemID) }
        for index in lines.indices { lines[index].line = index + 1 }
        let mapped = AmazonOrder(
            orderID: id, marketplaceID: order.salesChannel?.marketplaceId, placedAt: placed, updatedAt: updated,
            amazonStatus: amazonStatus, fulfilment: fulfilment, lines: lines)
        return .order(mapped, notes: notes)
    }
}
