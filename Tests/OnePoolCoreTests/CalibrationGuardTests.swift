import OnePoolTestSupport
import Testing

@testable import OnePoolCore

/// `ForecastCalibration`'s two guards for what split conformal assumes and demand breaks: the
/// same weeks a year back (a yearly peak rare among recent origins), and drift (the newest
/// origin's outcomes missing the level fitted on the older ones more often than they should).
/// Both apply above ½ only, so the median, and the point forecast planned from it, never move.
@Suite struct CalibrationGuardTests {
    /// `count` scores spread evenly over [0, 1), in a scrambled order.
    static func even(_ count: Int, _ origin: CalibrationOrigin, _ demandClass: DemandClass = .smooth)
        -> [CalibrationScore]
    {
        (0..<count).map {
            CalibrationScore(
                demandClass: demandClass, score: Double(($0 * 37) % count) / Double(count), origin: origin)
        }
    }

    static func plain(_ scores: [CalibrationScore]) -> ForecastCalibration {
        ForecastCalibration(scores: scores.map { (demandClass: $0.demandClass, score: $0.score) })
    }

    /// Scores from exchangeable origins (every origin's spread alike) give the plain conformal
    /// levels at every target: neither guard moves anything it has no evidence for.
    @Test func exchangeableOriginsChangeNothing() {
        let scores = Self.even(200, .newest) + Self.even(400, .earlier) + Self.even(200, .yearAgo)
        let guarded = ForecastCalibration(scores: scores)
        let plain = Self.plain(scores)
        for target in [0.1, 0.5, 0.8, 0.9, 0.95, 0.98] {
            let level = guarded.level(target, for: .smooth)
            #expect(level >= plain.level(target, for: .smooth) && level < plain.level(target, for: .smooth) + 0.01)
        }
        #expect(guarded.tailRatio <= 1.05)
    }

    /// Last year's same weeks were a peak every forecast under-called (scores all ≥ 0.9): a 95%
    /// level must cover 95% of those too, so it is their level, well above the recent ones'. The
    /// median is the recent scores' as before.
    @Test func theSameWeeksAYearBackAreCovered() {
        let recent = Self.even(100, .newest) + Self.even(300, .earlier)
        let peak = (0..<100).map {
            CalibrationScore(demandClass: .smooth, score: 0.9 + Double($0) / 1000, origin: .yearAgo)
        }
        let guarded = ForecastCalibration(scores: recent + peak)
        let plain = Self.plain(recent + peak)
        let yearAgoOnly = Self.plain(peak)
        #expect(guarded.level(0.95, for: .smooth) == yearAgoOnly.level(0.95, for: .smooth))
        #expect(guarded.level(0.95, for: .smooth) > plain.level(0.95, for: .smooth))
        #expect(guarded.level(0.5, for: .smooth) == plain.level(0.5, for: .smooth))
        // Fewer year-ago scores than `minimumScores` (in the class or pooled) say nothing.
        let few = ForecastCalibration(scores: recent + peak.prefix(ForecastCalibration.minimumScores - 1))
        #expect(few.level(0.95, for: .smooth) == Self.plain(recent + peak.prefix(49)).level(0.95, for: .smooth))
    }

    /// Without year-ago scores, the newest origin missed the older scores' 95% level three times as often as it should
    /// (15% of its scores at or above 0.95): every tail beyond p > ½ is cut by three, so the level
    /// asked for 95% is the plain calibration's 1 − 0.05 / 3, for 90% its 1 − 0.1 / 3. With no
    /// misses it widens nothing.
    @Test func driftOnTheNewestOriginWidensTheTail() {
        let older = Self.even(400, .earlier)
        let newest = (0..<100).map {
            CalibrationScore(
                demandClass: .smooth, score: $0 < 85 ? Double($0) / 100 : 0.96 + Double($0 - 85) / 1000,
                origin: .newest)
        }
        let guarded = ForecastCalibration(scores: older + newest)
        let plain = Self.plain(older + newest)
        #expect(abs(guarded.tailRatio - 3) < 1e-9)
        #expect(guarded.level(0.95, for: .smooth) == plain.level(1 - 0.05 / 3, for: .smooth))
        #expect(guarded.level(0.9, for: .smooth) == plain.level(1 - 0.1 / 3, for: .smooth))
        #expect(guarded.level(0.95, for: .smooth) > plain.level(0.95, for: .smooth))
        #expect(guarded.level(0.5, for: .smooth) == plain.level(0.5, for: .smooth))
        // Where last year's same weeks were scored, they are the evidence, not the newest origin.
        let withYearAgo = ForecastCalibration(scores: older + newest + Self.even(60, .yearAgo))
        #expect(withYearAgo.tailRatio == 1)
        let calm = (0..<100).map { CalibrationScore(demandClass: .smooth, score: Double($0) / 200, origin: .newest) }
        let notDrifting = ForecastCalibration(scores: older + calm)
        #expect(notDrifting.tailRatio == 1)
        #expect(notDrifting.level(0.95, for: .smooth) == Self.plain(older + calm).level(0.95, for: .smooth))
    }

    /// Levels still rise with the target once guarded (a higher service level never asks less).
    @Test func guardedLevelsRiseWithTheTarget() {
        var random = SplitMix64(seed: 5)
        var scores: [CalibrationScore] = []
        for index in 0..<900 {
            let origin: CalibrationOrigin = index % 9 == 0 ? .newest : index % 9 == 1 ? .yearAgo : .earlier
            let spread = origin == .earlier ? 1.0 : 0.7
            let draw = Double.random(in: 0..<1, using: &random)
            let score = min(0.999, draw * spread + (origin == .earlier ? 0 : 0.3))
            let demandClass: DemandClass = index % 2 == 0 ? .lumpy : .erratic
            scores.append(CalibrationScore(demandClass: demandClass, score: score, origin: origin))
        }
        let guarded = ForecastCalibration(scores: scores)
        for demandClass in [DemandClass.lumpy, .erratic, .smooth] {
            var previous = 0.0
            for step in 1..<100 {
                let level = guarded.level(Double(step) / 100, for: demandClass)
                #expect(level >= previous, "\(demandClass) at \(step)%")
                previous = level
            }
        }
    }

    /// The selector tags each calibration forecast by origin: one horizon back is the newest, the
    /// recent ones before it earlier, and the weeks a year back (before every recent one) year-ago.
    @Test func calibrationForecastsNameTheirOrigin() {
        let values: [Double] = (0..<800).map { (day: Int) -> Double in
            let base = Double((day * 7) % 5)
            return day % 7 == 5 ? base + 4 : base
        }
        let history = DemandWindow(values)
        let selector = ForecastSelector(horizon: 28, season: 7, year: 364)
        let forecasts: [CalibrationForecast] = selector.calibrationForecasts(history, count: 3)
        let origins: [Int] = forecasts.map { $0.origin }
        let kinds: [CalibrationOrigin] = forecasts.map { $0.kind }
        let tagged: [CalibrationOrigin] = forecasts.map { $0.calibrationScore.origin }
        #expect(origins == [772, 744, 716, 436])
        #expect(kinds == [CalibrationOrigin.newest, .earlier, .earlier, .yearAgo])
        #expect(tagged == kinds)
    }
}
