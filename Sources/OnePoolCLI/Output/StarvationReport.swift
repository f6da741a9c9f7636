import OnePoolCore

/// What `channel add`, `channel set` and `allocation` say about starved channels (Core's
/// `Starvation` decides who is; this only words it).
enum StarvationReport {
    /// One line per starved channel (all, or the named ones), with the SKUs and what to do.
    static func lines(_ state: StockState, channels: [ChannelName]? = nil) -> [String] {
        let starved = Dictionary(grouping: state.starvations(), by: \.channel)
        var lines: [String] = []
        for channel in state.channelOrder where channels?.contains(channel) ?? true {
            guard let entries = starved[channel], !entries.isEmpty else { continue }
            let ahead = state.channelsAhead(of: channel)
            let skus = entries.map(\.sku)
            let named = skus.prefix(3).joined(separator: ", ") + (skus.count > 3 ? ", …" : "")
            let first = ahead.first ?? "CHANNEL"
            lines.append(
                "STARVED: \(channel) is offered 0 of \(skus.count) SKU(s) that have units (\(named)): the channel(s) "
                    + "served before it (\(ahead.joined(separator: ", "))) take them all. Give it a share "
                    + "(`onepool channel set \(channel) --floor N`), cap the channels ahead "
                    + "(`onepool channel set \(first) --cap 70%`), or serve it earlier (`--priority N`).")
        }
        return lines
    }
}
