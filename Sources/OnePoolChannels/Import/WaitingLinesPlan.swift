import OnePoolCore

/// Lines in the unmapped queue whose listing maps to a SKU now that the SKU exists: a listing
/// id that is a SKU code maps to that SKU without an entry, so creating the SKU (`sku add`, a
/// catalogue or products import) is what they waited for. Planned as an import plans them.
public enum WaitingLinesPlan {
    /// `state` already holds the new SKUs (a working copy the caller committed them to).
    public static func make(created codes: Set<SKUCode>, state: StockState, time: Timestamp) -> OrderImportPlan {
        guard !codes.isEmpty, !state.parkedLines.isEmpty else { return OrderImportPlan() }
        let waiting = state.parkedLines.values
            .filter { codes.contains(SKUCode($0.listing)) && state.mapping(for: $0.listingKey) != nil }
            .sorted {
                ($0.placedAt, $0.id.channel, $0.id.order, $0.id.line) < (
                    $1.placedAt, $1.id.channel, $1.id.order, $1.id.line
                )
            }
        guard !waiting.isEmpty else { return OrderImportPlan() }
        return OrderImportPlan.make(
            lines: waiting.map { ImportedLine(parked: $0) }, channel: "", file: "unmapped queue", state: state,
            time: time)
    }
}
