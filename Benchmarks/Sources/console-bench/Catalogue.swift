// The generated shop behind every console measurement: 100,000 SKUs of a homewares retailer
// with 90 days of channel orders, as batches of proposed changes. A pure function of the seed,
// so the in-memory state (frames, lookup, paint) and the store on disk (start-up) hold the same
// catalogue, the same quantities and the same history.
//
// What it makes (defaults):
// - 4 channels; 100,000 SKUs whose codes, titles and barcodes look like a real catalogue:
//   `MUG-STW041-SGE` / "Harbour Stoneware Mug - Sage" / an EAN-13 such as 5012345000417.
// - ~45,000 marketplace listings mapped to SKUs (ASINs on Amazon, item numbers on eBay).
// - Start-of-period stock (received), safety buffers on ~15%, incoming purchases on ~20%,
//   held units on ~4%, unsellable units on ~1%.
// - 90 days of order lines on ~60% of the SKUs (about 0.8M lines), each shipped 1–3 days later or
//   (1%) cancelled, so the last days' lines stay open (committed).
// - Quantities chosen so that at the end some SKUs are oversold (0.9% with the defaults), some
//   sit below their safety buffer (1.7%) and a long tail is out of stock (15%, available
//   exactly 0); the rest have stock.
// The rates are tuned so a 100k-SKU shop looks like a busy one: ~9,000 order lines a day.

import BenchSupport
import OnePoolCore

/// A small, fast, seeded generator (SplitMix64): the same seed gives the same shop.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0..<bound.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    /// [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// Index drawn with the given weights.
    mutating func weighted(_ weights: [Double]) -> Int {
        var target = unit() * weights.reduce(0, +)
        for (index, weight) in weights.enumerated() {
            target -= weight
            if target < 0 { return index }
        }
        return weights.count - 1
    }
}

/// One batch of changes with the time the journal gives it (one `transact`, or one fold).
struct ChangeBatch {
    var time: Timestamp
    var actor: UserName
    var changes: [ProposedChange]
}

/// The generated shop: the catalogue is made up front; `forEachBatch` streams the journal.
struct Shop {
    struct Product {
        var sku: SKU
        /// Mean order lines per day (0: never sells in the period).
        var rate: Double
    }

    static let channels: [Channel] = [
        Channel(name: "shopify", kind: .shopify), Channel(name: "amazon", kind: .amazon),
        Channel(name: "ebay", kind: .ebay), Channel(name: "wholesale", kind: .wholesale),
    ]

    let seed: UInt64
    let days: Int
    /// The last day of history (days since 1970): "today" for the console.
    let today: Int
    let products: [Product]

    /// 2026-11-27, so CivilDate texts in the activity pane look like real dates.
    static let defaultToday = 20_784

    init(skuCount: Int, days: Int = 90, seed: UInt64 = 7, today: Int = Shop.defaultToday) {
        self.seed = seed
        self.days = days
        self.today = today
        products = Self.catalogue(count: skuCount, seed: seed)
    }

    // MARK: - Catalogue

    private struct Kind {
        var name: String, code: String, materials: [(String, String)], variants: [(String, String)], price: ClosedRange<Int>
    }

