// The generated day-one files: a catalogue (OnePool's generic catalogue CSV) and a Shopify
// orders export in the header and layout of ../shared/samples/shopify_orders_export.csv, both a
// pure function of the seed.

import BenchSupport
import OnePoolCore

/// The header of Shopify's orders export, as in the sample (79 columns).
let shopifyHeader = [
    "Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at", "Accepts Marketing", "Currency",
    "Subtotal", "Shipping", "Taxes", "Total", "Discount Code", "Discount Amount", "Shipping Method", "Created at",
    "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem compare at price", "Lineitem sku",
    "Lineitem requires shipping", "Lineitem taxable", "Lineitem fulfillment status", "Billing Name", "Billing Street",
    "Billing Address1", "Billing Address2", "Billing Company", "Billing City", "Billing Zip", "Billing Province",
    "Billing Country", "Billing Phone", "Shipping Name", "Shipping Street", "Shipping Address1", "Shipping Address2",
    "Shipping Company", "Shipping City", "Shipping Zip", "Shipping Province", "Shipping Country", "Shipping Phone", "Notes",
    "Note Attributes", "Cancelled at", "Payment Method", "Payment Reference", "Refunded Amount", "Vendor",
    "Outstanding Balance", "Employee", "Location", "Device ID", "Id", "Tags", "Risk Level", "Source", "Lineitem discount",
    "Tax 1 Name", "Tax 1 Value", "Tax 2 Name", "Tax 2 Value", "Tax 3 Name", "Tax 3 Value", "Tax 4 Name", "Tax 4 Value",
    "Tax 5 Name", "Tax 5 Value", "Phone", "Receipt Number", "Duties", "Billing Province Name", "Shipping Province Name",
    "Payment ID", "Payment Terms Name", "Next Payment Due At", "Payment References",
]

/// The shape of the generated shop.
struct ExportPlan {
    var lines: Int
    var skus: Int
    var seed: UInt64
    /// Orders span this many days, ending at `end`.
    var days = 120
    /// 2024-09-01T00:00:00Z.
    var end = Timestamp(secondsSince1970: 1_725_148_800)
    /// The catalogue's counts are as of 20 days before the end: lines shipped before that are
    /// demand history only, lines shipped after it take their units off on hand.
    var countDaysBeforeEnd = 20

    var asOf: Timestamp { Timestamp(millisecondsSince1970: end.millisecondsSince1970 - Int64(countDaysBeforeEnd) * 86_400_000) }
    var ordersFile: String { "shopify-orders-\(lines)-s\(seed).csv" }
    var catalogueFile: String { "catalogue-\(skus)-s\(seed).csv" }
}

/// A SKU of the generated catalogue.
struct GeneratedSKU {
    var code: String
    var title: String
    var priceCents: Int
    var compareAtCents: Int?
}

private let kinds: [(code: String, name: String)] = [
    ("MUG", "Enamel Mug"), ("TOTE", "Tote Bag, Organic Cotton"), ("SKIL", "\" Cast Iron Skillet"), ("TORCH", "Crème-brûlée Brenner"),
    ("MATCHA", "抹茶 Matcha Tin"), ("CNDL", "Soy Candle"), ("PLATE", "Stoneware Plate"), ("BOWL", "Ramen Bowl"),
    ("TOWEL", "Linen Tea Towel"), ("KNIFE", "Paring Knife"), ("JAR", "Glass Storage Jar"), ("BOARD", "Olive Wood Board"),
]
private let variants: [(code: String, name: String)] = [
    ("BLK", "Black"), ("WHT", "White"), ("SGE", "Sage"), ("NAT", "Natural"), ("RED", "Rot – Größe M"), ("BLU", "Blue / 12oz"),
    ("GRY", "Grey"), ("OCH", "Ochre"),
]

