import Foundation
import OnePoolCore

/// The demo shop's catalogue, channels, suppliers and wholesale customers: who sells what,
/// bought from whom, and how fast each SKU tends to sell. Pure data plus a seeded draw.
enum DemoCategory: String, CaseIterable, Sendable {
    case kitchen, home, outdoor, stationery, pet, bath

    /// Share of the catalogue in this category.
    var weight: Double {
        switch self {
        case .kitchen: 0.22
        case .home: 0.20
        case .outdoor: 0.16
        case .stationery: 0.14
        case .pet: 0.14
        case .bath: 0.14
        }
    }

    /// How likely each supplier (by index into `DemoSupplier.all`) is to make this category.
    var supplierWeights: [Double] {
        switch self {
        case .kitchen: [0.55, 0.45, 0]
        case .home: [0.40, 0.60, 0]
        case .outdoor: [0.10, 0.20, 0.70]
        case .stationery: [0.85, 0.15, 0]
        case .pet: [0.50, 0, 0.50]
        case .bath: [0.50, 0.50, 0]
        }
    }

    /// Yearly demand shape (multiplier around 1) for a 0-based day of the year.
    func season(dayOfYear: Int) -> Double {
        let y = Double(dayOfYear) / 365.25
        func bump(_ centre: Double, _ width: Double) -> Double {
            let distance = Double(dayOfYear) - centre
            return exp(-(distance * distance) / (2 * width * width))
        }
        switch self {
        case .outdoor: return 1 + 0.55 * cos(2 * Double.pi * (y - 0.5))  // summer high, winter low
        case .kitchen: return 0.95 + 0.55 * bump(340, 14) + 0.15 * bump(10, 8)  // Christmas, January resolutions
        case .home: return 0.92 + 0.60 * bump(338, 16) + 0.15 * cos(2 * Double.pi * y)  // Christmas, cosy winters
        case .stationery: return 0.95 + 0.70 * bump(245, 12) + 0.35 * bump(8, 10)  // back to school, new year
        case .pet: return 1 + 0.08 * cos(2 * Double.pi * (y - 0.55))
        case .bath: return 0.95 + 0.50 * bump(345, 12) + 0.2 * bump(44, 5)  // gift sets
        }
    }
}

/// A supplier's habits: lead time, how it packs, what it will accept, how reliable it is, and
/// how the buyer orders from it (review days, how many days of cover an order buys).
struct DemoSupplier: Sendable {
    var name: String
    var leadTimeDays: Int
    var casePacks: [Int]
    /// The minimum order, in cases of the SKU's case pack.
    var minimumCases: ClosedRange<Int>
    /// Weekdays (0 = Monday) on which the buyer reviews this supplier's SKUs.
    var reviewWeekdays: [Int]
    var coverDays: Double
    var lateChance: Double
    var lateDays: ClosedRange<Int>
    var shortChance: Double

    static let all: [DemoSupplier] = [
        DemoSupplier(
            name: "Hartwell & Co", leadTimeDays: 6, casePacks: [6, 12], minimumCases: 1...2, reviewWeekdays: [0, 3],
            coverDays: 14, lateChance: 0.08, lateDays: 1...4, shortChance: 0.02),
        DemoSupplier(
            name: "Ningbo Bright Homewares", leadTimeDays: 45, casePacks: [24, 36, 48], minimumCases: 3...5,
            reviewWeekdays: [1], coverDays: 45, lateChance: 0.30, lateDays: 3...14, shortChance: 0.08),
        DemoSupplier(
            name: "Fjord Outdoor Supply", leadTimeDays: 18, casePacks: [10, 20], minimumCases: 2...4,
            reviewWeekdays: [2],
            coverDays: 28, lateChance: 0.15, lateDays: 2...7, shortChance: 0.04),
    ]
}

