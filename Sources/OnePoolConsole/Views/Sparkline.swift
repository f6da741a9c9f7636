/// Eight-level block characters for small charts in a line.
public enum Sparkline {
    public static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// `values` squeezed into `width` cells (summing neighbours when there are more values than
    /// cells), each scaled to the largest. Zero is a blank, so a dead SKU looks dead.
    public static func render(_ values: [Int], width: Int) -> String {
        guard width > 0, !values.isEmpty else { return "" }
        let buckets = bucket(values, into: width)
        let top = buckets.max() ?? 0
        guard top > 0 else { return String(repeating: " ", count: buckets.count) }
        return String(
            buckets.map { value -> Character in
                if value <= 0 { return " " }
                let level = min(levels.count - 1, (value * levels.count - 1) / top)
                return levels[level]
            })
    }

    /// The scalars `render` spells, one a cell: a view draws them (`Screen.putScalars`) without
    /// making the string, once per row of the stock table.
    static func scalars(_ values: [Int], width: Int) -> [Unicode.Scalar] {
        guard width > 0, !values.isEmpty else { return [] }
        let buckets = bucket(values, into: width)
        let top = buckets.max() ?? 0
        guard top > 0 else { return Array(repeating: " ", count: buckets.count) }
        return buckets.map { value in
            if value <= 0 { return " " }
            return levelScalars[min(levelScalars.count - 1, (value * levelScalars.count - 1) / top)]
        }
    }

    private static let levelScalars: [Unicode.Scalar] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// Sums consecutive values so that at most `width` remain (the newest bucket is whole).
    public static func bucket(_ values: [Int], into width: Int) -> [Int] {
        guard values.count > width, width > 0 else { return values }
        let size = (values.count + width - 1) / width
        var result: [Int] = []
        var end = values.count
        while end > 0 {
            let start = max(0, end - size)
            result.append(values[start..<end].reduce(0, +))
            end = start
        }
        return result.reversed()
    }

    /// A horizontal bar of `value` out of `maximum` in `width` cells, in eighths (▏▎▍▌▋▊▉█).
    public static func bar(_ value: Int, of maximum: Int, width: Int) -> String {
        guard maximum > 0, value > 0 else { return "" }
        let eighths = min(width * 8, max(1, value * width * 8 / maximum))
        let partial: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + (eighths % 8 == 0 ? "" : String(partial[eighths % 8 - 1]))
    }
}
