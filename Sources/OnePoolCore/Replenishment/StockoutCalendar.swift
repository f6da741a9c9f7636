/// Which days each SKU was out of stock: the censoring mask for its demand history.
///
/// A pure fold of the journal, event by event in journal order (the order the pool changed in).
/// It keeps a pool of its own to know each SKU's `available` after every event, and marks a
/// day out of stock when `available` was ≤ 0 at any moment of it: at its end, after any event
/// that day, or at its start because the previous day ended there. (The event that creates the
/// SKU, with nothing yet received, does not count: a SKU created and stocked the same day was
/// never out.) Demand on such a day was not fully observed (the channels could not sell), so
/// the forecaster must skip it rather than read it as zero. Days before the SKU was created are
/// not censored: a store moving to OnePool imports its order history after creating its SKUs,
/// and those days' sales were observed (the window starts at the first recorded demand or the
/// creation, whichever is earlier, so a new SKU's empty past is not read as zeros either).
/// Days are the store's (UTC shifted by `utcOffsetSeconds`), taken from when each event was
/// recorded; an event stamped before the last one seen for its SKU counts on that later day.
///
/// The pool is lean (issue 17, goal 5: a two-year history is tens of millions of events, and a
/// whole `StockState` fold of them was most of reading it): each event that can move stock is
/// applied with `StockState`'s own fold — one definition of what an event does to a pool — but
/// without the idempotency index, and demand history (`demandRecorded`, the bulk of an imported
/// past) is skipped. Both leave every SKU's `available`, and so the calendar, exactly as the whole
/// fold does (`LeanStockoutCalendarTests` compares the two on random journals):
/// - the index only drops an event whose key was seen before, and the journal holds none:
///   `StockState.commit` refuses to append such an event (replay would skip it);
/// - history moves no stock. Marking the SKU's day on it changes no day either: `available` is
///   what the previous event left, so the day ends as the previous one did. The SKU was marked
///   already by its creation, which comes before any line names it. The one trace history leaves
///   in the pool that stock reads later is a bundle line's shipment: a return of that line gives
///   back the components it took. So a bundle's history line is applied (while bundles exist).
public struct StockoutCalendar: Sendable {
    public let utcOffsetSeconds: Int
    /// The lean pool as of the last event recorded (see above): its `available` figures are the
    /// store's; its idempotency index and most of its shipped lines are not.
    private var pool = StockState()
    private var tracks: [SKUCode: Track] = [:]

    /// One SKU's out-of-stock days so far: closed runs, then the day in progress. Public so
    /// that a history checkpoint can save and restore it.
    public struct Track: Sendable, Equatable {
        public var firstDay: Int
        /// Closed days that were out of stock, as inclusive runs in ascending order.
        public var runs: [ClosedRange<Int>] = []
        /// The latest day an event touched.
        public var day: Int
        /// Whether `day` has been out of stock so far.
        public var outToday: Bool
        /// `available` after the latest event.
        public var available: Int

        public init(firstDay: Int, runs: [ClosedRange<Int>], day: Int, outToday: Bool, available: Int) {
            self.firstDay = firstDay
            self.runs = runs
            self.day = day
            self.outToday = outToday
            self.available = available
        }

        init(firstDay: Int, day: Int, outToday: Bool, available: Int) {
            self.init(firstDay: firstDay, runs: [], day: day, outToday: outToday, available: available)
        }

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

    /// A calendar as saved (a history checkpoint): its lean pool and tracks, as `pool` and
    /// `tracks` gave them. Recording on from here continues the fold.
    public init(utcOffsetSeconds: Int, pool: StockState, tracks: [SKUCode: Track]) {
        self.utcOffsetSeconds = utcOffsetSeconds
        self.pool = pool
        self.tracks = tracks
    }

    /// The lean pool, for saving (not the store's state: see above).
    public var leanPool: StockState { pool }

    /// Every SKU's track, for saving.
    public var savedTracks: [SKUCode: Track] { tracks }

    public mutating func record(_ event: Event) {
        if case .demandRecorded(let line) = event.change, pool.bundles.isEmpty || pool.bundles[line.sku] == nil {
            return
        }
        pool.apply(event.change, time: event.time)
        if !pool.bundles.isEmpty {
            // A bundle's sale moves its components' stock.
            for code in pool.skusMoved(by: event.change) { track(code, event) }
        } else if case .orderAmended = event.change {
            for code in event.change.touchedSKUs { track(code, event) }
        } else if let code = event.change.skuCode {
            track(code, event)
        }
    }

    private mutating func track(_ code: SKUCode, _ event: Event) {
        guard let available = pool.pools[code]?.stock.available else { return }
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
