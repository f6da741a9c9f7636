import OnePoolCore

/// The stock-out calendar as it was before issue 17's lean fold, kept verbatim as the reference
/// the lean one is compared with: it folds a whole `StockState` (idempotency index, shipped-line
/// table, every event) to learn each SKU's `available`.
public struct WholePoolStockoutCalendar: Sendable {
    public let utcOffsetSeconds: Int
    /// The pool as of the last event recorded.
    public private(set) var state = StockState()
    private var tracks: [SKUCode: Track] = [:]

    /// One SKU's out-of-stock days so far: closed runs, then the day in progress.
    struct Track: Sendable {
        var firstDay: Int
        /// Closed days that were out of stock, as inclusive runs in ascending order.
        var runs: [ClosedRange<Int>] = []
        /// The latest day an event touched.
        var day: Int
        /// Whether `day` has been out of stock so far.
        var outToday: Bool
        /// `available` after the latest event.
        var available: Int

        mutating func markOut(_ days: ClosedRange<Int>) {
            if let last = runs.last, last.upperBound + 1 >= days.lowerBound {
                runs[runs.count - 1] = last.lowerBound...max(last.upperBound, days.upperBound)
            } else {
                runs.append(days)
            }
        }

        /// Moves to `next`, closing `day` and every day in between (which ended as `day` did).
        mutating func advance(to next: Int) {
            guard next > day else { return }
            if outToday || available <= 0 { markOut(day...day) }
            if available <= 0 && next > day + 1 { markOut((day + 1)...(next - 1)) }
            day = next
            outToday = available <= 0
        }
    }

    public init(utcOffsetSeconds: Int) { self.utcOffsetSeconds = utcOffsetSeconds }

    public mutating func record(_ event: Event) {
        state.apply(event)
        if !state.bundles.isEmpty {
            // A bundle's sale moves its components' stock.
            for code in state.skusMoved(by: event.change) { track(code, event) }
        } else if case .orderAmended = event.change {
            for code in event.change.touchedSKUs { track(code, event) }
        } else if let code = event.change.skuCode {
            track(code, event)
        }
    }

    private mutating func track(_ code: SKUCode, _ event: Event) {
        guard let available = state.pools[code]?.stock.available else { return }
        let day = event.time.day(offsetSeconds: utcOffsetSeconds)
        if let index = tracks.index(forKey: code) {
            tracks.values[index].advance(to: day)
            tracks.values[index].available = available
            if available <= 0 { tracks.values[index].outToday = true }
        } else {
            var isCreation = false
            if case .skuCreated = event.change { isCreation = true }
            tracks[code] = Track(firstDay: day, day: day, outToday: available <= 0 && !isCreation, available: available)
        }
    }

    /// One flag per day for the `count` days ending with `last`: true where the SKU was out of stock. Days after the latest event end as that event left them.
    public func censored(_ sku: SKUCode, days count: Int, endingOn last: Int) -> [Bool] {
        let first = last - count + 1
        guard let track = tracks[sku] else { return Array(repeating: false, count: count) }
        var mask = Array(repeating: false, count: count)
        for run in track.runs where run.upperBound >= first && run.lowerBound <= last {
            for day in max(run.lowerBound, first)...min(run.upperBound, last) { mask[day - first] = true }
        }
        if (track.outToday || track.available <= 0) && track.day >= first && track.day <= last {
            mask[track.day - first] = true
        }
        if track.available <= 0 {
            for day in max(track.day + 1, first)..<max(track.day + 1, last + 1) { mask[day - first] = true }
        }
        return mask
    }

    /// The day the SKU was first seen (created, usually), if it has been.
    public func firstDay(_ sku: SKUCode) -> Int? { tracks[sku]?.firstDay }

    /// Out-of-stock days of `sku` among the `count` days ending with `last`.
    public func censoredCount(_ sku: SKUCode, days count: Int, endingOn last: Int) -> Int {
        censored(sku, days: count, endingOn: last).reduce(0) { $0 + ($1 ? 1 : 0) }
    }
}
