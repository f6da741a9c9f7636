import OnePoolCore

/// A returns file turned into return events, checked against a working copy of the state in
/// file order: each return must match a shipped line (by its number, or by SKU when the file
/// numbers no lines), never exceed what shipped, and — if its return id was recorded before —
/// say the same (then it is left out). Any problem names the file's line; a plan with problems
/// is applied not at all.
public struct ReturnImportPlan: Sendable {
    public var changes: [ProposedChange] = []
    public var recorded = 0
    public var unchanged = 0
    public var units = 0
    public var problems: [ImportProblem] = []

    public static func make(
        _ reading: ReturnFileReading, file: String, channel: ChannelName?, state: StockState, time: Timestamp
    ) -> ReturnImportPlan {
        var plan = ReturnImportPlan()
        var scratch = state
        for row in reading.returns {
            func problem(_ message: String) {
                plan.problems.append(ImportProblem(file: file, line: row.fileLine, message: message))
            }
            guard let channelName = row.channel ?? channel else {
                problem("no channel: fill the channel column or give --channel")
                continue
            }
            guard scratch.channels[channelName] != nil else {
                problem(Refusal.unknownChannel(channelName).commandLineText)
                continue
            }
            let key = ListingKey(channel: channelName, listing: row.listing)
            guard let mapping = scratch.mapping(for: key) else {
                problem("listing \(row.listing) on \(channelName) maps to no SKU (see `onepool map`)")
                continue
            }
            let (units, overflow) = row.quantity.multipliedReportingOverflow(by: mapping.pack)
            guard !overflow, units <= Bounds.eventUnits else {
                problem("\(row.quantity) × pack \(mapping.pack) is more than \(Bounds.eventUnits) units")
                continue
            }
            func returned(_ line: Int) -> ReturnedLine {
                ReturnedLine(
                    id: OrderLineID(channel: channelName, order: row.order, line: line), returnID: row.returnID,
                    sku: mapping.sku, quantity: units, reason: row.reason, time: row.time)
            }
            let number =
                row.line
                ?? scratch.lineForReturn(
                    channel: channelName, order: row.order, sku: mapping.sku, quantity: units, returned)
            guard let number else {
                let lines = scratch.returns.shippedLines(channel: channelName, order: row.order, sku: mapping.sku)
                problem(
                    lines.isEmpty
                        ? "order \(row.order) on \(channelName) has no shipped line of \(mapping.sku) (import its orders first)"
                        : "order \(row.order) on \(channelName): no line of \(mapping.sku) can take \(units) more unit(s) "
                            + "back (shipped \(lines.reduce(0) { $0 + $1.1.shipped }), "
                            + "returned \(lines.reduce(0) { $0 + $1.1.returned }))")
                continue
            }
            let line = returned(number)
            let proposed = ProposedChange(.returns(.arrived(line)), idempotencyKey: line.key)
            do {
                if try scratch.commit(proposed, time: time) {
                    plan.changes.append(proposed)
                    plan.recorded += 1
                    plan.units += units
                } else {
                    plan.unchanged += 1
                }
            } catch {
                problem(error.commandLineText)
            }
        }
        return plan
    }
}
