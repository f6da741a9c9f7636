import OnePoolCore

/// The forecasting arithmetic as it was before issue 17's catalogue-speed round (main f1c8012),
/// kept verbatim as the reference the faster code is compared with, double for double: bucket
/// totals summed period by period, exponential smoothing with its chains in arrays and the phase
/// divided out each period, the damped trend's grid one chain at a time, and the exposure's
/// convolution as a plain double loop. Only `DemandWindow`'s public face is used.
public enum ReferenceForecasting {
    static let sesAlphas: [Double] = [0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.45]
    static let aggregationAlphas: [Double] = [0.1, 0.15, 0.2, 0.3]

    /// `SimpleExponentialSmoothing.fit(_:alphas:value:)` as it was: (alpha, level).
    public static func sesFit(_ history: DemandWindow, alphas: [Double], value: (Int) -> Double) -> (
        alpha: Double, level: Double
    )? {
        guard !alphas.isEmpty else { return nil }
        var startSum = 0.0
        var startCount = 0
        for t in 0..<history.end where history.observed[t] {
            startSum += value(t)
            startCount += 1
            if startCount == 6 { break }
        }
        guard startCount > 0 else { return nil }
        var levels = [Double](repeating: startSum / Double(startCount), count: alphas.count)
        var errors = [Double](repeating: 0, count: alphas.count)
        for t in 0..<history.end where history.observed[t] {
            let demand = value(t)
            for index in 0..<alphas.count {
                let residual = demand - levels[index]
                errors[index] += residual * residual
                levels[index] += alphas[index] * residual
            }
        }
        var best: Int?
        var bestError = Double.infinity
        for index in alphas.indices where errors[index] < bestError {
            best = index
            bestError = errors[index]
        }
        return best.map { (alphas[$0], levels[$0]) }
    }

    public static func sesFit(_ history: DemandWindow, alphas: [Double]) -> (alpha: Double, level: Double)? {
        let values = history.values
        return sesFit(history, alphas: alphas) { values[$0] }
    }

    /// `TemporalAggregation.aggregated(_:level:)` as it was: each bucket summed period by period.
    public static func aggregated(_ history: DemandWindow, level: Int) -> Double? {
        guard level > 1 else { return sesFit(history, alphas: aggregationAlphas)?.level }
        let bucketCount = history.end / level
        guard bucketCount >= 2 else { return nil }
        let skip = history.end - bucketCount * level
        func bucketTotal(_ bucket: Int) -> Double? {
            var sum = 0.0
            var observedPeriods = 0
            let start = skip + bucket * level
            for t in start..<(start + level) where history.observed[t] {
                sum += history.values[t]
                observedPeriods += 1
            }
            return observedPeriods > 0 ? sum * Double(level) / Double(observedPeriods) : nil
        }
        var startSum = 0.0
        var startCount = 0
        for bucket in 0..<bucketCount {
            guard let total = bucketTotal(bucket) else { continue }
            startSum += total
            startCount += 1
            if startCount == 6 { break }
        }
        guard startCount > 0 else { return nil }
        let start = startSum / Double(startCount)
        var levels = [Double](repeating: start, count: 4)
        var errors = [Double](repeating: 0, count: 4)
        for bucket in 0..<bucketCount {
            guard let demand = bucketTotal(bucket) else { continue }
            for index in 0..<4 {
                let residual = demand - levels[index]
                errors[index] += residual * residual
                levels[index] += aggregationAlphas[index] * residual
            }
        }
        var best: Double? = nil
        var bestError = Double.infinity
        for index in 0..<4 where errors[index] < bestError {
            best = levels[index]
            bestError = errors[index]
        }
        return best.map { $0 / Double(level) }
    }

    /// `SeasonalMethods.phaseMeans` as it was.
    public static func phaseMeans(_ history: DemandWindow, period: Int, seasons: Int) -> [Double]? {
        let start = max(0, history.end - seasons * period)
        var sums = [Double](repeating: 0, count: period)
        var counts = [Int](repeating: 0, count: period)
        for t in start..<history.end where history.observed[t] {
            sums[t % period] += history.values[t]
            counts[t % period] += 1
        }
        guard !counts.contains(0) else { return nil }
        return zip(sums, counts).map { $0 / Double($1) }
    }