    private static let colours = [
        ("Sage", "SGE"), ("Ochre", "OCH"), ("Navy", "NVY"), ("Charcoal", "CHR"), ("Cream", "CRM"), ("Terracotta", "TER"),
        ("Duck Egg", "DEG"), ("Blush", "BLS"), ("Forest", "FOR"), ("Mustard", "MUS"), ("Slate", "SLT"), ("Rust", "RST"),
    ]
    private static let sizes = [("Small", "S"), ("Medium", "M"), ("Large", "L"), ("Extra Large", "XL")]
    private static let scents = [
        ("Fig", "FIG"), ("Cedar", "CDR"), ("Amber", "AMB"), ("Neroli", "NER"), ("Sea Salt", "SEA"), ("Lavender", "LAV"),
    ]
    private static let kinds: [Kind] = [
        Kind(name: "Mug", code: "MUG", materials: [("Stoneware", "STW"), ("Enamel", "ENM"), ("Porcelain", "PRC")], variants: colours, price: 8...16),
        Kind(name: "Teapot", code: "TPT", materials: [("Stoneware", "STW"), ("Cast Iron", "CIR"), ("Glass", "GLS")], variants: colours, price: 24...48),
        Kind(name: "Chopping Board", code: "CHB", materials: [("Oak", "OAK"), ("Bamboo", "BAM"), ("Olive Wood", "OLV")], variants: sizes, price: 14...38),
        Kind(name: "Mixing Bowl", code: "MXB", materials: [("Stoneware", "STW"), ("Enamel", "ENM"), ("Glass", "GLS")], variants: sizes, price: 12...28),
        Kind(name: "Tea Towel", code: "TTW", materials: [("Cotton", "COT"), ("Linen", "LIN")], variants: colours, price: 6...12),
        Kind(name: "Cushion Cover", code: "CSH", materials: [("Linen", "LIN"), ("Velvet", "VLV"), ("Wool", "WOL")], variants: colours, price: 18...36),
        Kind(name: "Throw", code: "THR", materials: [("Wool", "WOL"), ("Cotton Waffle", "CWF"), ("Mohair", "MOH")], variants: colours, price: 45...95),
        Kind(name: "Candle", code: "CDL", materials: [("Soy Wax", "SOY"), ("Beeswax", "BEE")], variants: scents, price: 14...30),
        Kind(name: "Vase", code: "VAS", materials: [("Stoneware", "STW"), ("Glass", "GLS"), ("Ceramic", "CER")], variants: colours, price: 16...45),
        Kind(name: "Table Lamp", code: "LMP", materials: [("Ceramic", "CER"), ("Brass", "BRS"), ("Rattan", "RAT")], variants: colours, price: 45...120),
        Kind(name: "Storage Basket", code: "BSK", materials: [("Seagrass", "SGR"), ("Rattan", "RAT"), ("Felt", "FLT")], variants: sizes, price: 16...38),
        Kind(name: "Water Bottle", code: "BTL", materials: [("Stainless", "SST"), ("Insulated Steel", "INS")], variants: colours, price: 15...32),
        Kind(name: "Picnic Blanket", code: "PCB", materials: [("Wool", "WOL"), ("Waterproof", "WPF")], variants: colours, price: 28...65),
        Kind(name: "Lantern", code: "LTN", materials: [("Solar", "SOL"), ("Battery", "BAT")], variants: colours, price: 16...38),
        Kind(name: "Notebook", code: "NBK", materials: [("Linen", "LIN"), ("Recycled", "REC"), ("Leather", "LTH")], variants: colours, price: 8...24),
        Kind(name: "Fountain Pen", code: "PEN", materials: [("Resin", "RES"), ("Brass", "BRS")], variants: colours, price: 25...70),
        Kind(name: "Dog Bed", code: "DBD", materials: [("Cord", "CRD"), ("Fleece", "FLC"), ("Waterproof", "WPF")], variants: sizes, price: 35...80),
        Kind(name: "Dog Lead", code: "LED", materials: [("Leather", "LTH"), ("Rope", "ROP")], variants: colours, price: 15...32),
        Kind(name: "Pet Bowl", code: "BWL", materials: [("Stoneware", "STW"), ("Stainless", "SST")], variants: sizes, price: 10...22),
        Kind(name: "Bath Towel", code: "BTW", materials: [("Cotton", "COT"), ("Waffle", "WAF"), ("Linen", "LIN")], variants: colours, price: 18...40),
        Kind(name: "Soap Bar", code: "SOP", materials: [("Olive Oil", "OLV"), ("Goat Milk", "GMK")], variants: scents, price: 5...9),
        Kind(name: "Bath Mat", code: "BMT", materials: [("Cotton", "COT"), ("Teak", "TEK")], variants: colours, price: 20...45),
    ]
    /// Collection names: the first word of every title, so title-word lookups have variety.
    private static let collections = [
        "Harbour", "Heritage", "Studio", "Coastal", "Nordic", "Classic", "Artisan", "Everyday", "Signature", "Meadow",
        "Orchard", "Fjord", "Juniper", "Willow", "Bramble", "Hearth", "Atlas", "Linden", "Marlow", "Ember", "Tidal",
        "Aurora", "Cobble", "Thistle", "Rowan", "Saltmarsh", "Kestrel", "Larch", "Pebble", "Copse",
    ]

