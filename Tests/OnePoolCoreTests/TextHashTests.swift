import OnePoolTestSupport
import Testing

@testable import OnePoolCore

/// `OrderLineID` hashes its order with `TextHash`: an ASCII fast path over the bytes, and the
/// bytes of the NFC form for anything else. Swift calls canonically equivalent strings equal, so
/// their ids must hash alike, or a dictionary of open lines would hold one line twice (and a
/// cancellation spelled the other way would miss it).
@Suite struct TextHashTests {
    /// Canonically equivalent spellings, one of each pair (at least) not ASCII. Some are longer
    /// than 16 bytes, which takes the hash's loop over 16-byte blocks.
    static let equivalentPairs: [(String, String)] = [
        ("\u{212A}", "K"),  // KELVIN SIGN is the letter K
        ("\u{212A}-1001", "K-1001"),
        ("caf\u{E9}", "cafe\u{301}"),  // é precomposed and e + combining acute
        ("\u{D55C}\u{AE00}", "\u{1112}\u{1161}\u{11AB}\u{1100}\u{1173}\u{11AF}"),  // 한글, syllables and jamo
        ("\u{212B}", "A\u{30A}"),  // ANGSTROM SIGN, A + ring above
        ("\u{C5}", "\u{212B}"),
        ("a\u{323}\u{307}", "a\u{307}\u{323}"),  // combining marks in either order
        ("ORDER-FROM-A-LONG-PREFIX-\u{212A}", "ORDER-FROM-A-LONG-PREFIX-K"),
        ("\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}", "KKKKKKK"),
        ("r\u{E9}sum\u{E9}-2026-000000017", "re\u{301}sume\u{301}-2026-000000017"),
    ]

    @Test func canonicallyEquivalentOrdersHashAlike() {
        for (one, other) in Self.equivalentPairs {
            #expect(one == other, "\(one.unicodeScalars.map(\.value)) vs \(other.unicodeScalars.map(\.value))")
            #expect(TextHash.hash(one, 3) == TextHash.hash(other, 3))
            let first = OrderLineID(channel: "shopify", order: one, line: 3)
            let second = OrderLineID(channel: "shopify", order: other, line: 3)
            #expect(first == second)
            #expect(first.hashValue == second.hashValue)
            #expect(first._rawHashValue(seed: 11) == second._rawHashValue(seed: 11))
        }
    }

    @Test func canonicallyEquivalentOrdersAreOneKeyInATable() {
        for (one, other) in Self.equivalentPairs {
            let first = OrderLineID(channel: "amazon", order: one, line: 1)
            let second = OrderLineID(channel: "amazon", order: other, line: 1)
            var open: [OrderLineID: Int] = [first: 1]
            // Enough other keys that the table is not a handful of buckets searched in full.
            for number in 0..<200 { open[OrderLineID(channel: "amazon", order: "filler-\(number)", line: 1)] = number }
            #expect(open[second] == 1)
            open[second] = 2
            #expect(open.count == 201)
            #expect(open[first] == 2)
            open[second] = nil
            #expect(open[first] == nil)
            #expect(Set([first, second]).count == 1)
        }
    }

    /// A line placed under one spelling of its order and cancelled under the other is closed:
    /// the fold's open lines are the table that must treat the two as one key.
    @Test func aLinePlacedAndCancelledUnderEquivalentSpellingsCloses() {
        var state = StockState()
        var sequence: UInt64 = 0
        func apply(_ change: Change) {
            sequence += 1
            state.apply(
                Event(sequence: sequence, time: Timestamp(millisecondsSince1970: 1_000), actor: "t", change: change))
        }
        let mug = SKUCode("MUG")
        apply(.skuCreated(SKU(code: mug, title: "Mug")))
        apply(.received(sku: mug, quantity: 10, reference: nil, fromIncoming: 0))
        func line(_ order: String) -> OrderLineFacts {
            OrderLineFacts(
                id: OrderLineID(channel: "shopify", order: order, line: 1), sku: mug, quantity: 2,
                unitPrice: Money(cents: 500), time: Timestamp(millisecondsSince1970: 1_000))
        }
        apply(.orderPlaced(line("caf\u{E9}-\u{212A}7")))
        #expect(state.openLines.count == 1)
        apply(.orderCancelled(line("cafe\u{301}-K7")))
        #expect(state.openLines.isEmpty)
    }