/// A wholesale customer: orders every couple of weeks, many lines, whole inner packs.
struct DemoWholesaleCustomer: Sendable {
    var name: String
    var categories: Set<DemoCategory>
    /// Mean business days between orders.
    var orderEvery: Double

    static let all: [DemoWholesaleCustomer] = [
        DemoWholesaleCustomer(name: "Harbour Stores", categories: [.kitchen, .home, .bath], orderEvery: 9),
        DemoWholesaleCustomer(name: "Greenleaf Gifts", categories: [.home, .stationery, .bath], orderEvery: 14),
        DemoWholesaleCustomer(name: "Fernside Garden Centre", categories: [.outdoor, .pet, .kitchen], orderEvery: 12),
        DemoWholesaleCustomer(name: "Pawsome Pet Supplies", categories: [.pet], orderEvery: 10),
    ]
}

/// The sales channels, in the order their demand is drawn.
public enum DemoChannel: Int, CaseIterable, Sendable {
    case shopify, amazon, ebay, wholesale

    var channel: Channel {
        switch self {
        case .shopify: Channel(name: "shopify", kind: .shopify)
        case .amazon: Channel(name: "amazon", kind: .amazon)
        case .ebay: Channel(name: "ebay", kind: .ebay)
        case .wholesale: Channel(name: "wholesale", kind: .wholesale)
        }
    }

    public var name: ChannelName { channel.name }

    /// How the demo shop shares its pool: wholesale, Amazon and eBay are each capped at a share
    /// of the SKU's stock (20%, 30%, 20%: together under the whole, so none of them takes what
    /// the next one needs), and the own web shop is served last with everything left — at
    /// least 30%, and all of a SKU down to its last few units. No channel is starved by the
    /// channels before it, as a shop would set it up (a fixed wholesale promise served first
    /// would take the whole pool of every small SKU).
    var settings: ChannelSettings {
        switch self {
        case .wholesale: ChannelSettings(rule: ChannelRule(priority: 1, cap: .percent(20)), format: .generic)
        case .amazon: ChannelSettings(rule: ChannelRule(priority: 2, cap: .percent(30)), format: .amazon)
        case .ebay: ChannelSettings(rule: ChannelRule(priority: 3, cap: .percent(20)), format: .generic)
        case .shopify: ChannelSettings(rule: ChannelRule(priority: 4), format: .shopify)
        }
    }

    static let web: [DemoChannel] = [.shopify, .amazon, .ebay]

    /// Weekday multipliers, Monday first: web shoppers buy at the weekend; wholesale never does.
    var weekly: [Double] {
        switch self {
        case .shopify: [0.90, 0.86, 0.88, 0.92, 1.00, 1.30, 1.45]
        case .amazon: [1.00, 0.96, 0.96, 0.98, 1.00, 1.10, 1.15]
        case .ebay: [0.90, 0.88, 0.88, 0.92, 0.98, 1.25, 1.40]
        case .wholesale: [1, 1, 1, 1, 1, 0, 0]
        }
    }

    /// Relative likelihood of an order in each hour of the day.
    var hours: [Double] {
        switch self {
        case .shopify, .ebay:
            [
                0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.3, 0.6, 0.9, 1.0, 1.1, 1.2, 1.4, 1.3, 1.1, 1.0, 1.0, 1.1, 1.3, 1.6,
                1.8, 1.7, 1.2, 0.6,
            ]
        case .amazon:
            [
                0.4, 0.25, 0.15, 0.1, 0.1, 0.2, 0.4, 0.7, 0.9, 1.0, 1.0, 1.1, 1.2, 1.2, 1.1, 1.0, 1.0, 1.1, 1.2, 1.4,
                1.5, 1.4, 1.1, 0.7,
            ]
        case .wholesale:
            [0, 0, 0, 0, 0, 0, 0, 0, 0.6, 1.2, 1.3, 1.2, 0.8, 1.0, 1.2, 1.0, 0.6, 0, 0, 0, 0, 0, 0, 0]
        }
    }
}