    /// `SeasonalMethods.exponentialSmoothing` as it was.
    public static func seasonalSmoothing(_ history: DemandWindow, period: Int, horizon: Int) -> [Double]? {
        guard history.end >= 2 * period, let means = phaseMeans(history, period: period, seasons: 52) else {
            return nil
        }
        let overall = means.reduce(0, +) / Double(period)
        guard overall > 0 else { return nil }
        let profile = means.map { max(0.05, $0 / overall) }
        let values = history.values
        let fit = sesFit(history, alphas: sesAlphas) { values[$0] / profile[$0 % period] }
        guard let level = fit?.level else { return nil }
        return (0..<horizon).map { level * profile[(history.end + $0) % period] }
    }

    /// The damped trend's grid, in the order the fit tries it.
    static let dampedGrid: [(alpha: Double, beta: Double, phi: Double)] = [0.05, 0.1, 0.2, 0.35].flatMap { alpha in
        [0.01, 0.05, 0.15].filter { $0 <= alpha }.flatMap { beta in [0.8, 0.9, 0.98].map { (alpha, beta, $0) } }
    }

    /// `RollingForecasts.dampedPaths` as it was: the grid's chains in arrays, one after another.
    public static func dampedPaths(_ history: DemandWindow, at origins: [Int], horizon: Int) -> [[Double]?] {
        var result = [[Double]?](repeating: nil, count: origins.count)
        var firstFour: [Double] = []
        for t in 0..<history.end where history.observed[t] {
            firstFour.append(history.values[t])
            if firstFour.count == 4 { break }
        }
        guard firstFour.count == 4 else { return result }
        var seen = 0
        var boundary = 0
        for t in 0..<history.end where history.observed[t] {
            seen += 1
            boundary = t + 1
            if seen == 4 { break }
        }
        let grid = dampedGrid
        var levels = [Double](repeating: firstFour[0], count: grid.count)
        var trends = [Double](repeating: (firstFour[3] - firstFour[0]) / 3, count: grid.count)
        var errors = [Double](repeating: 0, count: grid.count)
        var next = 0
        for t in 0...history.end {
            while next < origins.count && origins[next] == t {
                if t < boundary {
                    result[next] = DampedTrend.fit(history.cut(at: t))?.path(horizon: horizon)
                } else {
                    var best = 0
                    for index in errors.indices where errors[index] < errors[best] { best = index }
                    result[next] = path(phi: grid[best].phi, level: levels[best], trend: trends[best], horizon: horizon)
                }
                next += 1
            }
            if t == history.end || next == origins.count { break }
            guard history.observed[t] else { continue }
            let value = history.values[t]
            for index in grid.indices {
                let (alpha, beta, phi) = grid[index]
                let predicted = levels[index] + phi * trends[index]
                let residual = value - predicted
                errors[index] += residual * residual
                let newLevel = predicted + alpha * residual
                trends[index] = phi * trends[index] + beta * (newLevel - levels[index] - phi * trends[index])
                levels[index] = newLevel
            }
        }
        return result
    }

    /// `DampedTrend.Fit.path(horizon:)`.
    static func path(phi: Double, level: Double, trend: Double, horizon: Int) -> [Double] {
        var damping = 0.0
        var power = 1.0
        return (0..<horizon).map { _ in
            power *= phi
            damping += power
            return max(0, level + damping * trend)
        }
    }

    /// `CycleExposure`'s convolution as it was.
    public static func convolution(_ a: [Double], _ b: [Double]) -> [Double] {
        var sum = [Double](repeating: 0, count: a.count + b.count - 1)
        for (i, x) in a.enumerated() where x > 0 {
            for (j, y) in b.enumerated() { sum[i + j] += x * y }
        }
        return sum
    }

    /// `RollingForecasts.pastObserved`.
    static func pastObserved(_ history: DemandWindow, count: Int) -> Int {
        var seen = 0
        var index = 0
        for t in 0..<history.end where history.observed[t] {
            seen += 1
            index = t + 1
            if seen == count { break }
        }
        return index
    }

    static func argmin(_ values: [Double]) -> Int {
        var best = 0
        for index in values.indices where values[index] < values[best] { best = index }
        return best
    }

    /// `RollingForecasts.sesLevels` as it was.
    public static func sesLevels(_ history: DemandWindow, at origins: [Int], alphas: [Double]) -> [Double?] {
        var result = [Double?](repeating: nil, count: origins.count)
        var sum = 0.0
        var count = 0
        for t in 0..<history.end where history.observed[t] {
            sum += history.values[t]
            count += 1
            if count == 6 { break }
        }
        guard count > 0 else { return result }
        let start = sum / Double(count)
        let boundary = pastObserved(history, count: 6)
        var levels = [Double](repeating: start, count: alphas.count)
        var errors = [Double](repeating: 0, count: alphas.count)
        var next = 0
        for t in 0...history.end {
            while next < origins.count && origins[next] == t {
                if t < boundary {
                    result[next] = SimpleExponentialSmoothing.fit(history.cut(at: t), alphas: alphas)?.level
                } else {
                    result[next] = levels[argmin(errors)]
                }
                next += 1
            }
            if t == history.end || next == origins.count { break }
            guard history.observed[t] else { continue }
            let value = history.values[t]
            for index in alphas.indices {
                let residual = value - levels[index]
                errors[index] += residual * residual
                levels[index] += alphas[index] * residual
            }
        }
        return result
    }