func generatedCatalogue(_ plan: ExportPlan) -> [GeneratedSKU] {
    var random = SeededRandom(seed: plan.seed &* 31 &+ 1)
    var skus: [GeneratedSKU] = []
    skus.reserveCapacity(plan.skus)
    for index in 0..<plan.skus {
        let kind = kinds[index % kinds.count]
        let variant = variants[(index / kinds.count) % variants.count]
        let family = index / (kinds.count * variants.count)
        let code = "\(kind.code)-\(pad(family, 4))-\(variant.code)"
        let name = kind.code == "SKIL" ? "\(8 + family % 8)\(kind.name)" : "\(kind.name) \(family)"
        let price = 499 + random.below(9_500)
        skus.append(GeneratedSKU(
            code: code, title: "\(name) - \(variant.name)", priceCents: price,
            compareAtCents: random.chance(0.15) ? price + 500 : nil))
    }
    return skus
}

/// OnePool's generic catalogue CSV: `sku,title,barcode,cost,price,on_hand`.
func catalogueCSV(_ plan: ExportPlan, _ skus: [GeneratedSKU]) -> [UInt8] {
    var random = SeededRandom(seed: plan.seed &* 31 &+ 2)
    var out = CSVOut()
    out.row(["sku", "title", "barcode", "cost", "price", "on_hand"])
    for (index, sku) in skus.enumerated() {
        let barcode = "50" + pad(4_000_000_000 + index, 10)
        out.row([sku.code, sku.title, barcode, money(sku.priceCents * 2 / 5), money(sku.priceCents), "\(random.below(400))"])
    }
    return out.bytes
}

/// What the export generator made, for the notes.
struct ExportStats {
    var orders = 0
    var lines = 0
    var cancelledOrders = 0
    var openLines = 0
    var fulfilledLines = 0
    var multilineNotes = 0
    var customLines = 0
    var retiredLines = 0
    var bytes = 0
}

private struct Person {
    var name: String
    var street: String
    var address2: String
    var company: String
    var city: String
    var zip: String
    var province: String
    var country: String
    var phone: String
    var provinceName: String
}

private struct Zone {
    var offsetMinutes: Int
    var currency: String
    var method: String
    var tax: String
    var person: Person
}

private let zones: [Zone] = [
    Zone(offsetMinutes: -240, currency: "USD", method: "Standard", tax: "MA State Tax 6.25%", person: Person(
        name: "Ann Example", street: "1 Main St", address2: "", company: "", city: "Springfield", zip: "'01101", province: "MA",
        country: "US", phone: "+1 413-555-0100", provinceName: "Massachusetts")),
    Zone(offsetMinutes: -420, currency: "USD", method: "Standard", tax: "", person: Person(
        name: "Lee Tester", street: "500 Pine Ave", address2: "", company: "", city: "Portland", zip: "97205", province: "OR",
        country: "US", phone: "", provinceName: "Oregon")),
    Zone(offsetMinutes: 120, currency: "EUR", method: "DHL Paket", tax: "DE MwSt 19%", person: Person(
        name: "Jörg Müller", street: "Königstraße 12", address2: "", company: "Müller & Söhne GmbH", city: "Stuttgart", zip: "70173",
        province: "BW", country: "DE", phone: "+49 711 5550100", provinceName: "")),
    Zone(offsetMinutes: 60, currency: "EUR", method: "Standard", tax: "", person: Person(
        name: "O'Brien, Pat", street: "77 Harbour Rd Unit 4", address2: "Unit 4", company: "", city: "Cork", zip: "T12 X2YZ",
        province: "CO", country: "IE", phone: "", provinceName: "")),
    Zone(offsetMinutes: 0, currency: "GBP", method: "Royal Mail 2nd Class", tax: "", person: Person(
        name: "Sam Sample", street: "12 High St", address2: "", company: "", city: "Leeds", zip: "LS1 1AA", province: "ENG",
        country: "GB", phone: "", provinceName: "")),
    Zone(offsetMinutes: 540, currency: "JPY", method: "ヤマト運輸", tax: "JP Consumption Tax 10%", person: Person(
        name: "山田 花子", street: "千代田1-1", address2: "", company: "", city: "千代田区", zip: "100-0001", province: "JP-13",
        country: "JP", phone: "+81 3-5555-0100", provinceName: "Tokyo")),
]