    private static func catalogue(count: Int, seed: UInt64) -> [Product] {
        var random = SeededRandom(seed: seed)
        var products: [Product] = []
        products.reserveCapacity(count)
        var familyNumbers: [String: Int] = [:]
        let companies = [12_345, 40_817, 73_002]
        while products.count < count {
            // A family: one kind, material and collection in 2–5 colours, sizes or scents.
            let kind = random.pick(kinds)
            let material = random.pick(kind.materials)
            let collection = random.pick(collections)
            let familyKey = kind.code + material.1
            let family = familyNumbers[familyKey, default: 0] + 1
            familyNumbers[familyKey] = family
            let size = min(count - products.count, kind.variants.count, random.int(2...5))
            let start = random.below(kind.variants.count - size + 1)
            let basePrice = random.int(kind.price)
            let popular = random.chance(0.65)
            for variant in kind.variants[start..<(start + size)] {
                let index = products.count
                // Codes run past 999 families per kind and material for a big catalogue: MUG-STW1041-SGE.
                let number = family < 1000 ? String(1000 + family).dropFirst() : Substring(String(family))
                let code = "\(kind.code)-\(material.1)\(number)-\(variant.1)"
                let title = "\(collection) \(material.0) \(kind.name) - \(variant.0)"
                let barcode = random.chance(0.97)
                    ? ean13(company: companies[index % companies.count], item: index / companies.count % 100_000) : nil
                let price = Money(cents: Int64(basePrice) * 100 - 1)
                let sku = SKU(
                    code: SKUCode(code), title: title, barcode: barcode, category: nil, unitCost: Money(cents: price.cents * 2 / 5),
                    price: price, supplier: nil, leadTimeDays: nil)
                // About 0.8M lines over 90 days across ~60% of the catalogue: a long tail, a few heroes.
                var rate = 0.0
                if popular && random.chance(0.85) || random.chance(0.15) {
                    rate = 0.02 + random.unit() * random.unit() * 0.45
                    if random.chance(0.01) { rate *= 12 }
                }
                products.append(Product(sku: sku, rate: rate))
            }
        }
        return products
    }

    /// An EAN-13: "50", a company number, an item number, the check digit.
    static func ean13(company: Int, item: Int) -> String {
        let body = "50" + String(100_000 + company).dropFirst() + String(100_000 + item).dropFirst()
        var sum = 0
        for (index, byte) in body.utf8.enumerated() {
            let digit = Int(byte) - 48
            sum += index % 2 == 0 ? digit : digit * 3
        }
        return body + String((10 - sum % 10) % 10)
    }

    // MARK: - The journal

    /// A fixed hour of a day, in the store's zone (UTC here).
    func time(day: Int, minute: Int) -> Timestamp {
        Timestamp(millisecondsSince1970: (Int64(day) * 1440 + Int64(minute)) * 60_000)
    }

