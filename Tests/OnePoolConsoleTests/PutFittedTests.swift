import Testing

@testable import OnePoolConsole

/// `Screen.putFitted` draws what `put` of the fitted text draws, and returns the same columns.
@Suite struct PutFittedTests {
    @Test func putFittedDrawsAsPuttingTheFittedText() {
        let pieces = ["a", "7", ",", " ", "MUG-", "é", "日", "▁", "\t", "e\u{301}"]
        var random = PackedCellTests.Random(seed: 21)
        for round in 0..<4000 {
            // Mostly ASCII, as table cells are; sometimes anything, so the fallback is taken too.
            let source = round % 3 == 0 ? pieces : Array(pieces.prefix(5))
            let text = (0..<random.below(8)).map { _ in source[random.below(source.count)] }.joined()
            let columns = random.below(14) - 1
            let x = random.below(16) - 3
            let y = random.below(4) - 1
            let rightAligned = random.below(2) == 0
            let cutInMiddle = random.below(2) == 0
            var fitted = Screen(width: 12, height: 2)
            fitted.put("0123456789ab", x: 0, y: 0, role: .muted)
            var viaPut = fitted
            let used = fitted.putFitted(
                text, x: x, y: y, role: .tableRow, columns: columns, rightAligned: rightAligned,
                cutInMiddle: cutInMiddle)
            let fittedText =
                cutInMiddle
                ? TextWidth.fitMiddle(text, to: columns, rightAligned: rightAligned)
                : TextWidth.fit(text, to: columns, rightAligned: rightAligned)
            let usedViaPut = viaPut.put(fittedText, x: x, y: y, role: .tableRow)
            let what = "\(text.debugDescription) in \(columns) at \(x),\(y) right \(rightAligned) middle \(cutInMiddle)"
            #expect(used == usedViaPut, "\(what)")
            #expect(fitted == viaPut, "\(what)")
        }
    }
}
