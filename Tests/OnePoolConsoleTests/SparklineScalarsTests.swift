import Testing

@testable import OnePoolConsole

/// The stock table draws each row's sparkline from its scalars: the same cells and columns as
/// putting `Sparkline.render`'s string.
@Suite struct SparklineScalarsTests {
    @Test func scalarsDrawAsTheRenderedString() {
        var random = PackedCellTests.Random(seed: 30)
        for round in 0..<3000 {
            let values = (0..<random.below(40)).map { _ in round % 4 == 0 ? 0 : random.below(12) - 1 }
            let width = random.below(34) - 2
            let rendered = Sparkline.render(values, width: width)
            let scalars = Sparkline.scalars(values, width: width)
            #expect(String(String.UnicodeScalarView(scalars)) == rendered, "\(values) in \(width)")
            let x = random.below(14) - 3
            var viaScalars = Screen(width: 12, height: 1)
            var viaString = viaScalars
            let used = viaScalars.putScalars(scalars, x: x, y: 0, role: .sparkline, end: 12)
            #expect(used == viaString.put(rendered, x: x, y: 0, role: .sparkline))
            #expect(viaScalars == viaString, "\(values) in \(width) at \(x)")
        }
    }
}