    /// Streams the journal as batches, oldest first: the catalogue (10,000 SKUs a batch), the
    /// opening stock, then one batch per day of order lines, shipments and cancellations.
    /// `batchLimit` splits larger batches (a day has ~11,000 placed lines and as many shipments).
    func forEachBatch(batchLimit: Int = 20_000, _ body: (ChangeBatch) throws -> Void) rethrows {
        var random = SeededRandom(seed: seed &+ 1)
        let firstDay = today - days + 1
        func emit(_ changes: [ProposedChange], time: Timestamp, actor: UserName) throws {
            var start = 0
            while start < changes.count {
                let end = min(changes.count, start + batchLimit)
                try body(ChangeBatch(time: time, actor: actor, changes: Array(changes[start..<end])))
                start = end
            }
        }

        // 1. Channels and catalogue, the day before the period.
        let setupTime = time(day: firstDay - 1, minute: 8 * 60)
        try emit(Self.channels.map { ProposedChange(.channelAdded($0)) }, time: setupTime, actor: "setup")
        try emit(products.map { ProposedChange(.skuCreated($0.sku)) }, time: setupTime, actor: "import:catalogue")
        // Listings of their own ids on the marketplaces, mapped to SKUs (what a starvation verdict
        // reads): ASINs on Amazon for ~30%, item numbers on eBay for ~15%. Drawn from a generator
        // of their own, so the rest of the shop is the same as without them.
        var listingRandom = SeededRandom(seed: seed &+ 0x4C15)
        var mappings: [ProposedChange] = []
        for (index, product) in products.enumerated() {
            if listingRandom.chance(0.3) {
                let asin = "B0" + String(1_500_000_000 + index * 37, radix: 36).uppercased()
                mappings.append(ProposedChange(.listingMapped(ListingKey(channel: "amazon", listing: asin), ListingMapping(sku: product.sku.code))))
            }
            if listingRandom.chance(0.15) {
                let item = String(110_000_000_000 + index * 7)
                mappings.append(ProposedChange(.listingMapped(ListingKey(channel: "ebay", listing: item), ListingMapping(sku: product.sku.code))))
            }
        }
        try emit(mappings, time: setupTime, actor: "import:listings")

        // 2. Plan every order line: day, channel, quantity, and its fate (shipped on a later day,
        //    cancelled, or still open at the end).
        struct Line {
            var product: Int32, quantity: Int8, channel: Int8, fate: Int8  // fate: days to ship; 0 cancelled next day
            var day: Int32, minute: Int16, order: Int32 = 0, lineNumber: Int8 = 1
        }
        var lines: [Line] = []
        lines.reserveCapacity(1_100_000)
        var shipped = [Int32](repeating: 0, count: products.count)
        var open = [Int32](repeating: 0, count: products.count)
        for (index, product) in products.enumerated() where product.rate > 0 {
            for offset in 0..<days {
                // Poisson-ish: whole lines from the rate, then a chance for the fraction.
                var count = Int(product.rate)
                if random.chance(product.rate - Double(count)) { count += 1 }
                for _ in 0..<count {
                    let quantity = random.weighted([0.8, 0.15, 0.05]) + 1
                    let fate = random.chance(0.01) ? 0 : random.int(1...3)
                    let line = Line(
                        product: Int32(index), quantity: Int8(quantity), channel: Int8(random.weighted([0.45, 0.35, 0.15, 0.05])),
                        fate: Int8(fate), day: Int32(firstDay + offset), minute: Int16(random.int(6 * 60...23 * 60)))
                    lines.append(line)
                    if firstDay + offset + max(1, fate) > today {
                        open[index] += Int32(quantity)  // still open at the end: committed
                    } else if fate > 0 {
                        shipped[index] += Int32(quantity)
                    }
                }
            }
        }
        // Orders are numbered in time order, two lines an order (on the first line's channel).
        lines.sort { ($0.day, $0.minute, $0.product) < ($1.day, $1.minute, $1.product) }
        for index in lines.indices {
            lines[index].order = Int32(100_000 + index / 2)
            lines[index].lineNumber = Int8(index % 2 + 1)
            lines[index].channel = lines[index - index % 2].channel
        }

        // 3. Opening stock, chosen so the end state has every condition the console shows.
        var opening: [ProposedChange] = []
        var holds: [ProposedChange] = []
        for (index, product) in products.enumerated() {
            let code = product.sku.code
            let sold = Int(shipped[index]), committed = Int(open[index])
            let safety = random.chance(0.15) ? random.int(1...6) : 0
            let held = random.chance(0.04) ? random.int(1...8) : 0
            let unsellable = random.chance(0.01) ? random.int(1...3) : 0
            let reserved = committed + held + unsellable
            var received: Int
            let roll = random.unit()
            if committed > 0 && roll < 0.06 {
                received = sold + max(0, reserved - random.int(1...committed))  // oversold
            } else if safety > 0 && roll < 0.12 {
                received = sold + reserved + random.int(0...safety - 1)  // into the safety buffer
            } else if roll < 0.17 {
                received = sold + reserved + safety  // out of stock: nothing available
            } else {
                received = sold + reserved + safety + 1 + Int(product.rate * Double(random.int(5...60))) + random.int(0...40)
            }
            received = max(received, held + unsellable)
            if received > 0 {
                opening.append(ProposedChange(.received(sku: code, quantity: received, reference: "opening count", fromIncoming: 0)))
            }
            if safety > 0 { opening.append(ProposedChange(.safetySet(sku: code, quantity: safety))) }
            if random.chance(0.2) {
                opening.append(ProposedChange(.incomingChanged(sku: code, delta: random.int(6...120), reference: "PO-\(4000 + index % 9000)")))
            }
            if held > 0 { holds.append(ProposedChange(.held(sku: code, quantity: held, reason: "set aside for a wholesale order"))) }
            if unsellable > 0 {
                holds.append(ProposedChange(.markedUnsellable(sku: code, quantity: unsellable, reason: "damaged in the warehouse")))
            }
        }
        try emit(opening, time: time(day: firstDay - 1, minute: 9 * 60), actor: "import:stock")
        try emit(holds, time: time(day: firstDay - 1, minute: 10 * 60), actor: "warehouse")

        // 4. Day by day: that day's placed lines, then the shipments and cancellations due.
        func facts(_ line: Line) -> OrderLineFacts {
            let product = products[Int(line.product)]
            return OrderLineFacts(
                id: OrderLineID(channel: Self.channels[Int(line.channel)].name, order: String(line.order), line: Int(line.lineNumber)),
                sku: product.sku.code, quantity: Int(line.quantity), unitPrice: product.sku.price,
                time: time(day: Int(line.day), minute: Int(line.minute)))
        }
        var due: [Int: [Int]] = [:]  // day → indices of lines that ship or are cancelled that day
        var cursor = 0
        for day in firstDay...today {
            var changes: [ProposedChange] = []
            while cursor < lines.count && Int(lines[cursor].day) == day {
                let line = lines[cursor]
                let placed = facts(line)
                changes.append(ProposedChange(.orderPlaced(placed), idempotencyKey: "order:\(placed.id.channel):\(placed.id.order):\(placed.id.line)"))
                let closeDay = day + max(1, Int(line.fate))
                if closeDay <= today { due[closeDay, default: []].append(cursor) }
                cursor += 1
            }
            for index in due.removeValue(forKey: day) ?? [] {
                let line = lines[index]
                let closed = facts(line)
                let key = "\(closed.id.channel):\(closed.id.order):\(closed.id.line)"
                if line.fate == 0 {
                    changes.append(ProposedChange(.orderCancelled(closed), idempotencyKey: "cancel:" + key))
                } else {
                    changes.append(ProposedChange(.orderShipped(closed), idempotencyKey: "ship:" + key))
                }
            }
            try emit(changes, time: time(day: day, minute: 23 * 60 + 30), actor: "import:channels")
        }
    }
}