/// The orders export: `plan.lines` rows (line items), 1–4 per order, order fields on each
/// order's first row only. About 2% of orders are cancelled; orders of the last two days are
/// unfulfilled; older ones are fulfilled 1–3 days after they were placed (3% partially, 1% not
/// at all); 0.5% of lines are custom items without a SKU and 0.5% name a retired SKU that is not
/// in the catalogue (they wait in the unmapped queue); 1% of orders carry a quoted note that
/// spans two lines.
func shopifyOrdersCSV(_ plan: ExportPlan, _ skus: [GeneratedSKU]) -> (bytes: [UInt8], stats: ExportStats) {
    var random = SeededRandom(seed: plan.seed &* 31 &+ 3)
    let column = Dictionary(uniqueKeysWithValues: shopifyHeader.enumerated().map { ($1, $0) })
    func at(_ name: String) -> Int { column[name]! }
    let name = at("Name"), email = at("Email"), financial = at("Financial Status"), paidAt = at("Paid at")
    let fulfillment = at("Fulfillment Status"), fulfilledAt = at("Fulfilled at"), marketing = at("Accepts Marketing")
    let currency = at("Currency"), subtotal = at("Subtotal"), shipping = at("Shipping"), taxes = at("Taxes"), total = at("Total")
    let discountCode = at("Discount Code"), discountAmount = at("Discount Amount"), method = at("Shipping Method")
    let created = at("Created at"), quantity = at("Lineitem quantity"), itemName = at("Lineitem name")
    let price = at("Lineitem price"), compareAt = at("Lineitem compare at price"), sku = at("Lineitem sku")
    let requiresShipping = at("Lineitem requires shipping"), taxable = at("Lineitem taxable")
    let itemStatus = at("Lineitem fulfillment status"), notes = at("Notes"), noteAttributes = at("Note Attributes")
    let cancelledAt = at("Cancelled at"), paymentMethod = at("Payment Method"), paymentReference = at("Payment Reference")
    let refunded = at("Refunded Amount"), vendor = at("Vendor"), outstanding = at("Outstanding Balance"), id = at("Id")
    let tags = at("Tags"), risk = at("Risk Level"), source = at("Source"), lineDiscount = at("Lineitem discount")
    let tax1Name = at("Tax 1 Name"), tax1Value = at("Tax 1 Value"), phone = at("Phone")
    let billingProvinceName = at("Billing Province Name"), shippingProvinceName = at("Shipping Province Name")
    let paymentID = at("Payment ID"), paymentReferences = at("Payment References")
    let addressColumns = ["Name", "Street", "Address1", "Address2", "Company", "City", "Zip", "Province", "Country", "Phone"]
    let billing = addressColumns.map { at("Billing " + $0) }, shippingAddress = addressColumns.map { at("Shipping " + $0) }

    var out = CSVOut(capacity: plan.lines * 260)
    out.row(shopifyHeader)
    var stats = ExportStats()
    let averageLines = 2.15
    let orderCount = Int(Double(plan.lines) / averageLines)
    let spanMs = Int64(plan.days) * 86_400_000
    let startMs = plan.end.millisecondsSince1970 - spanMs
    var row = [String](repeating: "", count: shopifyHeader.count)
    var order = 0
    while stats.lines < plan.lines {
        let lineCount = min(plan.lines - stats.lines, pickLineCount(&random))
        let createdMs = startMs + Int64(Double(spanMs) * Double(order) / Double(max(orderCount, order + 1))) + Int64(random.below(60_000))
        let zone = zones[random.below(zones.count)]
        let ageDays = Double(plan.end.millisecondsSince1970 - createdMs) / 86_400_000
        let cancelled = random.chance(0.02)
        enum Fulfilment { case all, partial, none }
        let fulfilment: Fulfilment =
            cancelled || ageDays < 2 ? .none
            : ageDays < 4 ? (random.chance(0.5) ? .all : .none)
            : random.chance(0.96) ? .all : random.chance(0.75) ? .partial : .none
        let shippedMs = min(createdMs + Int64(86_400_000 + random.below(2 * 86_400_000)), plan.end.millisecondsSince1970 - 60_000)
        let partialRefund = !cancelled && random.chance(0.02)
        let orderNumber = 1001 + order
        let customer = random.below(150_000)
        let orderName = "#\(orderNumber)"
        let customerEmail = "customer\(customer)@example.com"

        var items: [(sku: GeneratedSKU?, code: String, units: Int)] = []
        var subtotalCents = 0
        for _ in 0..<lineCount {
            let units = 1 + (random.chance(0.8) ? 0 : random.below(3))
            let roll = random.unit()
            if roll < 0.005 {
                items.append((nil, "", units))
                subtotalCents += 1100 * units
                stats.customLines += 1
            } else if roll < 0.010 {
                items.append((nil, "RETIRED-\(pad(random.below(500), 4))", units))
                subtotalCents += 1999 * units
                stats.retiredLines += 1
            } else {
                let u = random.unit()
                let chosen = skus[min(skus.count - 1, Int(Double(skus.count) * u * u))]
                items.append((chosen, chosen.code, units))
                subtotalCents += chosen.priceCents * units
            }
        }
        let shippingCents = [0, 490, 500, 600, 395][random.below(5)]
        let taxCents = zone.tax.isEmpty ? 0 : subtotalCents * 6 / 100
        for (position, item) in items.enumerated() {
            for index in row.indices { row[index] = "" }
            row[name] = orderName
            row[email] = customerEmail
            if position == 0 {
                row[financial] = cancelled ? (random.chance(0.5) ? "voided" : "refunded") : partialRefund ? "partially_refunded" : "paid"
                if row[financial] != "voided" { row[paidAt] = shopifyTime(createdMs + 12_000, zone.offsetMinutes) }
                row[fulfillment] = fulfilment == .all ? "fulfilled" : fulfilment == .partial ? "partial" : "unfulfilled"
                if fulfilment == .all { row[fulfilledAt] = shopifyTime(shippedMs, zone.offsetMinutes) }
                row[marketing] = random.chance(0.3) ? "yes" : "no"
                row[currency] = zone.currency
                row[subtotal] = money(subtotalCents)
                row[shipping] = money(shippingCents)
                row[taxes] = money(taxCents)
                row[total] = money(subtotalCents + shippingCents + taxCents)
                let discounted = random.chance(0.1)
                row[discountCode] = discounted ? "FRÜHLING10" : ""
                row[discountAmount] = money(discounted ? subtotalCents / 10 : 0)
                row[method] = zone.method
                row[created] = shopifyTime(createdMs, zone.offsetMinutes)
                let person = zone.person
                let address = [person.name, person.street, person.street, person.address2, person.company, person.city, person.zip,
                               person.province, person.country, person.phone]
                for (index, value) in address.enumerated() {
                    row[billing[index]] = value
                    row[shippingAddress[index]] = value
                }
                if random.chance(0.01) {
                    row[notes] = "Leave at the back door,\nring bell twice."
                    stats.multilineNotes += 1
                } else if cancelled {
                    row[notes] = "Customer cancelled: ordered wrong colour"
                }
                if random.chance(0.02) { row[noteAttributes] = "gift_message: Happy birthday, \"Sam\"!" }
                if cancelled { row[cancelledAt] = shopifyTime(createdMs + 3_600_000 + Int64(random.below(36_000_000)), zone.offsetMinutes) }
                row[paymentMethod] = "Shopify Payments"
                row[paymentReference] = "c\(9_000_000_000 + order).1"
                row[refunded] = money(partialRefund ? 1499 : cancelled && row[financial] == "refunded" ? subtotalCents : 0)
                row[outstanding] = "0.00"
                row[id] = "\(5_550_000_000_000 + order)"
                row[tags] = random.chance(0.1) ? "VIP, repeat" : ""
                row[risk] = random.chance(0.95) ? "Low" : "Medium"
                row[source] = random.chance(0.85) ? "web" : "pos"
                row[tax1Name] = zone.tax
                row[tax1Value] = zone.tax.isEmpty ? "" : money(taxCents)
                row[phone] = zone.person.phone
                row[billingProvinceName] = zone.person.provinceName
                row[shippingProvinceName] = zone.person.provinceName
                row[paymentID] = row[paymentReference]
                row[paymentReferences] = row[paymentReference]
            }
            row[quantity] = "\(item.units)"
            if let chosen = item.sku {
                row[itemName] = chosen.title
                row[price] = money(chosen.priceCents)
                row[compareAt] = chosen.compareAtCents.map(money) ?? ""
            } else if item.code.isEmpty {
                row[itemName] = "Gift wrapping (custom item)"
                row[price] = "11.00"
            } else {
                row[itemName] = "Retired item \(item.code)"
                row[price] = "19.99"
            }
            row[sku] = item.code
            row[requiresShipping] = item.code.isEmpty ? "false" : "true"
            row[taxable] = row[requiresShipping]
            let lineShipped = fulfilment == .all || (fulfilment == .partial && position == 0)
            row[itemStatus] = lineShipped ? "fulfilled" : "pending"
            row[vendor] = "Northwind Goods"
            row[lineDiscount] = "0.00"
            out.row(row)
            stats.lines += 1
            if cancelled {
                // counted with the order
            } else if lineShipped {
                stats.fulfilledLines += 1
            } else {
                stats.openLines += 1
            }
        }
        if cancelled { stats.cancelledOrders += 1 }
        stats.orders += 1
        order += 1
    }
    stats.bytes = out.bytes.count
    return (out.bytes, stats)
}

