import Foundation
import OnePoolCore
import OnePoolDemo
import OnePoolStore

/// What a demo store holds, read back from the store itself (its state and one pass over the
/// journal), so the summary is the same whether the demo was just generated or reopened.
struct DemoSummary {
    struct ChannelSales {
        var lines = 0
        var units = 0
        var cancelledLines = 0
        var cancelledUnits = 0
        var revenue = Money.zero
    }

    var storeName: String
    var path: String
    var timeZone: TimeZone
    var events: UInt64
    var firstEvent: Timestamp?
    var lastEvent: Timestamp?
    var skusByCategory: [(String, Int)]
    var skuCount: Int
    var channels: [Channel]
    var suppliers: [(name: String, skus: Int, leadTimes: [Int], casePacks: [Int], moq: ClosedRange<Int>)]
    var sales: [ChannelName: ChannelSales]
    var shippedLines = 0
    var returnedUnits = 0
    var countEvents = 0
    var openPurchaseOrders = 0
    var inStock = 0
    var outOfStock: [SKUCode] = []
    var oversold: [SKUCode] = []
    var withIncoming = 0
    var incomingUnits = 0
    var openLines = 0
    var heldSKUs = 0
    var unsellableUnits = 0
    var topSeller: SKUCode?

    init(store: Store) throws {
        let state = store.state
        storeName = store.metadata.name
        path = store.path
        timeZone = DateText.timeZone(of: store.metadata.timeZone)
        events = state.lastSequence
        skuCount = state.pools.count
        channels = state.channels.values.sorted { $0.name < $1.name }
        let order = DemoChannel.allCases.map(\.name)
        channels.sort {
            (order.firstIndex(of: $0.name) ?? 99, $0.name) < (order.firstIndex(of: $1.name) ?? 99, $1.name)
        }

        var categories: [String: Int] = [:]
        var bySupplier: [String: [SKU]] = [:]
        for pool in state.pools.values {
            categories[pool.sku.category ?? "(none)", default: 0] += 1
            if let supplier = pool.sku.supplier { bySupplier[supplier, default: []].append(pool.sku) }
            let stock = pool.stock
            if stock.isOversold {
                oversold.append(pool.sku.code)
            } else if stock.isOutOfStock {
                outOfStock.append(pool.sku.code)
            } else {
                inStock += 1
            }
            if stock.incoming > 0 {
                withIncoming += 1
                incomingUnits += stock.incoming
            }
            if stock.held > 0 { heldSKUs += 1 }
            unsellableUnits += stock.unsellable
        }
        outOfStock.sort()
        oversold.sort()
        skusByCategory = categories.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        suppliers = bySupplier.keys.sorted().map { name in
            let skus = bySupplier[name] ?? []
            let moqs = skus.map(\.minimumOrderQuantity)
            return (
                name, skus.count, Array(Set(skus.compactMap(\.leadTimeDays))).sorted(),
                Array(Set(skus.map(\.casePack))).sorted(),
                (moqs.min() ?? 1)...(moqs.max() ?? 1)
            )
        }
        openLines = state.openLines.count

        var sales: [ChannelName: ChannelSales] = [:]
        var outstanding: [String: Int] = [:]
        var unitsBySKU: [SKUCode: Int] = [:]
        var first: Timestamp?
        var last: Timestamp?
        var shipped = 0
        var returned = 0
        var counts = 0
        try store.forEachEvent { event in
            if first == nil { first = event.time }
            last = event.time
            switch event.change {
            case .orderPlaced(let line):
                var sale = sales[line.id.channel] ?? ChannelSales()
                sale.lines += 1
                sale.units += line.quantity
                sale.revenue = sale.revenue + line.unitPrice * line.quantity
                sales[line.id.channel] = sale
                unitsBySKU[line.sku, default: 0] += line.quantity
            case .orderCancelled(let line):
                var sale = sales[line.id.channel] ?? ChannelSales()
                sale.cancelledLines += 1
                sale.cancelledUnits += line.quantity
                sale.revenue = sale.revenue + line.unitPrice * -line.quantity
                sales[line.id.channel] = sale
                unitsBySKU[line.sku, default: 0] -= line.quantity
            case .orderShipped:
                shipped += 1
            case .orderReturned(let line, _):
                returned += line.quantity
            case .returns(.arrived(let line)):
                returned += line.quantity
            case .counted:
                counts += 1
            case .incomingChanged(_, let delta, let reference):
                if let reference { outstanding[reference, default: 0] += delta }
            case .received(_, _, let reference, let fromIncoming):
                if let reference, fromIncoming > 0 { outstanding[reference, default: 0] -= fromIncoming }
            default:
                break
            }
        }
        self.sales = sales
        firstEvent = first
        lastEvent = last
        shippedLines = shipped
        returnedUnits = returned
        countEvents = counts
        openPurchaseOrders = outstanding.values.filter { $0 > 0 }.count
        topSeller = unitsBySKU.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
    }