/// One SKU of the demo catalogue with the hidden truth about its demand (what the generator
/// draws from; OnePool only ever sees the resulting order lines).
struct DemoProduct: Sendable {
    var sku: SKU
    var category: DemoCategory
    var supplier: Int
    /// Mean units a day on the web channels (before trend, seasons and weekdays).
    var rate: Double
    /// Log growth of demand per year (0.7 ≈ doubling in a year; negative: declining).
    var trendPerYear: Double
    /// Slow mover: rare orders, several units at once (many zero days).
    var intermittent: Bool
    /// Share of web demand per web channel (shopify, amazon, ebay), summing to 1.
    var channelShares: [Double]
    var wholesale: Bool
    /// The simulated day the SKU was added to the catalogue (0: from the start).
    var launchDay: Int
    var safety: Int
}

/// The catalogue vocabulary: product types per category, with materials and variants.
struct DemoProductType {
    var name: String
    var code: String
    var materials: [(String, String)]
    var variants: [(String, String)]
    /// Variants are sizes: dearer as they go.
    var sized: Bool
    var price: ClosedRange<Double>
    var velocity: Double

    init(
        _ name: String, _ code: String, _ materials: [(String, String)], _ variants: [(String, String)],
        sized: Bool = false,
        price: ClosedRange<Double>, velocity: Double = 1
    ) {
        self.name = name
        self.code = code
        self.materials = materials
        self.variants = variants
        self.sized = sized
        self.price = price
        self.velocity = velocity
    }

    static let colours: [(String, String)] = [
        ("Sage", "SGE"), ("Ochre", "OCH"), ("Navy", "NVY"), ("Charcoal", "CHR"), ("Cream", "CRM"),
        ("Terracotta", "TER"),
        ("Duck Egg", "DEG"), ("Blush", "BLS"), ("Forest", "FOR"), ("Mustard", "MUS"), ("Slate", "SLT"), ("Rust", "RST"),
    ]
    static let sizes: [(String, String)] = [("Small", "S"), ("Medium", "M"), ("Large", "L"), ("Extra Large", "XL")]
    static let scents: [(String, String)] = [
        ("Fig", "FIG"), ("Cedar", "CDR"), ("Amber", "AMB"), ("Neroli", "NER"), ("Sea Salt", "SEA"),
        ("Tomato Leaf", "TOM"),
        ("Lavender", "LAV"), ("Vetiver", "VET"),
    ]

