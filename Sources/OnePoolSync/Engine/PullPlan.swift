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

    static func make(
        page: OrderPage, channel: String, previousCursor: String?, state: StockState, time: Timestamp
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

    private static func lineID(_ change: Change) -> OrderLineID? {
        switch change {
        case .orderPlaced(let line), .orderCancelled(let line), .orderShipped(let line), .demandRecorded(let line):
            line.id
        case .orderParked(let parked): parked.id
        default: nil
        }
    }
}
