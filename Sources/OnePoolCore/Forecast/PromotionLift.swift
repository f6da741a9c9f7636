/// Promotion days modelled as a multiplicative lift on a baseline, when the promotion calendar is
/// known ahead (a shop plans its promotions).
///
/// Left in the history, promotion days drag every level-following method up after each
/// promotion and down after it ends, and the policy orders for a promotion that is over; set
/// aside (censored), the baseline is right but the promotion days ahead are forecast at baseline.
/// Modelled: the series' lift is the mean of its observed promotion days over the mean of its
/// other observed days, shrunk towards 1 by `shrinkDays` pseudo-days (a few promotion days say
/// little); the history is divided by the lift on promotion days, so the methods forecast the
/// baseline; then the forecast is multiplied by the lift on the promotion days of the horizon.
/// Invariant: `lift` is finite and within `range`.
public struct PromotionLift: Sendable, Equatable {
    public static let shrinkDays = 14.0
    public static let range = 0.2...20.0
    public let lift: Double

    public init(lift: Double) {
        self.lift = lift.isFinite ? min(max(lift, Self.range.lowerBound), Self.range.upperBound) : 1
    }

    /// No promotion effect.
    public static let none = PromotionLift(lift: 1)

    /// The shrunk lift from the observed periods of `history` before `history.end`.
    public static func estimate(_ history: DemandWindow, promoted: [Bool]) -> PromotionLift {
        var promotedSum = 0.0
        var promotedDays = 0.0
        var otherSum = 0.0
        var otherDays = 0.0
        for t in 0..<min(history.end, promoted.count) where history.observed[t] {
            if promoted[t] {
                promotedSum += history.values[t]
                promotedDays += 1
            } else {
                otherSum += history.values[t]
                otherDays += 1
            }
        }
        guard promotedDays > 0, otherDays > 0, otherSum > 0 else { return .none }
        let raw = (promotedSum / promotedDays) / (otherSum / otherDays)
        let weight = promotedDays / (promotedDays + shrinkDays)
        return PromotionLift(lift: 1 + (raw - 1) * weight)
    }

    /// The history as a baseline: promotion days divided by the lift (censoring kept).
    public func baseline(_ values: [Double], promoted: [Bool]) -> [Double] {
        guard lift != 1 else { return values }
        return values.indices.map { t in t < promoted.count && promoted[t] ? values[t] / lift : values[t] }
    }

    /// `forecast` of the baseline with the promotion days ahead (`promotedAhead[i]` for period i
    /// of the horizon) multiplied by the lift; the total's distribution scaled by the same factor
    /// as its mean (a scaled variable: the variance by its square), so calibrated levels still
    /// read the same relative width.
    public func apply(_ forecast: DemandForecast, promotedAhead: [Bool]) -> DemandForecast {
        guard lift != 1, promotedAhead.contains(true) else { return forecast }
        var copy = forecast
        let before = forecast.expected.reduce(0, +)
        for (index, isPromoted) in promotedAhead.enumerated() where isPromoted && index < copy.expected.count {
            copy.expected[index] *= lift
            copy.point[index] *= lift
        }
        // The baseline's largest total, every day of it lifted: at least the largest total seen.
        copy.largestTotal = forecast.largestTotal.map { $0 * max(1, lift) }
        let after = copy.expected.reduce(0, +)
        if before > 0 {
            let factor = after / before
            copy.total = HorizonDistribution(
                mean: forecast.total.mean * factor, variance: forecast.total.variance * factor * factor)
        }
        return copy
    }
}