    static func types(_ category: DemoCategory) -> [DemoProductType] {
        switch category {
        case .kitchen:
            [
                .init(
                    "Mug", "MUG", [("Stoneware", "STW"), ("Enamel", "ENM"), ("Porcelain", "PRC")], colours,
                    price: 8...16, velocity: 2),
                .init(
                    "Teapot", "TPT", [("Stoneware", "STW"), ("Cast Iron", "CIR"), ("Glass", "GLS")], colours,
                    price: 24...48),
                .init(
                    "Chef's Knife", "KNF", [("Carbon Steel", "CST"), ("Stainless", "SST")],
                    [("15 cm", "15"), ("20 cm", "20"), ("25 cm", "25")], sized: true, price: 28...70),
                .init(
                    "Chopping Board", "CHB", [("Oak", "OAK"), ("Bamboo", "BAM"), ("Olive Wood", "OLV")], sizes,
                    sized: true, price: 14...38),
                .init(
                    "Mixing Bowl", "MXB", [("Stoneware", "STW"), ("Enamel", "ENM"), ("Glass", "GLS")], sizes,
                    sized: true, price: 12...28),
                .init(
                    "Cafetiere", "CAF", [("Glass", "GLS"), ("Stainless", "SST")],
                    [("3 Cup", "3C"), ("8 Cup", "8C"), ("12 Cup", "12C")], sized: true, price: 22...42),
                .init("Utensil Pot", "UTP", [("Stoneware", "STW"), ("Enamel", "ENM")], colours, price: 12...24),
                .init(
                    "Measuring Jug", "JUG", [("Glass", "GLS"), ("Enamel", "ENM")],
                    [("500 ml", "05"), ("1 Litre", "10")], sized: true, price: 8...16),
                .init(
                    "Oven Glove", "OVG", [("Cotton", "COT"), ("Linen", "LIN")], colours, price: 8...15, velocity: 1.4),
                .init(
                    "Tea Towels (Set of 3)", "TTW", [("Cotton", "COT"), ("Linen", "LIN")], colours, price: 10...20,
                    velocity: 1.6),
                .init(
                    "Pestle & Mortar", "PSM", [("Granite", "GRN"), ("Marble", "MRB")], sizes, sized: true,
                    price: 18...34),
            ]
        case .home:
            [
                .init(
                    "Cushion Cover", "CSH", [("Linen", "LIN"), ("Velvet", "VLV"), ("Wool", "WOL")], colours,
                    price: 18...36, velocity: 1.4),
                .init(
                    "Throw", "THR", [("Wool", "WOL"), ("Cotton Waffle", "CWF"), ("Mohair", "MOH")], colours,
                    price: 45...95),
                .init(
                    "Candle", "CDL", [("Soy Wax", "SOY"), ("Beeswax", "BEE")], scents, price: 14...30, velocity: 2.2),
                .init(
                    "Vase", "VAS", [("Stoneware", "STW"), ("Glass", "GLS"), ("Ceramic", "CER")], colours, price: 16...45
                ),
                .init(
                    "Photo Frame", "FRM", [("Oak", "OAK"), ("Walnut", "WAL"), ("Brass", "BRS")],
                    [("5x7 in", "57"), ("8x10 in", "810"), ("A4", "A4")], sized: true, price: 12...28),
                .init(
                    "Table Lamp", "LMP", [("Ceramic", "CER"), ("Brass", "BRS"), ("Rattan", "RAT")], colours,
                    price: 45...120, velocity: 0.5),
                .init(
                    "Storage Basket", "BSK", [("Seagrass", "SGR"), ("Rattan", "RAT"), ("Felt", "FLT")], sizes,
                    sized: true, price: 16...38),
                .init("Wall Clock", "CLK", [("Oak", "OAK"), ("Metal", "MTL")], colours, price: 28...60, velocity: 0.6),
                .init(
                    "Doormat", "MAT", [("Coir", "COI"), ("Rubber Coir", "RCO")],
                    [("Plain", "PLN"), ("Stripe", "STR"), ("Welcome", "WEL"), ("Herringbone", "HRB")], price: 18...34),
            ]
        case .outdoor:
            [
                .init(
                    "Camping Mug", "CMG", [("Enamel", "ENM"), ("Titanium", "TIT")], colours, price: 10...28,
                    velocity: 1.3),
                .init(
                    "Water Bottle", "BTL", [("Stainless", "SST"), ("Insulated Steel", "INS")],
                    [("500 ml", "05"), ("750 ml", "07"), ("1 Litre", "10")], sized: true, price: 15...32, velocity: 2),
                .init("Picnic Blanket", "PCB", [("Wool", "WOL"), ("Waterproof", "WPF")], colours, price: 28...65),
                .init(
                    "Head Torch", "TRC", [("Rechargeable", "RCH"), ("Trail", "TRL")],
                    [("200 lm", "200"), ("400 lm", "400"), ("800 lm", "800")], sized: true, price: 15...45),
                .init(
                    "Hammock", "HMK", [("Cotton", "COT"), ("Parachute Nylon", "NYL")], colours, price: 30...70,
                    velocity: 0.6),
                .init("Folding Stool", "STL", [("Aluminium", "ALU"), ("Beech", "BCH")], colours, price: 20...45),
                .init(
                    "Cool Bag", "CBG", [("Canvas", "CNV"), ("Insulated", "INS")],
                    [("10 Litre", "10"), ("20 Litre", "20"), ("30 Litre", "30")], sized: true, price: 18...40),
                .init("Lantern", "LTN", [("Solar", "SOL"), ("Battery", "BAT")], colours, price: 16...38),
                .init(
                    "Dry Bag", "DRY", [("Ripstop", "RIP"), ("Roll-Top", "RTP")],
                    [("5 Litre", "05"), ("10 Litre", "10"), ("20 Litre", "20")], sized: true, price: 12...28),
            ]
        case .stationery:
            [
                .init(
                    "Notebook", "NBK", [("Linen", "LIN"), ("Recycled", "REC"), ("Leather", "LTH")],
                    [("A5 Dotted", "A5D"), ("A5 Lined", "A5L"), ("A4 Plain", "A4P"), ("Pocket", "PKT")], price: 8...24,
                    velocity: 2.2),
                .init(
                    "Fountain Pen", "PEN", [("Resin", "RES"), ("Brass", "BRS")], colours, price: 25...70, velocity: 0.6),
                .init(
                    "Pencil Set", "PCL", [("Graphite", "GRA"), ("Colour", "COL")],
                    [("12 Pack", "12"), ("24 Pack", "24"), ("36 Pack", "36")], sized: true, price: 6...16, velocity: 1.5
                ),
                .init(
                    "Desk Organiser", "DSK", [("Oak", "OAK"), ("Felt", "FLT"), ("Metal", "MTL")], colours,
                    price: 15...35),
                .init(
                    "Greeting Cards (Pack of 5)", "CRD", [("Letterpress", "LTP"), ("Foil", "FOL")],
                    [
                        ("Botanical", "BOT"), ("Birds", "BRD"), ("Seaside", "SEA"), ("Abstract", "ABS"),
                        ("Birthday", "BDY"),
                    ], price: 8...14, velocity: 1.5),
                .init("Undated Planner", "PLN", [("Linen", "LIN"), ("Leather", "LTH")], colours, price: 16...32),
                .init("Ink Bottle", "INK", [("Glass", "GLS")], colours, price: 8...16),
                .init(
                    "Sketchbook", "SKB", [("Cartridge", "CRT"), ("Kraft", "KRF")],
                    [("A5", "A5"), ("A4", "A4"), ("A3", "A3")], sized: true, price: 9...20),
            ]
        case .pet:
            [
                .init(
                    "Dog Bed", "DBD", [("Cord", "CRD"), ("Fleece", "FLC"), ("Waterproof", "WPF")], sizes, sized: true,
                    price: 35...80, velocity: 0.8),
                .init("Dog Lead", "LED", [("Leather", "LTH"), ("Rope", "ROP")], colours, price: 15...32),
                .init("Dog Collar", "COL", [("Leather", "LTH"), ("Nylon", "NYL")], sizes, sized: true, price: 12...26),
                .init(
                    "Cat Scratcher", "SCR", [("Cardboard", "CBD"), ("Sisal", "SIS")],
                    [("Flat", "FLT"), ("Post", "PST"), ("Tower", "TWR")], sized: true, price: 12...40),
                .init(
                    "Pet Bowl", "BWL", [("Stoneware", "STW"), ("Stainless", "SST")], sizes, sized: true, price: 10...22),
                .init(
                    "Dog Treats (500 g)", "TRT", [("Natural", "NAT"), ("Grain-Free", "GFR")],
                    [("Chicken", "CHK"), ("Salmon", "SAL"), ("Venison", "VEN"), ("Duck", "DCK")], price: 6...12,
                    velocity: 3.5),
                .init(
                    "Cat Toy Set", "TOY", [("Catnip", "NIP"), ("Feather", "FTH")], colours, price: 6...12, velocity: 1.5
                ),
                .init(
                    "Poop Bags (120)", "PBG", [("Compostable", "CMP")], [("Unscented", "UNS"), ("Lavender", "LAV")],
                    price: 7...10, velocity: 3),
            ]
        case .bath:
            [
                .init(
                    "Bath Towel", "BTW", [("Cotton", "COT"), ("Waffle", "WAF"), ("Linen", "LIN")], colours,
                    price: 18...40, velocity: 1.4),
                .init(
                    "Hand Towel", "HTW", [("Cotton", "COT"), ("Waffle", "WAF")], colours, price: 9...18, velocity: 1.3),
                .init(
                    "Soap Bar", "SOP", [("Olive Oil", "OLV"), ("Goat Milk", "GMK")], scents, price: 5...9, velocity: 2.5
                ),
                .init("Bath Mat", "BMT", [("Cotton", "COT"), ("Teak", "TEK")], colours, price: 20...45),
                .init("Toothbrush Holder", "TBH", [("Stoneware", "STW"), ("Glass", "GLS")], colours, price: 9...16),
                .init(
                    "Shower Gel (300 ml)", "GEL", [("Botanical", "BOT"), ("Sensitive", "SEN")], scents, price: 9...16,
                    velocity: 1.8),
                .init("Bath Salts", "SLT", [("Epsom", "EPS"), ("Dead Sea", "DSE")], scents, price: 10...18),
                .init("Soap Dish", "SDS", [("Stoneware", "STW"), ("Olive Wood", "OLV")], colours, price: 8...14),
            ]
        }
    }
}