/// 1: 35%, 2: 30%, 3: 20%, 4: 15% (2.15 lines an order).
private func pickLineCount(_ random: inout SeededRandom) -> Int {
    let roll = random.below(100)
    return roll < 35 ? 1 : roll < 65 ? 2 : roll < 85 ? 3 : 4
}

/// "2024-05-01 10:00:03 -0400": Shopify's layout, in the order's own zone.
func shopifyTime(_ utcMs: Int64, _ offsetMinutes: Int) -> String {
    let local = utcMs / 1000 + Int64(offsetMinutes * 60)
    let day = Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
    let seconds = Int(local - Int64(day) * 86_400)
    let date = CivilDate(dayNumber: day)
    let sign = offsetMinutes < 0 ? "-" : "+"
    let offset = abs(offsetMinutes)
    return "\(date) \(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2)) \(sign)\(pad(offset / 60, 2))\(pad(offset % 60, 2))"
}

func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}

/// "12.99" from cents.
func money(_ cents: Int) -> String { "\(cents / 100).\(pad(cents % 100, 2))" }

/// RFC 4180 rows into a byte buffer: a field with a comma, quote or line break is quoted, its
/// quotes doubled; rows end in LF.
struct CSVOut {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func row(_ fields: [String]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            let utf8 = field.utf8
            if utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) {
                bytes.append(34)
                for byte in utf8 {
                    if byte == 34 { bytes.append(34) }
                    bytes.append(byte)
                }
                bytes.append(34)
            } else {
                bytes.append(contentsOf: utf8)
            }
        }
        bytes.append(10)
    }
}
