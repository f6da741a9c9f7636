/// Forecasts at many origins of one history in a single pass, for the rolling-origin backtest.
///
/// A backtest asks each method for its forecast from the history cut at several origins. Refitting
/// at each origin repeats the same recursion over the same periods; here each grid point's
/// recursion runs once over the history, and at every origin the grid point with the least
/// one-step squared error so far is read off, which is what `fit(history.cut(at: origin))` would
/// choose. Only the start values look a few periods ahead (the mean of the first observed periods):
/// origins that come before those periods are fitted directly instead, so results are identical.
enum RollingForecasts {
    /// Index just past the `count`-th observed period (or past the last observed one when fewer).
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

    /// Simple exponential smoothing levels at `origins` (ascending, each ≤ history.end).
    /// Up to eight alphas run as the lanes of one vector (the scalar chain's operations per lane).
    static func sesLevels(_ history: DemandWindow, at origins: [Int], alphas: [Double]) -> [Double?] {
        var result: [Double?] = filledArray(nil, count: origins.count)
        guard let start = SimpleExponentialSmoothing.initialLevel(history) else { return result }
        guard alphas.count <= 8 else { return scalarSESLevels(history, at: origins, alphas: alphas, start: start) }
        let boundary = pastObserved(history, count: 6)
        var lanes = SIMD8<Double>(repeating: 0)
        for index in alphas.indices { lanes[index] = alphas[index] }
        var levels = SIMD8<Double>(repeating: start)
        var errors = SIMD8<Double>(repeating: 0)
        var next = 0
        for t in 0...history.end {
            while next < origins.count && origins[next] == t {
                if t < boundary {
                    result[next] = SimpleExponentialSmoothing.fit(history.cut(at: t), alphas: alphas)?.level
                } else {
                    result[next] = levels[argmin(errors, count: alphas.count)]
                }
                next += 1
            }
            if t == history.end || next == origins.count { break }
            guard history.observed[t] else { continue }
            let residual = SIMD8<Double>(repeating: history.values[t]) - levels
            errors += residual * residual
            levels += lanes * residual
        }
        return result
    }