/// Builds the demo catalogue from a seed: product families (one type and material in
/// 2–5 colours or sizes), each SKU with a barcode, cost, price, supplier terms and a demand profile.
enum DemoCatalogue {
    static func make(seed: UInt64, count: Int, days: Int) -> [DemoProduct] {
        var random = DemoRandom(seed: seed, stream: 1)
        let companyPrefix = 10_000 + Int(random.below(90_000))
        var products: [DemoProduct] = []
        var usedCodes: Set<String> = []
        var usedFamilies: Set<String> = []
        let categories = DemoCategory.allCases
        while products.count < count {
            let category = categories[random.weighted(categories.map(\.weight))]
            let types = DemoProductType.types(category)
            var type = random.pick(types)
            var material = random.pick(type.materials)
            // Prefer a new type × material; a big catalogue eventually repeats them with a suffix.
            for _ in 0..<12 where usedFamilies.contains(type.code + material.1) {
                type = random.pick(types)
                material = random.pick(type.materials)
            }
            usedFamilies.insert(type.code + material.1)

            var variants = type.variants
            if type.sized {
                let start = random.int(0...max(0, variants.count - 2))
                variants = Array(variants[start...])
            } else {
                random.shuffle(&variants)
            }
            let size = min(count - products.count, variants.count, random.int(2...5))
            variants = Array(variants.prefix(size))

            let basePrice = random.uniform(type.price.lowerBound, type.price.upperBound)
            let costRatio = random.uniform(0.28, 0.46)
            let supplierIndex = random.weighted(category.supplierWeights)
            let supplier = DemoSupplier.all[supplierIndex]
            let casePack = random.pick(supplier.casePacks)
            let minimumOrder = casePack * random.int(supplier.minimumCases)
            let familyPopularity = random.logNormal(median: 1, sigma: 0.7)
            let familyTrend = random.unit()

            for (position, variant) in variants.enumerated() {
                let index = products.count
                var code = "\(type.code)-\(material.1)-\(variant.1)"
                var suffix = 2
                while usedCodes.contains(code) {
                    code = "\(type.code)-\(material.1)-\(variant.1)-\(suffix)"
                    suffix += 1
                }
                usedCodes.insert(code)
                let price = retailPrice(type.sized ? basePrice * (1 + 0.3 * Double(position)) : basePrice)
                let cost = Money(cents: Int64((Double(price.cents) * costRatio * random.uniform(0.95, 1.05)).rounded()))
                // A repeated family (big catalogues) is another collection of the same product.
                let collections = [
                    "Heritage", "Studio", "Coastal", "Nordic", "Classic", "Artisan", "Everyday", "Signature",
                ]
                let collection = suffix > 2 ? collections[(suffix - 3) % collections.count] + " " : ""
                let title = "\(collection)\(material.0) \(type.name) - \(variant.0)"
                let sku = SKU(
                    code: SKUCode(code), title: title,
                    barcode: ean13(prefix: "50", company: companyPrefix, item: index % 100_000),
                    category: category.rawValue, unitCost: cost, price: price, supplier: supplier.name,
                    leadTimeDays: supplier.leadTimeDays, casePack: casePack, minimumOrderQuantity: minimumOrder)

                let intermittent = random.chance(0.22)
                var rate: Double
                if intermittent {
                    rate = random.uniform(0.03, 0.18)
                } else {
                    rate = random.logNormal(median: 0.32 * type.velocity * familyPopularity, sigma: 0.55)
                    if random.chance(0.03) { rate *= 4 }  // a hero product
                    rate = min(rate, 14)
                }
                let trend: Double
                switch familyTrend {
                case ..<0.22: trend = random.uniform(0.35, 0.9)
                case ..<0.37: trend = -random.uniform(0.3, 0.8)
                default: trend = 0.08 * random.normal()
                }
                var shares = [0.45, 0.38, 0.17].map { $0 * random.logNormal(median: 1, sigma: 0.35) }
                if random.chance(0.25) { shares[2] = 0 }  // not listed on eBay
                if random.chance(0.08) { shares[1] = 0 }  // not on Amazon
                let total = shares.reduce(0, +)
                shares = shares.map { $0 / total }
                let launchDay =
                    index >= 40 && days >= 240 && random.chance(0.06) ? random.int(days / 4...(days - 120)) : 0
                let wholesale =
                    !intermittent && rate >= 0.2
                    && DemoWholesaleCustomer.all.contains { $0.categories.contains(category) } && random.chance(0.65)
                products.append(
                    DemoProduct(
                        sku: sku, category: category, supplier: supplierIndex, rate: rate,
                        trendPerYear: launchDay > 0 ? abs(trend) + 0.3 : trend, intermittent: intermittent,
                        channelShares: shares, wholesale: wholesale, launchDay: launchDay, safety: 0))
            }
        }
        // Safety stock on the fastest sellers: a pool-level buffer never offered to channels.
        let fastest = products.indices.sorted { products[$0].rate > products[$1].rate }.prefix(max(1, count * 15 / 100))
        for index in fastest {
            products[index].safety = max(1, Int((products[index].rate * 1.5).rounded()))
        }
        return products
    }

    /// A shop price: whole pounds minus a penny (x.99), or x.50 under a tenner.
    static func retailPrice(_ value: Double) -> Money {
        let pounds = max(1, Int(value.rounded()))
        if pounds < 10 && value - Double(Int(value)) < 0.5 { return Money(cents: Int64(pounds) * 100 - 50) }
        return Money(cents: Int64(pounds) * 100 - 1)
    }

    /// An EAN-13: country prefix, company number, item number, check digit.
    static func ean13(prefix: String, company: Int, item: Int) -> String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let body = prefix + padded(company, 5) + padded(item, 5)
        return body + String(ean13CheckDigit(body))
    }

    /// The check digit for 12 digits: weights 1, 3, 1, 3… from the left; the total rounds up to ten.
    static func ean13CheckDigit(_ twelveDigits: String) -> Int {
        var sum = 0
        for (index, character) in twelveDigits.enumerated() {
            let digit = Int(character.asciiValue ?? 48) - 48
            sum += index % 2 == 0 ? digit : digit * 3
        }
        return (10 - sum % 10) % 10
    }
}
