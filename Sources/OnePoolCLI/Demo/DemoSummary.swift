import Foundation
import OnePoolCore
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
    var sales: [String: ChannelSales]
    var shippedLines = 0
    var returnedUnits = 0
    var countEvents = 0
    var openPurchaseOrders = 0
    var inStock = 0
    var outOfStock: [String] = []
    var oversold: [String] = []
    var withIncoming = 0
    var incomingUnits = 0
    var openLines = 0
    var heldSKUs = 0
    var unsellableUnits = 0
    var topSeller: String?

    init(store: Store) throws {
        let state = store.state
        storeName = store.metadata.name
        path = store.path
        timeZone = DateText.timeZone(of: store.metadata.timeZone)
        events = state.lastSequence
        skuCount = state.pools.count
        channels = state.channels.values.sorted { $0.name < $1.name }
        let order = DemoChannel.allCases.map(\.name)
        channels.sort { (order.firstIndex(of: $0.name) ?? 99, $0.name) < (order.firstIndex(of: $1.name) ?? 99, $1.name) }

        var categories: [String: Int] = [:]
        var bySupplier: [String: [SKU]] = [:]
        for pool in state.pools.values {
            categories[pool.sku.category ?? "(none)", default: 0] += 1
            if let supplier = pool.sku.supplier { bySupplier[supplier, default: []].append(pool.sku) }
            let stock = pool.stock
            if stock.isOversold {
                oversold.append(pool.sku.code)
            } else if stock.available == 0 {
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
                name, skus.count, Array(Set(skus.compactMap(\.leadTimeDays))).sorted(), Array(Set(skus.map(\.casePack))).sorted(),
                (moqs.min() ?? 1)...(moqs.max() ?? 1)
            )
        }
        openLines = state.openLines.count

        var sales: [String: ChannelSales] = [:]
        var outstanding: [String: Int] = [:]
        var unitsBySKU: [String: Int] = [:]
        var first: Timestamp?
        var last: Timestamp?
        var shipped = 0, returned = 0, counts = 0
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
            let days = lastEvent.day(offsetSeconds: timeZone.secondsFromGMT(for: lastEvent.date))
                - firstEvent.day(offsetSeconds: timeZone.secondsFromGMT(for: firstEvent.date)) + 1
            out.append("  History: \(from) → \(to) (\(days) days, time zone \(timeZone.identifier)), \(Self.grouped(Int(events))) events")
        } else {
            out.append("  History: empty")
        }

        out.append("")
        out.append("Catalogue: \(skuCount) SKUs — " + skusByCategory.map { "\($0.0) \($0.1)" }.joined(separator: " · "))
        out.append("Channels: " + channels.map { $0.name == $0.kind.rawValue ? $0.name : "\($0.name) (\($0.kind.rawValue))" }.joined(separator: " · "))

        out.append("")
        out.append("Suppliers")
        var supplierTable = Table([
            .init("supplier"), .init("skus", .number), .init("lead_time"), .init("case_pack"), .init("moq"),
        ])
        for supplier in suppliers {
            let lead = supplier.leadTimes.map(String.init).joined(separator: "/") + (supplier.leadTimes.isEmpty ? "" : " days")
            let moq = supplier.moq.lowerBound == supplier.moq.upperBound ? "\(supplier.moq.lowerBound)" : "\(supplier.moq.lowerBound)–\(supplier.moq.upperBound)"
            supplierTable.add([supplier.name, "\(supplier.skus)", lead, supplier.casePacks.map(String.init).joined(separator: ", "), moq])
        }
        out.append(indent(supplierTable.render(.table)))

        out.append("")
        out.append("Sales (order lines placed; units and revenue net of cancellations)")
        var salesTable = Table([
            .init("channel"), .init("order_lines", .number), .init("cancelled", .number), .init("units_sold", .number),
            .init("revenue", .number),
        ])
        var total = ChannelSales()
        for channel in channels {
            let sale = sales[channel.name] ?? ChannelSales()
            salesTable.add([
                channel.name, Self.grouped(sale.lines), Self.grouped(sale.cancelledLines), Self.grouped(sale.units - sale.cancelledUnits),
                Self.amount(sale.revenue),
            ])
            total.lines += sale.lines
            total.cancelledLines += sale.cancelledLines
            total.units += sale.units - sale.cancelledUnits
            total.revenue = total.revenue + sale.revenue
        }
        salesTable.add(["total", Self.grouped(total.lines), Self.grouped(total.cancelledLines), Self.grouped(total.units), Self.amount(total.revenue)])
        out.append(indent(salesTable.render(.table)))
        out.append("  \(Self.grouped(shippedLines)) lines shipped · \(Self.grouped(returnedUnits)) units returned · \(Self.grouped(countEvents)) cycle counts")

        out.append("")
        out.append("Today")
        out.append("  \(inStock) SKUs in stock · \(outOfStock.count) out of stock · \(oversold.count) oversold"
            + (oversold.isEmpty ? "" : " (\(oversold.prefix(4).joined(separator: ", ")))"))
        out.append("  \(withIncoming) SKUs with incoming: \(Self.grouped(incomingUnits)) units on \(Self.count(openPurchaseOrders, "open purchase order"))")
        out.append(
            "  \(Self.count(openLines, "open order line")) (placed, not yet shipped) · \(Self.count(heldSKUs, "SKU")) with held stock · "
                + "\(Self.count(unsellableUnits, "unit")) unsellable")
        if let stats {
            out.append(
                "  While generating: \(Self.grouped(stats.lostUnits)) units of demand lost to stockouts (never recorded; "
                    + "\(Self.grouped(stats.stockoutDays)) SKU-days with nothing available), "
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
    /// 1234567 → "1,234,567".
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return (value < 0 ? "-" : "") + result
    }

    /// "1 open order line", "3 open order lines".
    static func count(_ value: Int, _ noun: String) -> String { "\(grouped(value)) \(noun)\(value == 1 ? "" : "s")" }

    /// 1234567.5 → "1,234,567.50".
    static func amount(_ money: Money) -> String {
        let cents = money.cents.magnitude
        let fraction = cents % 100
        return (money.cents < 0 ? "-" : "") + grouped(Int(cents / 100)) + (fraction < 10 ? ".0" : ".") + "\(fraction)"
    }

    /// A path as a shell would need it typed (quoted only when it has to be).
    static func shellQuoted(_ text: String) -> String {
        let safe = text.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "/._-+=:@%,~".unicodeScalars.contains($0)) }
        return safe ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
