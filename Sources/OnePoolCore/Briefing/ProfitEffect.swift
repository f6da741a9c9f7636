/// One line of how an item's money was reached: an input or a step, its value, and where it
/// came from or the formula with its values filled in — the same line `reorder --explain` prints.
public typealias BriefingLine = Explanation.Line

/// Capital beside an item: cash in overstock, a PO's spend. A fact, never what the item ranks by.
public struct CapitalFigure: Hashable, Sendable {
    public var name: String
    public var money: Money
    public var how: String

    public init(_ name: String, _ money: Money, _ how: String) {
        self.name = name
        self.money = money
        self.how = how
    }
}

/// The expected effect of one briefing item on profit over the store's horizon, with what it was
/// computed from: the one unit every item is ranked by (see `ProfitRule`).
public struct ProfitEffect: Hashable, Sendable {
    /// Profit expected to be lost (or cost expected to be paid) over the horizon if nothing is done.
    public var money: Money
    /// The kind's rule in words, the same for every item of the kind.
    public var rule: String
    public var inputs: [BriefingLine]
    public var steps: [BriefingLine]
    /// Capital figures shown beside the item (cash in overstock, a PO's spend): facts, never its rank.
    public var capital: [CapitalFigure]
    /// A SKU without a unit cost was priced at the store's default margin.
    public var usesDefaultMargin: Bool

    public init(
        money: Money, rule: String, inputs: [BriefingLine] = [], steps: [BriefingLine] = [],
        capital: [CapitalFigure] = [], usesDefaultMargin: Bool = false
    ) {
        self.money = money
        self.rule = rule
        self.inputs = inputs
        self.steps = steps
        self.capital = capital
        self.usesDefaultMargin = usesDefaultMargin
    }

    /// An item priced before the money rule existed, or by a caller with no inputs: its money only.
    public static func stated(_ money: Money) -> ProfitEffect {
        ProfitEffect(money: money, rule: "stated by the caller")
    }
}

/// What one unit of a SKU earns: price − cost, or the price at the store's default margin when
/// the SKU has no cost (a catalogue on day one), never below zero.
public struct UnitMargin: Hashable, Sendable {
    public var money: Money
    public var isDefault: Bool
    /// What `how` is written from. Kept as values, not text: the briefing prices every starved
    /// SKU on every change the console absorbs and explains only the few it shows, so the
    /// text is made only when a line is written.
    enum Source: Hashable, Sendable {
        case priceLessCost(price: Money, cost: Money)
        case defaultMargin(price: Money, basisPoints: Int)
        case text(String)
    }
    let source: Source

    init(money: Money, isDefault: Bool, source: Source) {
        self.money = money
        self.isDefault = isDefault
        self.source = source
    }

    public init(money: Money, isDefault: Bool, how: String) {
        self.init(money: money, isDefault: isDefault, source: .text(how))
    }

    /// How it was reached, with its values: "price − cost = 14.99 − 4.20".
    public var how: String {
        switch source {
        case .priceLessCost(let price, let cost):
            "price − cost = \(price) − \(cost)" + (price - cost < .zero ? " (below cost: no margin)" : "")
        case .defaultMargin(let price, let basisPoints):
            "no unit cost: price × default margin = \(price) × \(StoreSettings.percentText(basisPoints))"
        case .text(let text):
            text
        }
    }
}