    func render(stats: DemoStats? = nil) -> String {
        var out: [String] = []
        out.append("\(storeName) — \(path)")
        if let firstEvent, let lastEvent {
            let from = DateText.format(firstEvent, timeZone: timeZone, withTime: false)
            let to = DateText.format(lastEvent, timeZone: timeZone, withTime: false)
            let days =
                lastEvent.day(offsetSeconds: timeZone.secondsFromGMT(for: lastEvent.date))
                - firstEvent.day(offsetSeconds: timeZone.secondsFromGMT(for: firstEvent.date)) + 1
            out.append(
                "  History: \(from) → \(to) (\(days) days, time zone \(timeZone.identifier)), \(Self.number(Int(events))) events"
            )
        } else {
            out.append("  History: empty")
        }

        out.append("")
        out.append("Catalogue: \(skuCount) SKUs — " + skusByCategory.map { "\($0.0) \($0.1)" }.joined(separator: " · "))
        out.append(
            "Channels: "
                + channels.map {
                    $0.name.rawValue == $0.kind.rawValue ? $0.name.rawValue : "\($0.name) (\($0.kind.rawValue))"
                }.joined(
                    separator: " · "))

        out.append("")
        out.append("Suppliers")
        let supplierRows = suppliers.map { supplier in
            DemoSupplierRow(
                supplier: supplier.name, skus: supplier.skus,
                leadTime: supplier.leadTimes.map(String.init).joined(separator: "/")
                    + (supplier.leadTimes.isEmpty ? "" : " days"),
                casePack: supplier.casePacks.map(String.init).joined(separator: ", "),
                moq: supplier.moq.lowerBound == supplier.moq.upperBound
                    ? "\(supplier.moq.lowerBound)" : "\(supplier.moq.lowerBound)–\(supplier.moq.upperBound)")
        }
        out.append(indent(Output.rows(supplierRows, format: .table)))

        out.append("")
        out.append("Sales (order lines placed; units and revenue net of cancellations)")
        var salesRows: [DemoSalesRow] = []
        var total = ChannelSales()
        for channel in channels {
            let sale = sales[channel.name] ?? ChannelSales()
            salesRows.append(
                DemoSalesRow(
                    channel: Identifier(channel.name), orderLines: sale.lines, cancelled: sale.cancelledLines,
                    unitsSold: sale.units - sale.cancelledUnits, revenue: Amount(sale.revenue)))
            total.lines += sale.lines
            total.cancelledLines += sale.cancelledLines
            total.units += sale.units - sale.cancelledUnits
            total.revenue = total.revenue + sale.revenue
        }
        salesRows.append(
            DemoSalesRow(
                channel: "total", orderLines: total.lines, cancelled: total.cancelledLines, unitsSold: total.units,
                revenue: Amount(total.revenue)))
        out.append(indent(Output.rows(salesRows, format: .table)))
        out.append(
            "  \(Self.number(shippedLines)) lines shipped · \(Self.number(returnedUnits)) units returned · \(Self.number(countEvents)) cycle counts"
        )

        out.append("")
        out.append("Today")
        out.append(
            "  \(inStock) SKUs in stock · \(outOfStock.count) out of stock · \(oversold.count) oversold"
                + (oversold.isEmpty ? "" : " (\(oversold.prefix(4).joined(separator: ", ")))"))
        out.append(
            "  \(withIncoming) SKUs with incoming: \(Self.number(incomingUnits)) units on \(Self.count(openPurchaseOrders, "open purchase order"))"
        )
        out.append(
            "  \(Self.count(openLines, "open order line")) (placed, not yet shipped) · \(Self.count(heldSKUs, "SKU")) with held stock · "
                + "\(Self.count(unsellableUnits, "unit")) unsellable")
        if let stats {
            out.append(
                "  While generating: \(Self.number(stats.lostUnits)) units of demand lost to stockouts (never recorded; "
                    + "\(Self.number(stats.stockoutDays)) SKU-days with nothing available), "
                    + "\(Self.count(stats.oversoldLines, "marketplace line")) sold without stock")
        }

        out.append("")
        out.append("Next")
        let storeOption = "--store \(Self.shellQuoted(path))"
        let example = oversold.first ?? topSeller ?? outOfStock.first ?? "CODE"
        let hints = [
            ("onepool stock \(storeOption)", "every SKU's pool"),
            ("onepool stock \(storeOption) --only out", "what is out of stock or oversold"),
            ("onepool log \(storeOption) --sku \(example)", "the history behind one SKU"),
            ("onepool sku show \(example) \(storeOption)", "one SKU's terms and quantities"),
        ]
        let width = hints.map(\.0.count).max() ?? 0
        for (command, meaning) in hints {
            out.append("  " + command + String(repeating: " ", count: width - command.count + 3) + meaning)
        }
        return out.joined(separator: "\n")
    }

    private func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }
}

extension DemoSummary {
    /// Numbers as every verb writes them (`NumberText`).
    static func number(_ value: Int) -> String { NumberText.units(value) }

    /// "1 open order line", "3 open order lines".
    static func count(_ value: Int, _ noun: String) -> String { "\(number(value)) \(noun)\(value == 1 ? "" : "s")" }

    /// A path as a shell would need it typed (quoted only when it has to be).
    static func shellQuoted(_ text: String) -> String {
        let safe = text.unicodeScalars.allSatisfy {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "/._-+=:@%,~".unicodeScalars.contains($0))
        }
        return safe ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// A supplier line of the demo's summary.
struct DemoSupplierRow: Codable {
    var supplier: String
    var skus: Int
    var leadTime: String
    var casePack: String
    var moq: String
}

/// A channel's sales in the demo's summary.
struct DemoSalesRow: Codable {
    var channel: Identifier
    var orderLines: Int
    var cancelled: Int
    var unitsSold: Int
    var revenue: Amount
}
