/// The rules the live sync shares with publishing.
extension StockState {
    func checkSync(_ change: SyncChange) throws(Refusal) {
        guard channels[change.channel] != nil else { throw .unknownChannel(change.channel) }
        switch change {
        case .pulled(let pull):
            try checkSyncText(pull.cursor, field: "sync cursor")
            for sold in pull.sold {
                try checkSyncText(sold.listing, field: "listing id")
                try checkSyncUnits(sold.units, field: "units sold", allowNegative: false)
            }
            for listing in pull.restockable { try checkSyncText(listing, field: "listing id") }
        case .catalogued(_, let listings, let removed):
            for listing in listings {
                try checkSyncText(listing.listing, field: "listing id")
                try checkSyncText(listing.remoteID, field: "remote id")
            }
            for listing in removed { try checkSyncText(listing, field: "listing id") }
        case .pushing(let intent):
            try checkSyncText(intent.key, field: "idempotency key")
            try checkPushLines(intent.lines)
        case .pushed(let answer):
            try checkSyncText(answer.key, field: "idempotency key")
            try checkPushLines(answer.lines)
        case .drift(let drift):
            try checkSyncText(drift.key.listing, field: "listing id")
            try checkSyncUnits(drift.expected, field: "expected quantity", allowNegative: true)
            try checkSyncUnits(drift.found, field: "found quantity", allowNegative: true)
        case .observed(let key, let quantity):
            try checkSyncText(key.listing, field: "listing id")
            try checkSyncUnits(quantity, field: "observed quantity", allowNegative: true)
        case .health(_, let health):
            if case .failing(let kind, let message) = health {
                try checkSyncText(kind, field: "failure kind")
                try checkSyncText(message, field: "failure message")
            }
        }
    }

    private func checkPushLines(_ lines: [PushLine]) throws(Refusal) {
        for line in lines {
            try checkSyncText(line.listing, field: "listing id")
            try checkSyncUnits(line.to, field: "quantity sent", allowNegative: false)
            if let from = line.from { try checkSyncUnits(from, field: "quantity compared", allowNegative: true) }
        }
    }

    private func checkSyncText(_ text: String, field: String) throws(Refusal) {
        guard Bounds.textBytes.contains(text.utf8.count) else {
            throw .invalidValue(
                field: field, value: String(text.prefix(40)), expected: "1–\(Bounds.textBytes.upperBound) bytes")
        }
    }

    private func checkSyncUnits(_ units: Int, field: String, allowNegative: Bool) throws(Refusal) {
        let range = allowNegative ? Bounds.skuUnitRange : 0...Bounds.skuUnits
        guard range.contains(units) else {
            throw .invalidValue(field: field, value: "\(units)", expected: "\(range.lowerBound)–\(range.upperBound)")
        }
    }
}
