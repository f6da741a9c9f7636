import OnePoolChannels
import OnePoolCore

/// What a catalogue, inventory or products import did, in the operator's words: counts, then
/// anything to look at (committed figures that differ, vendors that are not suppliers yet).
struct CatalogueImportReport {
    var plan: CatalogueImportPlan
    var reading: CatalogueReading
    var file: String
    var countedAt: Timestamp

    func lines(written: Int, rejects: String) -> [String] {
        var lines = ["\(file) (\(reading.format.title)): \(reading.rows.count) SKUs"]
        var counts = "  created \(plan.created), "
        if reading.format == .shopifyProducts {
            counts += "updated \(plan.updated)"
        } else {
            counts += "counted \(plan.counted) (as of \(TimeText.iso(countedAt)))"
        }
        lines.append(counts + ", unchanged \(plan.unchanged)")
        if plan.unsellableSet + plan.incomingSet > 0 {
            lines.append(
                "  unsellable set from Unavailable for \(plan.unsellableSet) SKU(s), "
                    + "incoming from Incoming for \(plan.incomingSet)"
            )
        }
        let waiting = plan.waiting.placed + plan.waiting.historyOnly
        if waiting > 0 {
            lines.append("  applied \(waiting) order line(s) that waited in the unmapped queue for new SKUs")
        }
        if !plan.suppliersCreated.isEmpty {
            lines.append("  suppliers created from vendors: \(plan.suppliersCreated.joined(separator: ", "))")
        }
        if !plan.vendorsWithoutRecord.isEmpty {
            let names = plan.vendorsWithoutRecord.map { "\"\($0)\"" }.joined(separator: ", ")
            lines.append("  vendors that are not suppliers yet (POs cannot be drafted for their SKUs): \(names)")
            lines.append(
                "    add each with `onepool supplier add \"VENDOR\" --lead-time DAYS`, "
                    + "or import again with --supplier-lead-time DAYS"
            )
        }
        lines += committedWarning()
        if plan.clampedNegative > 0 {
            lines.append("  \(plan.clampedNegative) SKU(s) had a negative on hand in the file: counted as 0")
        }
        for (reason, count) in reading.skipped.sorted(by: { $0.key < $1.key }) {
            lines.append("  skipped \(count): \(reason)")
        }
        if !reading.rejected.isEmpty { lines.append("  rejected \(reading.rejected.count) row(s): see \(rejects)") }
        lines.append("  \(written) event(s) written")
        return lines
    }

    /// Committed comes from the orders; the export's figure is only compared with it.
    private func committedWarning() -> [String] {
        let differences = plan.committedDifferences
        guard !differences.isEmpty else { return [] }
        var lines = [
            "  warning: the export's Committed differs from the units OnePool's imported orders commit for "
                + "\(differences.count) SKU(s) (OnePool counts committed from orders only, never from this column):"
        ]
        for difference in differences.prefix(10) {
            lines.append(
                "    \(difference.sku): export \(difference.inFile), "
                    + "OnePool \(difference.inOnePool) (\(difference.scope))"
            )
        }
        if differences.count > 10 { lines.append("    … and \(differences.count - 10) more") }
        if differences.contains(where: { $0.inOnePool < $0.inFile }) {
            lines.append(
                "    import the open orders (`onepool import orders_export.csv --channel shopify`) to commit them")
        }
        return lines
    }
}
