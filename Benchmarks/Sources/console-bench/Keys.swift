// What the operator presses: a browsing mix that depends on where they are, and lookup
// queries typed one character at a time. Both are seeded, so every run replays the same keys.

import BenchSupport
import OnePoolConsole

/// One key press and the name it is reported under.
struct Press {
    var key: Key
    var label: String

    /// Sorting and filtering cost depends on the column and filter they lead to: name them.
    func detailedLabel(after state: ConsoleState) -> String {
        switch key {
        case .character("s"): "s sort → \(state.stock.sort.heading)"
        case .character("o"): "o filter → \(state.stock.filter.label)"
        default: label
        }
    }
}

/// Browsing: mostly j/k, some paging, sorting ('s') and filtering ('o') in the stock pool,
/// switching panes (Tab), opening a SKU (Enter) and going back (Esc).
struct BrowsingMix {
    private var random: SeededRandom

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    private static let j = Press(key: .char("j"), label: "j/k move")
    private static let k = Press(key: .char("k"), label: "j/k move")
    private static let pageDown = Press(key: .pageDown, label: "PgDn/PgUp")
    private static let pageUp = Press(key: .pageUp, label: "PgDn/PgUp")
    private static let sort = Press(key: .char("s"), label: "s sort")
    private static let filter = Press(key: .char("o"), label: "o filter")
    private static let tab = Press(key: .tab, label: "Tab pane")
    private static let open = Press(key: .enter, label: "Enter open SKU")
    private static let back = Press(key: .escape, label: "Esc back")
    private static let top = Press(key: .char("g"), label: "g/G top/bottom")
    private static let bottom = Press(key: .char("G"), label: "g/G top/bottom")

    /// The next key for someone at `state` (weights in percent of presses there).
    mutating func next(after state: ConsoleState) -> Press {
        let choices: [(Press, Double)]
        if state.detail != nil {
            choices = [(Self.back, 85), (Self.tab, 15)]
        } else {
            switch state.pane {
            case .stock:
                choices = [
                    (Self.j, 40), (Self.k, 14), (Self.pageDown, 9), (Self.pageUp, 3), (Self.sort, 5), (Self.filter, 4),
                    (Self.tab, 8), (Self.open, 13), (Self.top, 2), (Self.bottom, 2),
                ]
            case .alerts:
                choices = [(Self.j, 45), (Self.k, 15), (Self.pageDown, 8), (Self.open, 12), (Self.tab, 20)]
            case .activity:
                choices = [(Self.j, 45), (Self.k, 15), (Self.pageDown, 15), (Self.open, 5), (Self.tab, 20)]
            case .channels, .briefing, .queue:
                choices = [(Self.j, 40), (Self.k, 20), (Self.tab, 40)]
            }
        }
        return choices[random.weighted(choices.map(\.1))].0
    }
}

/// Lookup queries an operator types: code prefixes, title words and barcode prefixes of SKUs
/// that exist, as a sequence of presses ('/' to open, characters, the odd Backspace, Esc).
enum LookupScript {
    enum Step {
        case open, type(Character), backspace, close

        /// The key the operator presses for this step.
        var key: Key {
            switch self {
            case .open: .char("/")
            case .type(let character): .character(character)
            case .backspace: .backspace
            case .close: .escape
            }
        }
    }

    static func make(shop: Shop, queries: Int, seed: UInt64) -> [Step] {
        var random = SeededRandom(seed: seed)
        var steps: [Step] = []
        for _ in 0..<queries {
            let product = shop.products[random.below(shop.products.count)].sku
            let titleWords = product.title.split(separator: " ").filter { $0 != "-" }
            let query: String
            switch random.weighted([40, 40, 20]) {
            case 0:
                // A code prefix, as far as the family number or all of it: "MUG-STW0", "CDL-SOY014-FIG".
                let code = product.code.rawValue
                query = String(code.prefix(random.int(3...code.count)))
            case 1:
                // One or two title words, maybe the start of a word: "harbour mug", "stonew", "linen cushion".
                var words = [titleWords[random.below(titleWords.count)]]
                if random.chance(0.5) { words.append(titleWords[random.below(titleWords.count)]) }
                var text = words.joined(separator: " ").lowercased()
                if random.chance(0.3) { text = String(text.prefix(max(3, text.count - random.int(1...3)))) }
                query = text
            default:
                // A barcode prefix from a scanner's label: 6 to 13 digits.
                let barcode = product.barcode ?? "5012345"
                query = String(barcode.prefix(random.int(6...barcode.count)))
            }
            steps.append(.open)
            var typed = 0
            for character in query {
                steps.append(.type(character))
                typed += 1
                // A typo now and then: a wrong character, noticed, deleted.
                if typed >= 2 && random.chance(0.08) {
                    steps.append(.type(random.pick(Array("aeiou0123456789-"))))
                    steps.append(.backspace)
                }
            }
            // Sometimes the query is trimmed back a little and retyped.
            if query.count > 4 && random.chance(0.15) {
                steps.append(.backspace)
                steps.append(.backspace)
                for character in query.suffix(2) { steps.append(.type(character)) }
            }
            steps.append(.close)
        }
        return steps
    }
}