    /// `RollingForecasts.crostonRates` as it was.
    public static func crostonRates(_ history: DemandWindow, at origins: [Int]) -> [Double?] {
        let alphas: [Double] = [0.05, 0.1, 0.2, 0.3]
        var result = [Double?](repeating: nil, count: origins.count)
        var sizes = [Double](repeating: 0, count: alphas.count)
        var intervals = [Double](repeating: 0, count: alphas.count)
        var errors = [Double](repeating: 0, count: alphas.count)
        var started = false
        var sinceLast = 1.0
        var next = 0
        for t in 0...history.end {
            while next < origins.count && origins[next] == t {
                if started {
                    let best = argmin(errors)
                    result[next] = (1 - alphas[best] / 2) * sizes[best] / intervals[best]
                }
                next += 1
            }
            if t == history.end || next == origins.count { break }
            guard history.observed[t] else { continue }
            let demand = history.values[t]
            if started {
                for index in alphas.indices {
                    let predicted = (1 - alphas[index] / 2) * sizes[index] / intervals[index]
                    errors[index] += (demand - predicted) * (demand - predicted)
                }
            }
            if demand > 0 {
                for index in alphas.indices {
                    if started {
                        sizes[index] += alphas[index] * (demand - sizes[index])
                        intervals[index] += alphas[index] * (sinceLast - intervals[index])
                    } else {
                        sizes[index] = demand
                        intervals[index] = sinceLast
                    }
                }
                started = true
                sinceLast = 1
            } else {
                sinceLast += 1
            }
        }
        return result
    }

    /// `RollingForecasts.tsbRates` as it was (with `TSB.startingPoint` and `startBoundary`).
    public static func tsbRates(_ history: DemandWindow, at origins: [Int]) -> [Double?] {
        var result = [Double?](repeating: nil, count: origins.count)
        var early = 0
        var earlyDemands = 0
        var sizeSum = 0.0
        var firstDemand: Double?
        for t in 0..<history.end where history.observed[t] {
            let demand = history.values[t]
            if early < 6 {
                early += 1
                if demand > 0 {
                    earlyDemands += 1
                    sizeSum += demand
                }
            }
            if demand > 0 && firstDemand == nil { firstDemand = demand }
            if early == 6 && firstDemand != nil { break }
        }
        guard let firstDemand, early > 0 else { return result }
        let start = (
            probability: Double(earlyDemands) / Double(early),
            size: earlyDemands > 0 ? sizeSum / Double(earlyDemands) : firstDemand
        )
        var firstDemandEnd = history.end
        for t in 0..<history.end where history.observed[t] && history.values[t] > 0 {
            firstDemandEnd = t + 1
            break
        }
        let boundary = max(pastObserved(history, count: 6), firstDemandEnd)
        let grid: [(alpha: Double, beta: Double)] = [
            (0.05, 0.02), (0.1, 0.05), (0.1, 0.1), (0.2, 0.05), (0.2, 0.2), (0.3, 0.1),
        ]
        var probabilities = [Double](repeating: start.probability, count: grid.count)
        var sizes = [Double](repeating: start.size, count: grid.count)
        var errors = [Double](repeating: 0, count: grid.count)
        var next = 0
        for t in 0...history.end {
            while next < origins.count && origins[next] == t {
                if t < boundary {
                    result[next] = TSB.fit(history.cut(at: t))?.rate
                } else {
                    let best = argmin(errors)
                    result[next] = probabilities[best] * sizes[best]
                }
                next += 1
            }
            if t == history.end || next == origins.count { break }
            guard history.observed[t] else { continue }
            let demand = history.values[t]
            for index in grid.indices {
                let residual = demand - probabilities[index] * sizes[index]
                errors[index] += residual * residual
                if demand > 0 {
                    probabilities[index] += grid[index].beta * (1 - probabilities[index])
                    sizes[index] += grid[index].alpha * (demand - sizes[index])
                } else {
                    probabilities[index] -= grid[index].beta * probabilities[index]
                }
            }
        }
        return result
    }
}
