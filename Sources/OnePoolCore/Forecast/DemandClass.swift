/// The Syntetos–Boylan demand classes: how often demand occurs and how much its size varies.
///
/// ADI is the average number of periods per demand (observed periods from the first observed one,
/// over the periods with demand); CV² the squared coefficient of variation of the non-zero sizes.
/// Cut-offs 1.32 and 0.49 (Syntetos, Boylan & Croston 2005):
///
///                 CV² < 0.49      CV² ≥ 0.49
///   ADI < 1.32    smooth          erratic
///   ADI ≥ 1.32    intermittent    lumpy
///
/// A history with fewer than two demands has no size variation: CV² is 0.
public enum DemandClass: String, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    case smooth, erratic, intermittent, lumpy

    public static let intervalCutoff = 1.32
    public static let variationCutoff = 0.49

    public var description: String { rawValue }

    public static func of(_ history: DemandWindow) -> DemandClass {
        var periods = 0
        var demands = 0
        var sum = 0.0
        var squares = 0.0
        for t in 0..<history.end where history.observed[t] {
            periods += 1
            let value = history.values[t]
            guard value > 0 else { continue }
            demands += 1
            sum += value
            squares += value * value
        }
        let interval = demands > 0 ? Double(periods) / Double(demands) : .infinity
        var variation = 0.0
        if demands > 1 {
            let mean = sum / Double(demands)
            let variance = max(0, squares / Double(demands) - mean * mean)
            variation = variance / (mean * mean)
        }
        switch (interval < intervalCutoff, variation < variationCutoff) {
        case (true, true): return .smooth
        case (true, false): return .erratic
        case (false, true): return .intermittent
        case (false, false): return .lumpy
        }
    }
}