    /// Random texts made of fragments that each have several canonically equivalent spellings:
    /// two spellings of one sequence are equal strings and must hash alike, at every length
    /// (both sides of the 16-byte boundary) and with ASCII and non-ASCII spellings mixed.
    @Test func equivalentSpellingsOfRandomTextsHashAlike() {
        let fragments: [[String]] = [
            ["K", "\u{212A}"], ["\u{E9}", "e\u{301}"], ["\u{C5}", "A\u{30A}", "\u{212B}"],
            ["\u{D55C}", "\u{1112}\u{1161}\u{11AB}"], ["\u{1E69}", "s\u{323}\u{307}", "s\u{307}\u{323}"],
            ["-"], ["0"], ["7"], ["ORD"], ["x"],
        ]
        var random = SplitMix64(seed: 0x7e57_4a54)
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...14, using: &random)
            var one = ""
            var other = ""
            for _ in 0..<length {
                let spellings = fragments[Int.random(in: 0..<fragments.count, using: &random)]
                one += spellings[Int.random(in: 0..<spellings.count, using: &random)]
                other += spellings[Int.random(in: 0..<spellings.count, using: &random)]
            }
            let number = Int.random(in: -3...3, using: &random)
            #expect(one == other)
            #expect(TextHash.hash(one, number) == TextHash.hash(other, number), "\(one.unicodeScalars.map(\.value))")
        }
    }

    /// The NFC route is what makes the tests above pass: hashing a non-ASCII text's own bytes
    /// (what a byte hash without it would do) splits the pairs Swift calls equal.
    @Test func withoutTheNFCRouteEquivalentTextsHashApart() {
        func rawBytes(_ text: String, _ keys: TextHash.Keys) -> UInt64 {
            Array(text.utf8).withUnsafeBytes { TextHash.hashBytes($0, keys: keys) }
        }
        func agreeing(_ route: (String, TextHash.Keys) -> UInt64) -> Int {
            Self.equivalentPairs.filter { one, other in
                TextHash.hash(one, 1, nonASCII: route) == TextHash.hash(other, 1, nonASCII: route)
            }.count
        }
        #expect(agreeing(TextHash.nfcHash) == Self.equivalentPairs.count)
        #expect(agreeing(rawBytes) < Self.equivalentPairs.count / 2)
        // And a table keyed by such a hash loses the line.
        let kelvin = TextHash.hash("\u{212A}", 1, nonASCII: rawBytes)
        #expect(kelvin != TextHash.hash("K", 1, nonASCII: rawBytes))
    }

    @Test func theNFCRouteOfASCIITextIsTheFastPath() {
        // An ASCII text's hash is the same by either route (its NFC form is itself).
        let keys = TextHash.keys
        for text in ["", "A", "100123", "order-0000000001", "an-order-id-longer-than-sixteen-bytes-00017"] {
            let fast = Array(text.utf8).withUnsafeBytes { TextHash.hashIfASCII($0, keys: keys) }
            #expect(fast == TextHash.nfcHash(text, keys: keys))
        }
        #expect(Array("\u{E9}".utf8).withUnsafeBytes { TextHash.hashIfASCII($0, keys: keys) } == nil)
    }

    @Test func differentTextsAndNumbersHashApart() {
        // Every prefix of a long text (both sides of each 8- and 16-byte boundary), the same
        // texts with another number, and texts differing in one byte: 64-bit hashes of a few
        // thousand distinct inputs should never meet.
        let long = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
        var seen = Set<Int>()
        var inputs = 0
        for length in 0...long.utf8.count {
            let text = String(long.prefix(length))
            for number in [0, 1, 2, -1, Int.max, Int.min] {
                seen.insert(TextHash.hash(text, number))
                inputs += 1
            }
        }
        for order in 100_000..<103_000 {
            seen.insert(TextHash.hash(String(order), 1))
            inputs += 1
        }
        // Trailing zero bytes are not padding: "A" and "A\0" differ.
        seen.insert(TextHash.hash("A\u{0}", 0))
        seen.insert(TextHash.hash("A\u{0}\u{0}", 0))
        inputs += 2
        #expect(seen.count == inputs)
    }

    /// An id made from a `HashedText` (replay keeps one per recent order id) is the id made from
    /// the text, hashing alike, for every spelling: the two hashes come from one function.
    @Test func anIDFromHashedTextIsTheIDFromItsText() {
        var texts = ["", "1", "100123", "ORDER-0123456789", "ORDER-0123456789A", "#1001"]
        for (one, other) in Self.equivalentPairs { texts += [one, other] }
        for text in texts {
            let hashed = HashedText(text)
            #expect(hashed.text == text)
            for line in [0, 1, 2, -1, Int.max, Int.min] {
                let fromHashed = OrderLineID(channel: "shopify", order: hashed, line: line)
                let plain = OrderLineID(channel: "shopify", order: text, line: line)
                #expect(fromHashed == plain)
                #expect(fromHashed.hashValue == plain.hashValue)
                #expect(fromHashed._rawHashValue(seed: 5) == plain._rawHashValue(seed: 5))
                #expect(hashed.hash(line) == TextHash.hash(text, line))
            }
        }
        for (one, other) in Self.equivalentPairs {
            let fromHashed = OrderLineID(channel: "ebay", order: HashedText(one), line: 2)
            let plain = OrderLineID(channel: "ebay", order: other, line: 2)
            #expect(fromHashed == plain && fromHashed.hashValue == plain.hashValue)
        }
        // Changing a field of an id made from a `HashedText` rehashes it as any id.
        var moved = OrderLineID(channel: "ebay", order: HashedText("100123"), line: 1)
        moved.order = "100124"
        #expect(moved.hashValue == OrderLineID(channel: "ebay", order: "100124", line: 1).hashValue)
    }
}
