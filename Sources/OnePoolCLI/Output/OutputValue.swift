import OnePoolCore

/// What a read verb prints, as a tree of typed values: the form its Codable output model takes
/// (see `OutputEncoder`) before it is written as a table, CSV or JSON. Keeping the type of each
/// value — an identifier, free text, an amount, a fraction with its places — is what lets the
/// three formats agree and still each write a value the way its reader needs it.
indirect enum OutputValue: Equatable {
    case null
    case bool(Bool)
    case integer(Int)
    /// A fraction shown with `places` decimals (nil: as Swift writes it).
    case number(Double, places: Int?)
    case money(Money)
    case text(String, TextKind)
    case array([OutputValue])
    case object([(key: String, value: OutputValue)])

    static func == (lhs: OutputValue, rhs: OutputValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.number(let a, let p), .number(let b, let q)): a == b && p == q
        case (.money(let a), .money(let b)): a == b
        case (.text(let a, let k), .text(let b, let l)): a == b && k == l
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
        default: false
        }
    }

    /// Whether a table aligns this value to the right.
    var isNumeric: Bool {
        switch self {
        case .integer, .number, .money: true
        default: false
        }
    }
}

/// Text is either an identifier (a SKU code, a channel, a listing or order id: written byte for
/// byte everywhere, for it must match what a channel or a supplier holds) or free text (a
/// title, a name, a reason: written so that a spreadsheet never runs it as a formula).
enum TextKind: Equatable {
    case identifier
    case freeText
}

/// A value type of output models that chooses its own `OutputValue` (the encoder asks it first).
protocol OutputLeaf {
    var outputValue: OutputValue { get }
}

/// A code or id in an output model: printed exactly as stored (see `TextKind.identifier`).
struct Identifier: Codable, OutputLeaf, Equatable, ExpressibleByStringLiteral {
    var raw: String

    init(_ raw: String) { self.raw = raw }
    init(_ code: SKUCode) { raw = code.rawValue }
    init(_ name: ChannelName) { raw = name.rawValue }
    init(stringLiteral value: String) { raw = value }

    init(from decoder: Decoder) throws { raw = try decoder.singleValueContainer().decode(String.self) }
    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(raw)
    }

    var outputValue: OutputValue { .text(raw, .identifier) }
}

/// An amount in an output model: two decimals in tables and CSV, an exact decimal number in JSON.
struct Amount: Codable, OutputLeaf, Equatable {
    var money: Money

    init(_ money: Money) { self.money = money }

    init(from decoder: Decoder) throws {
        money = Money(cents: try decoder.singleValueContainer().decode(Int64.self))
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Double(money.cents) / 100)
    }

    var outputValue: OutputValue { money.isSaturated ? .null : .money(money) }
}

/// A fraction with the decimals its field shows ("1.5 days to stockout"); not a number or
/// infinite is no value (an empty cell, null in JSON).
struct Fixed: Codable, OutputLeaf, Equatable {
    var value: Double
    var places: Int

    init(_ value: Double, places: Int) {
        self.value = value
        self.places = places
    }

    init(from decoder: Decoder) throws {
        value = try decoder.singleValueContainer().decode(Double.self)
        places = 0
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    var outputValue: OutputValue { value.isFinite ? .number(value, places: places) : .null }
}

/// Counts by name (reasons, methods) written as one object with its names in order, so the
/// same input always prints the same JSON.
struct SortedCounts: Codable, OutputLeaf, Equatable {
    var counts: [String: Int]

    init(_ counts: [String: Int]) { self.counts = counts }

    init(from decoder: Decoder) throws { counts = try decoder.singleValueContainer().decode([String: Int].self) }
    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(counts)
    }

    var outputValue: OutputValue {
        .object(counts.sorted { $0.key < $1.key }.map { (key: $0.key, value: .integer($0.value)) })
    }
}
