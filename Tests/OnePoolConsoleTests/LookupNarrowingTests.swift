import OnePoolCore
import OnePoolTestSupport
import Testing

@testable import OnePoolConsole

/// Property-style checks of the lookup on a generated catalogue: whatever is typed — one
/// character at a time, with Backspace, with spaces — the lookup shows exactly what a fresh
/// search of the whole catalogue for the same query shows, and that is what a plain,
/// row-by-row model of the ranking rules finds.
@Suite struct LookupNarrowingTests {
    /// A few hundred SKUs with codes, titles and barcodes that share many prefixes and
    /// substrings (and some non-ASCII titles, some missing barcodes).
    static func catalogue(seed: UInt64, count: Int) -> ConsoleData {
        var random = SplitMix64(seed: seed)
        func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }
        let kinds = ["MUG", "BWL", "CDL", "TWL", "M", "MU", "VAS", "50"]
        let materials = ["STW", "SOY", "LIN", "OAK", "S", "ST"]
        let variants = ["SGE", "FIG", "BLU", "L", "S", "XL", "5"]
        let words = [
            "Harbour", "Stoneware", "Mug", "Sage", "Soy", "Candle", "Linen", "Towel", "Bowl", "Fig", "Café", "日本茶",
            "Oak",
            "Sea-grass", "mu", "Blue", "50ml", "Tin",
        ]
        var state = StockState()
        var codes = Set<String>()
        while codes.count < count {
            let number = String(Int.random(in: 0..<60, using: &random) + 1000).dropFirst()
            let code =
                "\(pick(kinds))-\(pick(materials))\(number)" + (Bool.random(using: &random) ? "-\(pick(variants))" : "")
            guard codes.insert(code).inserted else { continue }
            let title =
                (0..<Int.random(in: 1...4, using: &random)).map { _ in pick(words) }.joined(separator: " ")
                + (Bool.random(using: &random) ? " - \(pick(words))" : "")
            var barcode: String? = nil
            if Int.random(in: 0..<10, using: &random) > 0 {
                barcode =
                    "50" + String(Int.random(in: 0..<3, using: &random))
                    + String(Int.random(in: 0..<100_000, using: &random) + 1_000_000)
                if Bool.random(using: &random) {
                    barcode = String(barcode!.prefix(Int.random(in: 3...11, using: &random)))
                }
            }
            let sku = SKU(
                code: SKUCode(code), title: title, barcode: barcode, unitCost: Money(cents: 100),
                price: Money(cents: 250))
            let event = Event(
                sequence: state.lastSequence + 1, time: Timestamp(millisecondsSince1970: 0), actor: "test",
                change: .skuCreated(sku))
            state.apply(event)
        }
        return ConsoleData(storeName: "Generated", state: state, today: 20_784, utcOffsetSeconds: 0)
    }

    /// A query an operator might type: part of a real code, title or barcode (any case), a
    /// second word sometimes, or a few random characters.
    static func query(_ data: ConsoleData, _ random: inout SplitMix64) -> String {
        let row = data.rows[Int.random(in: 0..<data.rows.count, using: &random)]
        func part(_ text: String) -> String {
            let characters = Array(text)
            guard !characters.isEmpty else { return "" }
            let start = Bool.random(using: &random) ? 0 : Int.random(in: 0..<characters.count, using: &random)
            let length = Int.random(in: 1...max(1, min(8, characters.count - start)), using: &random)
            return String(characters[start..<min(characters.count, start + length)])
        }
        var text: String
        switch Int.random(in: 0..<6, using: &random) {
        case 0: text = part(row.code.rawValue)
        case 1: text = part(row.title)
        case 2: text = String((row.barcode ?? "5012").prefix(Int.random(in: 1...13, using: &random)))
        case 3: text = part(row.title) + " " + part(row.code.rawValue)
        case 4:
            text = String(
                (0..<Int.random(in: 1...5, using: &random)).map { _ in
                    Array("aeimsu50-1 é")[Int.random(in: 0..<12, using: &random)]
                })
        default: text = part(row.code.rawValue).lowercased() + " " + part(row.title)
        }
        return Int.random(in: 0..<4, using: &random) == 0 ? text.uppercased() : text
    }

    @Test(arguments: [1, 2] as [UInt64])
    func typingNarrowingAndBackspaceMatchAFreshSearch(seed: UInt64) {
        let data = Self.catalogue(seed: seed, count: 400)
        var random = SplitMix64(seed: seed &* 977)
        var state = ConsoleState(data: data, width: 120, height: 40, themeName: "default", dateText: "2026-11-27")
        var keystrokes = 0
        for _ in 0..<30 {
            _ = ConsoleProgram.send(&state, .keyPressed(.char("/")))
            let target = Self.query(data, &random)
            var typed = 0
            var steps: [Key] = []
            for character in target {
                steps.append(.character(character))
                typed += 1
                if Int.random(in: 0..<8, using: &random) == 0 { steps += [.character("x"), .backspace] }
                if typed > 2 && Int.random(in: 0..<10, using: &random) == 0 {
                    steps += [.backspace, .backspace, .character(character)]
                }
            }
            steps += Array(repeating: .backspace, count: Int.random(in: 0...target.count + 1, using: &random))
            for key in steps {
                _ = ConsoleProgram.send(&state, .keyPressed(key))
                keystrokes += 1
                guard let lookup = state.lookup else {
                    Issue.record("the lookup closed")
                    return
                }
                var fresh = LookupState()
                for character in lookup.query { fresh.type(character) }
                fresh.search(in: data)
                #expect(lookup.results == fresh.results, "'\(lookup.query)' typed vs fresh")
                #expect(lookup.matchCount == fresh.matchCount, "'\(lookup.query)' typed vs fresh count")
                let model = Self.model(lookup.query, data)
                #expect(lookup.results == Array(model.prefix(LookupState.shown)), "'\(lookup.query)' vs the model")
                #expect(lookup.matchCount == model.count, "'\(lookup.query)' count vs the model")
            }
            _ = ConsoleProgram.send(&state, .keyPressed(.escape))
        }
        #expect(keystrokes > 150)
    }

    /// Backspace after narrowing gives back exactly the shorter query's list, every time.
    @Test func backspaceRestoresEveryShorterQuery() {
        let data = Self.catalogue(seed: 9, count: 400)
        var state = ConsoleState(data: data, width: 120, height: 40, themeName: "default", dateText: "2026-11-27")
        _ = ConsoleProgram.send(&state, .keyPressed(.char("/")))
        var seen: [[LookupState.Match]] = [state.lookup!.results]
        var counts = [state.lookup!.matchCount]
        for character in "mug stw0" {
            _ = ConsoleProgram.send(&state, .keyPressed(.character(character)))
            seen.append(state.lookup!.results)
            counts.append(state.lookup!.matchCount)
        }
        for index in stride(from: seen.count - 2, through: 0, by: -1) {
            _ = ConsoleProgram.send(&state, .keyPressed(.backspace))
            #expect(state.lookup!.results == seen[index])
            #expect(state.lookup!.matchCount == counts[index])
        }
    }

    /// The ranking rules, row by row over every SKU (what the index must agree with): every
    /// word of the query must match; a word scores 100 for the whole code, 95 the whole barcode,
    /// 90 a code prefix, 70 a barcode prefix, 60 a title word's start, 50 inside the code, 40
    /// inside the title; the row's score is the sum. A query of one character (typed first) is
    /// answered coarsely: the character anywhere in code, title or barcode, scoring 100/90 at the
    /// code's start, 70 at the barcode's, else 40. Best first: score, then shorter code, then row.
    static func model(_ query: String, _ data: ConsoleData) -> [LookupState.Match] {
        let words = query.lowercased().split(separator: " ").map { Array($0.utf8) }
        guard !words.isEmpty else { return data.rows.indices.map { .init(row: $0, score: 0, codeRange: nil) } }
        func lower(_ text: String) -> [UInt8] {
            text.utf8.allSatisfy { $0 < 0x80 }
                ? text.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 } : Array(text.lowercased().utf8)
        }
        func occurrences(_ word: [UInt8], in field: [UInt8]) -> [Int] {
            guard word.count <= field.count else { return [] }
            return (0...(field.count - word.count)).filter { Array(field[$0..<($0 + word.count)]) == word }
        }
        func isWordByte(_ byte: UInt8) -> Bool {
            (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte >= 0x80
        }
        var matches: [LookupState.Match] = []
        for (index, row) in data.rows.enumerated() {
            let code = lower(row.code.rawValue)
            let title = lower(row.title)
            let barcode = Array((row.barcode ?? "").utf8)
            if words.count == 1 && words[0].count == 1 {
                let byte = words[0][0]
                guard (code + title + barcode).contains(byte) else { continue }
                if code.first == byte {
                    matches.append(.init(row: index, score: code.count == 1 ? 100 : 90, codeRange: 0..<1))
                } else {
                    matches.append(.init(row: index, score: barcode.first == byte ? 70 : 40, codeRange: nil))
                }
                continue
            }
            var total = 0
            var codeRange: Range<Int>? = nil
            var matched = !words.isEmpty
            for word in words {
                var best = 0
                if code.starts(with: word) {
                    best = code.count == word.count ? 100 : 90
                    codeRange = 0..<word.count
                }
                if !barcode.isEmpty && barcode.starts(with: word) {
                    best = max(best, barcode.count == word.count ? 95 : 70)
                }
                let inTitle = occurrences(word, in: title)
                if !inTitle.isEmpty {
                    best = max(best, inTitle.contains { $0 == 0 || !isWordByte(title[$0 - 1]) } ? 60 : 40)
                }
                if best < 50, let at = occurrences(word, in: code).first {
                    best = 50
                    codeRange = at..<(at + word.count)
                }
                if best == 0 {
                    matched = false
                    break
                }
                total += best
            }
            if matched { matches.append(.init(row: index, score: total, codeRange: codeRange)) }
        }
        return matches.sorted {
            if $0.score != $1.score { return $0.score > $1.score }
            let a = data.rows[$0.row].code.rawValue.utf8.count
            let b = data.rows[$1.row].code.rawValue.utf8.count
            return a != b ? a < b : $0.row < $1.row
        }
    }
}
