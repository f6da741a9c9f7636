import OnePoolChannels
import OnePoolCore

/// What one page of pulled orders means for the store: the file import's plan for its lines
/// (idempotent keys, unmapped listings parked, cancellations, fulfilments — the same meaning an
/// exported file of the same orders would have), and the sync's own fact in the same batch:
/// the new cursor, the listing units the channel sold of its own stock, the listings where a
/// cancellation may have put units back.
///
/// When the import plan learns amendments (a line that comes back changed), they arrive here
/// through `OrderImportPlan` with no change to the sync.
struct PullPlan {
    var changes: [ProposedChange] = []
    var summary = OrderImportSummary()
    /// Lines the store refused (each with its origin): skipped, named in the channel's status.
    var problems: [String] = []
    /// Listings with lines newly recorded.
    var touched: Set<String> = []
    /// Units recorded as returned (awaiting inspection) from this page.
    var returnedUnits = 0

    static func make(
        page: OrderPage, channel: ChannelName, previousCursor: String?, state: StockState, time: Timestamp
    ) -> PullPlan {
        var plan = PullPlan()
        var lines = page.lines
        for index in lines.indices { lines[index].channel = channel }
        var imported = OrderImportPlan.make(
            lines: lines, channel: channel, file: "\(channel) API", state: state, time: time)
        if !imported.problems.isEmpty {
            // A line the store refuses must not stall the channel: it is left out (and named),
            // the rest planned again.
            let refused = Set(imported.problems.map(\.line))
            for problem in imported.problems {
                plan.problems.append("\(page.origins[problem.line] ?? "a line"): \(problem.message)")
            }
            lines.removeAll { refused.contains($0.fileLine) }
            imported = OrderImportPlan.make(
                lines: lines, channel: channel, file: "\(channel) API", state: state, time: time)
        }
        plan.summary = imported.summary
        var sold: [String: Int] = [:]
        var restockable: Set<String> = []
        let listingOf = Dictionary(
            lines.map { (OrderLineID(channel: channel, order: $0.order, line: $0.line), $0) },
            uniquingKeysWith: { a, _ in a })
        for proposed in imported.changes {
            guard let id = Self.lineID(proposed.change), let line = listingOf[id] else { continue }
            plan.touched.insert(line.listing)
            switch proposed.change {
            case .orderPlaced, .demandRecorded:
                sold[line.listing, default: 0] += line.quantity
            case .orderParked(let parked)
            where !state.hasSeen(idempotencyKey: OrderKeys.placed(id))
                && !state.parkedLines.keys.contains(id) && parked.status != .cancelled:
                sold[line.listing, default: 0] += line.quantity
            case .orderCancelled:
                restockable.insert(line.listing)
            default:
                break
            }
        }
        plan.changes = imported.changes
        plan.addReturns(page, channel: channel, state: state, time: time)
        let moved = page.cursor != previousCursor
        if moved || !plan.changes.isEmpty {
            let pull = SyncPull(
                channel: channel, cursor: page.cursor,
                sold: sold.sorted { $0.key < $1.key }.map { ListingUnits(listing: $0.key, units: $0.value) },
                restockable: restockable.sorted())
            plan.changes.append(ProposedChange(.sync(.pulled(pull))))
        }
        return plan
    }

    /// The page's returns, planned as the returns file import plans them, against the state
    /// after the page's order lines (a line shipped on this page may come back on it). A return
    /// the store refuses is left out and named, like a line.
    private mutating func addReturns(_ page: OrderPage, channel: ChannelName, state: StockState, time: Timestamp) {
        guard !page.returns.isEmpty else { return }
        var after = state
        for change in changes { _ = try? after.commit(change, time: time) }
        var reading = ReturnFileReading(format: .generic)
        reading.returns = page.returns
        let planned = ReturnImportPlan.make(reading, file: "\(channel) API", channel: channel, state: after, time: time)
        for problem in planned.problems {
            problems.append(
                "return of order \(page.returns.first { $0.fileLine == problem.line }?.order ?? "?"): "
                    + problem.message)
        }
        changes += planned.changes
        returnedUnits += planned.units
    }

    private static func lineID(_ change: Change) -> OrderLineID? {
        switch change {
        case .orderPlaced(let line), .orderCancelled(let line), .orderShipped(let line), .demandRecorded(let line):
            line.id
        case .orderParked(let parked): parked.id
        default: nil
        }
    }
}
