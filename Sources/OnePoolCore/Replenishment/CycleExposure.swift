/// The distribution of D(L) + U: demand over the lead time plus the undershoot below the reorder
/// point at the review that orders (`ReorderPolicy` says why), as probabilities of 0, 1, 2, ….
///
/// P(U = u) ∝ P(D_R ≥ u + 1) − P(D_R ≥ u + W + 1) for u ≥ 0, then convolved with D(L). Large
/// supports are convolved in buckets of b units (b chosen so at most `maximumProducts` products are
/// summed, each sum of two buckets read at its middle): the quantile moves by less than b units where the
/// two supports span thousands, and a catalogue of fast movers stays fast.
/// Invariant: `masses` sums to 1 (or is [1]: nothing to meet).
struct CycleExposure {
    /// P(D(L) + U = `offset` + i · `bucket` + bucket − 1) for each i (exact when `bucket` is 1).
    private(set) var masses: [Double] = [1]
    private(set) var offset = 0
    private(set) var bucket = 1
    private(set) var mean = 0.0

    static let maximumProducts = 200_000

    init(lead: HorizonDistribution, review: HorizonDistribution, spread: Int) {
        self.init(leadMasses: lead.masses(), reviewMasses: review.masses(), spread: spread)
    }

    /// The same from the two distributions' `masses()`, which `ReorderPolicy.Model` builds once
    /// for this and for `LostSalesCycles`.
    init(leadMasses: (first: Int, weights: [Double]), reviewMasses: (first: Int, weights: [Double]), spread: Int) {
        let undershoot = Self.undershoot(reviewMasses: reviewMasses, spread: max(1, spread))
        let sizes = Double(leadMasses.weights.count) * Double(undershoot.weights.count)
        let bucket = max(1, Int((sizes / Double(Self.maximumProducts)).squareRoot().rounded(.up)))
        let a = Self.bucketed(leadMasses.weights, start: leadMasses.first, bucket: bucket)
        let b = Self.bucketed(undershoot.weights, start: undershoot.first, bucket: bucket)
        let sum = Self.convolution(a.weights, b.weights)
        self.bucket = bucket
        offset = (a.first + b.first) * bucket
        masses = sum
        let leadMean = zip(leadMasses.weights.indices, leadMasses.weights).reduce(0.0) {
            $0 + Double(leadMasses.first + $1.0) * $1.1
        }
        let undershootMean = zip(undershoot.weights.indices, undershoot.weights).reduce(0.0) {
            $0 + Double(undershoot.first + $1.0) * $1.1
        }
        mean = leadMean + undershootMean
    }

    /// The whole number q whose P(D(L) + U ≤ q) is nearest `level`: the smallest q reaching it, or
    /// the one below when that falls short by less than q overshoots (so over a catalogue the
    /// whole-unit steps err both ways rather than always up; the lower one on a tie).
    func quantile(_ level: Double) -> Int {
        let target = min(max(level, 0), 1) * Self.shrink
        var cumulative = 0.0
        for (index, weight) in masses.enumerated() {
            let below = cumulative
            cumulative += weight
            if cumulative >= target {
                let lower = index > 0 && target - below <= cumulative - target ? index - 1 : index
                return offset + lower * bucket + bucket - 1
            }
        }
        return offset + (masses.count - 1) * bucket + bucket - 1
    }

    /// `quantile` reads a level a trillionth lower, so a level of 1 (or a sum of masses a rounding
    /// short of it) still finds the last mass.
    static let shrink = 1 - 1e-12

    /// The highest level at which `quantile` returns q or less (0 when it returns more at every
    /// level): it returns the nearer of two neighbouring reorder points, the lower on a tie, so this
    /// is the midpoint of P(≤ q) and P(≤ the next one it can return), undoing its shrink.
    func highestLevel(choosingAtMost q: Int) -> Double {
        let lowest = offset + bucket - 1
        let highest = offset + (masses.count - 1) * bucket + bucket - 1
        guard q >= lowest else { return 0 }
        // The next bucket end above q; past the last one the position is covered whatever happens.
        let next = q < highest ? lowest + ((q - lowest) / bucket + 1) * bucket : q
        return min(1, (probability(atMost: q) + probability(atMost: next)) / 2 / Self.shrink)
    }

    /// P(D(L) + U ≤ q), read at bucket ends as `quantile` reads them.
    func probability(atMost q: Int) -> Double {
        guard q >= offset + bucket - 1 else { return 0 }
        let last = min(masses.count - 1, (q - offset - bucket + 1) / bucket)
        var sum = 0.0
        for index in 0...last { sum += masses[index] }
        return min(1, sum)
    }

    /// P(U = u) for u = 0, 1, …: the review demand that took the position past s, less the part
    /// of it the position had above s (uniform over 1 … W). [1] when a review never sells.
    /// Returned from the first u that can have mass (review demand below its first mass minus the
    /// spread never takes the position past s): a fast mover's review demand starts far from 0,
    /// and an array from 0 would cost as many steps as it sells in a review.
    static func undershoot(review: HorizonDistribution, spread: Int) -> (first: Int, weights: [Double]) {
        undershoot(reviewMasses: review.masses(), spread: spread)
    }

    static func undershoot(reviewMasses: (first: Int, weights: [Double]), spread: Int) -> (
        first: Int, weights: [Double]
    ) {
        let (first, weights) = reviewMasses
        let last = first + weights.count - 1
        guard last >= 1 else { return (0, [1]) }
        // P(D_R ≥ k): everything for k ≤ first, the tail sums from there, 0 past last.
        var tail = [Double](repeating: 0, count: weights.count + 1)
        for index in stride(from: weights.count - 1, through: 0, by: -1) {
            tail[index] = tail[index + 1] + weights[index]
        }
        func atLeast(_ k: Int) -> Double { k <= first ? tail[0] : (k > last ? 0 : tail[k - first]) }
        let low = max(0, first - spread)
        var result = [Double](repeating: 0, count: max(1, last - low))
        var total = 0.0
        for u in low..<last {
            let value = max(0, atLeast(u + 1) - atLeast(u + spread + 1))
            result[u - low] = value
            total += value
        }
        guard total > 1e-300 else { return (0, [1]) }
        return (low, result.map { $0 / total })
    }

    /// The convolution of two mass lists (indices add): each result[k] takes its products
    /// a[i] · b[k − i] in ascending i, skipping a[i] ≤ 0. The inner loop over b touches distinct
    /// elements, so it runs on vectors — the same additions, in the same order, for every k.
    static func convolution(_ a: [Double], _ b: [Double]) -> [Double] {
        guard !a.isEmpty, !b.isEmpty else { return [] }
        var sum = [Double](repeating: 0, count: a.count + b.count - 1)
        sum.withUnsafeMutableBufferPointer { sum in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    guard let target = sum.baseAddress, let source = b.baseAddress else { return }
                    let width = b.count
                    for i in 0..<a.count where a[i] > 0 {
                        let x = a[i]
                        let row = target + i
                        for j in 0..<width { row[j] += x * source[j] }
                    }
                }
            }
        }
        return sum
    }

    /// Masses of `start`, `start + 1`, … summed into buckets of `bucket` units from 0.
    private static func bucketed(_ weights: [Double], start: Int, bucket: Int) -> (first: Int, weights: [Double]) {
        guard bucket > 1 else { return (start, weights) }
        let first = start / bucket
        let last = (start + weights.count - 1) / bucket
        var result = [Double](repeating: 0, count: last - first + 1)
        for (index, weight) in weights.enumerated() { result[(start + index) / bucket - first] += weight }
        return (first, result)
    }
}