    /// `sesLevels` for a grid longer than one vector: the chains in arrays.
    private static func scalarSESLevels(_ history: DemandWindow, at origins: [Int], alphas: [Double], start: Double)
        -> [Double?]
    {
        var result: [Double?] = filledArray(nil, count: origins.count)
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

    /// Damped-trend paths at `origins`.
    static func dampedPaths(_ history: DemandWindow, at origins: [Int], horizon: Int) -> [[Double]?] {
        var result: [[Double]?] = filledArray(nil, count: origins.count)
        var firstFour: [Double] = []
        for t in 0..<history.end where history.observed[t] {
            firstFour.append(history.values[t])
            if firstFour.count == 4 { break }
        }
        guard firstFour.count == 4 else { return result }
        let boundary = pastObserved(history, count: 4)
        let grid = DampedTrend.grid
        // The grid's chains four to a vector: each lane does the scalar recursion's own operations
        // in its order, so every level, trend and error is the scalar one to the bit.
        let (alphas, betas, phis) = (DampedTrend.alphaLanes, DampedTrend.betaLanes, DampedTrend.phiLanes)
        let vectors = alphas.count
        var levels = [SIMD4<Double>](repeating: SIMD4(repeating: firstFour[0]), count: vectors)
        var trends = [SIMD4<Double>](repeating: SIMD4(repeating: (firstFour[3] - firstFour[0]) / 3), count: vectors)
        var errors = [SIMD4<Double>](repeating: SIMD4(repeating: 0), count: vectors)
        /// The first grid point with the least error (ties to the earlier one, as the fit keeps it).
        func best() -> Int {
            var best = 0
            for index in 1..<grid.count where errors[index / 4][index % 4] < errors[best / 4][best % 4] {
                best = index
            }
            return best
        }
        var next = 0
        for t in 0...history.end {
            while next < origins.count && origins[next] == t {
                if t < boundary {
                    result[next] = DampedTrend.fit(history.cut(at: t))?.path(horizon: horizon)
                } else {
                    let index = best()
                    let point = grid[index]
                    result[next] = DampedTrend.Fit(
                        alpha: point.alpha, beta: point.beta, phi: point.phi, level: levels[index / 4][index % 4],
                        trend: trends[index / 4][index % 4]
                    ).path(horizon: horizon)
                }
                next += 1
            }
            if t == history.end || next == origins.count { break }
            guard history.observed[t] else { continue }
            let value = SIMD4<Double>(repeating: history.values[t])
            levels.withUnsafeMutableBufferPointer { levels in
                trends.withUnsafeMutableBufferPointer { trends in
                    errors.withUnsafeMutableBufferPointer { errors in
                        for index in 0..<vectors {
                            let phi = phis[index]
                            let level = levels[index]
                            let trend = trends[index]
                            let predicted = level + phi * trend
                            let residual = value - predicted
                            errors[index] += residual * residual
                            let newLevel = predicted + alphas[index] * residual
                            trends[index] = phi * trend + betas[index] * (newLevel - level - phi * trend)
                            levels[index] = newLevel
                        }
                    }
                }
            }
        }
        return result
    }

    /// Croston SBA rates at `origins`. The grid's four chains run as the lanes of one vector
    /// (the scalar chain's operations per lane; every branch depends on the demand alone).
    static func crostonRates(_ history: DemandWindow, at origins: [Int]) -> [Double?] {
        let grid = Croston.alphaGrid
        precondition(grid.count == 4, "Croston's grid fills one vector")
        let alphas = SIMD4(grid[0], grid[1], grid[2], grid[3])
        let corrections = 1 - alphas / 2
        var result: [Double?] = filledArray(nil, count: origins.count)
        var sizes = SIMD4<Double>(repeating: 0)
        var intervals = SIMD4<Double>(repeating: 0)
        var errors = SIMD4<Double>(repeating: 0)
        var started = false
        var sinceLast = 1.0
        var next = 0
        for t in 0...history.end {
            while next < origins.count && origins[next] == t {
                if started {
                    let best = argmin(errors, count: 4)
                    result[next] = corrections[best] * sizes[best] / intervals[best]
                }
                next += 1
            }
            if t == history.end || next == origins.count { break }
            guard history.observed[t] else { continue }
            let demand = history.values[t]
            if started {
                let residual = SIMD4(repeating: demand) - corrections * sizes / intervals
                errors += residual * residual
            }
            if demand > 0 {
                if started {
                    sizes += alphas * (SIMD4(repeating: demand) - sizes)
                    intervals += alphas * (SIMD4(repeating: sinceLast) - intervals)
                } else {
                    sizes = SIMD4(repeating: demand)
                    intervals = SIMD4(repeating: sinceLast)
                }
                started = true
                sinceLast = 1
            } else {
                sinceLast += 1
            }
        }
        return result
    }

    /// TSB rates at `origins`.
    static func tsbRates(_ history: DemandWindow, at origins: [Int]) -> [Double?] {
        var result: [Double?] = filledArray(nil, count: origins.count)
        guard let start = TSB.startingPoint(history) else { return result }
        let boundary = TSB.startBoundary(history)
        // The grid's six chains as lanes of one vector (the scalar chain's operations per lane;
        // the branch depends on the demand alone); the last two lanes are never read.
        let grid = TSB.grid
        var alphas = SIMD8<Double>(repeating: 0)
        var betas = SIMD8<Double>(repeating: 0)
        for index in grid.indices {
            alphas[index] = grid[index].alpha
            betas[index] = grid[index].beta
        }
        var probabilities = SIMD8<Double>(repeating: start.probability)
        var sizes = SIMD8<Double>(repeating: start.size)
        var errors = SIMD8<Double>(repeating: 0)
        var next = 0
        for t in 0...history.end {
            while next < origins.count && origins[next] == t {
                if t < boundary {
                    result[next] = TSB.fit(history.cut(at: t))?.rate
                } else {
                    let best = argmin(errors, count: grid.count)
                    result[next] = probabilities[best] * sizes[best]
                }
                next += 1
            }
            if t == history.end || next == origins.count { break }
            guard history.observed[t] else { continue }
            let demand = history.values[t]
            let residual = SIMD8(repeating: demand) - probabilities * sizes
            errors += residual * residual
            if demand > 0 {
                probabilities += betas * (1 - probabilities)
                sizes += alphas * (SIMD8(repeating: demand) - sizes)
            } else {
                probabilities -= betas * probabilities
            }
        }
        return result
    }

    /// Running sums of observed values and counts: `sums[t]`, `counts[t]` cover periods `0..<t`.
    struct Prefix {
        var sums: [Double]
        var counts: [Int]

        init(_ history: DemandWindow) {
            sums = [0]
            counts = [0]
            sums.reserveCapacity(history.end + 1)
            counts.reserveCapacity(history.end + 1)
            for t in 0..<history.end {
                let seen = history.observed[t]
                sums.append(sums[t] + (seen ? history.values[t] : 0))
                counts.append(counts[t] + (seen ? 1 : 0))
            }
        }

        /// Mean of every observed period before `origin`.
        func historic(before origin: Int) -> Double? {
            counts[origin] > 0 ? sums[origin] / Double(counts[origin]) : nil
        }

        /// Mean of the last `window` observed periods before `origin` (all of them when fewer).
        func moving(before origin: Int, window: Int) -> Double? {
            let seen = counts[origin]
            guard seen > 0 else { return nil }
            guard seen > window else { return sums[origin] / Double(seen) }
            // The latest start s with counts[origin] − counts[s] ≥ window.
            var low = 0
            var high = origin
            while low < high {
                let middle = (low + high + 1) / 2
                if seen - counts[middle] >= window { low = middle } else { high = middle - 1 }
            }
            return (sums[origin] - sums[low]) / Double(seen - counts[low])
        }
    }

    /// `TemporalAggregation.meanInterval` of the history cut at each origin.
    static func meanIntervals(_ history: DemandWindow, at origins: [Int]) -> [Double?] {
        var result: [Double?] = filledArray(nil, count: origins.count)
        var intervals = 0
        var total = 0
        var sinceLast = 0
        var next = 0
        for t in 0...history.end {
            while next < origins.count && origins[next] == t {
                result[next] = intervals > 0 ? Double(total) / Double(intervals) : nil
                next += 1
            }
            if t == history.end || next == origins.count { break }
            guard history.observed[t] else { continue }
            sinceLast += 1
            if history.values[t] > 0 {
                intervals += 1
                total += sinceLast
                sinceLast = 0
            }
        }
        return result
    }

    /// The index of the first smallest value (ties to the earlier grid point, as the fits do).
    ///
    /// Never inlined: the rolling loops read it off only at an origin, but inlined, the optimiser
    /// hoisted it out of the origin check into every period of the pass (its loads and compares
    /// look free to run early), where it cost more than the smoothing itself. A call is run only
    /// where it is written.
    @inline(never)
    static func argmin(_ values: [Double]) -> Int {
        var best = 0
        for index in values.indices where values[index] < values[best] { best = index }
        return best
    }

    /// `argmin` over a vector's first `count` lanes (never inlined, as `argmin` above).
    @inline(never)
    static func argmin<Vector: SIMD>(_ values: Vector, count: Int) -> Int where Vector.Scalar == Double {
        var best = 0
        for index in 0..<count where values[index] < values[best] { best = index }
        return best
    }
}
