import OnePoolCore

/// Mapping listings, and recording the lines that waited for them under their SKU in the same
/// batch (each waiting line planned as an import would plan it, pack size applied).
public struct MappingPlan: Sendable {
    public var changes: [ProposedChange] = []
    public var mapped = 0
    public var applied = OrderImportSummary()

    public var appliedText: String {
        let total = applied.placed + applied.historyOnly
        guard total + applied.cancelled > 0 else { return "" }
        return
            "; applied \(total) waiting line(s): \(applied.placed) placed, \(applied.shipped) shipped, \(applied.historyOnly) history only"
    }

    /// Throws the refusal itself for a single mapping (`file` nil), or every problem of a file.
    public static func make(_ entries: [MappingEntry], file: String?, state: StockState, time: Timestamp) throws
        -> MappingPlan
    {
        var plan = MappingPlan()
        var scratch = state
        var problems: [ImportProblem] = []
        for entry in entries {
            if scratch.mapping(for: entry.key) == entry.mapping { continue }
            let waiting = scratch.parkedLines(for: entry.key)
            let change = ProposedChange(.listingMapped(entry.key, entry.mapping))
            if case .failure(let refusal) = Result(catching: { () throws(Refusal) in
                try scratch.commit(change, time: time)
            }) {
                guard let file else { throw refusal }
                problems.append(ImportProblem(file: file, line: entry.fileLine, message: refusal.commandLineText))
                continue
            }
            plan.changes.append(change)
            plan.mapped += 1
            let lines = waiting.map { ImportedLine(parked: $0, fileLine: entry.fileLine) }
            let applied = OrderImportPlan.make(
                lines: lines, channel: entry.key.channel, file: file ?? "unmapped queue", state: scratch, time: time)
            problems += applied.problems
            for change in applied.changes { _ = try? scratch.commit(change, time: time) }
            plan.changes += applied.changes
            plan.applied.add(applied.summary)
        }
        if !problems.isEmpty { throw ImportFailure(problems) }
        return plan
    }
}
