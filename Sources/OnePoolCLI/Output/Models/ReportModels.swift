import OnePoolCore

/// `onepool briefing --format json`: the moves, ranked by their expected effect on profit.
struct BriefingReport: Codable {
    var title: String
    var date: String
    /// What the money means: the horizon and the settings it was priced with.
    var money: String
    /// When read as of a moment (`--date`): the last event folded in.
    var lastSequence: Int?
    var total: Int
    var items: [BriefingRow]
}

/// One move of the briefing.
struct BriefingRow: Codable {
    var rank: Int
    /// Stable while the condition lasts: what `briefing --explain` takes.
    var id: Identifier
    var kind: Identifier
    var subject: Identifier
    /// Expected effect on profit over the horizon (`ProfitRule`).
    var money: Amount
    var why: String
    var action: String
    /// Capital beside the item (cash in overstock, a PO's spend): facts, not its rank.
    var capital: [CapitalRow]
    var defaultMargin: Bool
}

/// A capital figure shown beside an item.
struct CapitalRow: Codable {
    var name: String
    var amount: Amount
}

/// `onepool briefing --explain ID`: how one item's money was reached.
struct BriefingExplanation: Codable {
    var id: Identifier
    var kind: Identifier
    var title: String
    var subject: Identifier
    var money: Amount
    var rule: String
    var why: String
    var action: String
    var settings: String
    var inputs: [ExplanationRow]
    var steps: [ExplanationRow]
    var capital: [ExplanationRow]

    init(_ item: BriefingItem, settings: StoreSettings) {
        id = Identifier(item.id)
        kind = Identifier(item.kind.rawValue)
        title = item.kind.title
        subject = Identifier(item.subject)
        money = Amount(item.money)
        rule = item.effect.rule
        why = item.why
        action = item.action.text
        self.settings = settings.text
        inputs = item.effect.inputs.map { ExplanationRow(section: "inputs", $0) }
        steps = item.effect.steps.map { ExplanationRow(section: "steps", $0) }
        capital = item.effect.capital.map {
            ExplanationRow(section: "capital", BriefingLine($0.name, "\($0.money)", $0.how))
        }
    }
}

/// `onepool doctor`: what was verified and what is damaged.
struct DoctorReport: Codable {
    var store: String
    var sound: Bool
    var errors: Int
    var warnings: Int
    var findings: [DoctorFinding]
}

/// One finding of `doctor` (also its CSV row).
struct DoctorFinding: Codable {
    var severity: Identifier
    var file: String
    var message: String
}
