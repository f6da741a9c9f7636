// Clocks, percentiles and the printed table.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BenchSupport

/// CPU time of this thread in seconds: unlike `now()`, it does not count time spent waiting
/// for a core, so it shows what a frame costs on a machine that other work keeps busy.
func cpuNow() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Milliseconds spent in `body`.
@inline(__always)
func milliseconds(_ body: () throws -> Void) rethrows -> Double {
    let start = now()
    try body()
    return (now() - start) * 1000
}

/// Samples in milliseconds, with the statistics the table shows.
struct Samples {
    private(set) var values: [Double] = []

    mutating func add(_ value: Double) { values.append(value) }

    var count: Int { values.count }
    /// The first sample taken (NaN if none).
    var first: Double { values.first ?? .nan }
    var isEmpty: Bool { values.isEmpty }

    /// Nearest-rank percentile (p in 0...100): p99 of 3,000 samples is the 2,970th smallest.
    func percentile(_ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(sorted.count - 1, Swift.max(0, rank - 1))]
    }

    var median: Double { percentile(50) }
    var p99: Double { percentile(99) }
    var max: Double { values.max() ?? .nan }
    var mean: Double { values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count) }
    var sum: Double { values.reduce(0, +) }
}

/// "3.21 ms" with precision that suits the size.
func ms(_ value: Double) -> String {
    guard value.isFinite else { return "—" }
    if value >= 100 { return "\(Int(value.rounded())) ms" }
    if value >= 10 { return fixed(value, 1) + " ms" }
    if value >= 1 { return fixed(value, 2) + " ms" }
    return fixed(value, 3) + " ms"
}

func fixed(_ value: Double, _ decimals: Int) -> String {
    guard value.isFinite else { return "—" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = Int((abs(value) * scale).rounded())
    let whole = scaled / Int(scale), fraction = scaled % Int(scale)
    var text = "\(whole)"
    if decimals > 0 {
        let digits = String(fraction)
        text += "." + String(repeating: "0", count: decimals - digits.count) + digits
    }
    return (value < 0 && scaled != 0 ? "-" : "") + text
}

/// A Markdown table, columns padded so it also reads as plain text.
func table(_ header: [String], _ rows: [[String]]) -> String {
    var widths = header.map(\.count)
    for row in rows {
        for (index, cell) in row.enumerated() where index < widths.count { widths[index] = Swift.max(widths[index], cell.count) }
    }
    func line(_ cells: [String]) -> String {
        "| " + cells.enumerated().map { index, cell in cell + String(repeating: " ", count: widths[index] - cell.count) }
            .joined(separator: " | ") + " |"
    }
    let rule = "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|"
    return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
}

