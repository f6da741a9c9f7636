/// Sync facts in the operator's words, for `onepool log` and the activity pane.
enum SyncText {
    static func details(_ change: SyncChange) -> String {
        switch change {
        case .pulled(let pull):
            let sold = pull.sold.reduce(0) { $0 + $1.units }
            return "\(pull.channel): orders read up to \(pull.cursor)"
                + (sold > 0 ? ", \(sold) listing unit(s) sold there" : "")
        case .catalogued(let channel, let listings, let removed):
            return "\(channel): catalogue read, \(listings.count) listing(s) new or changed, \(removed.count) gone"
        case .pushing(let intent):
            return "\(intent.channel): sending \(intent.lines.count) quantit\(intent.lines.count == 1 ? "y" : "ies") "
                + lines(intent.lines)
        case .pushed(let answer):
            let verdict: String
            switch answer.answer {
            case .applied: verdict = "applied"
            case .stale(let listings):
                verdict = "stale (sold there since: \(listings.prefix(5).joined(separator: ", ")))"
            case .refused(let reason): verdict = "refused: \(reason)"
            }
            return "\(answer.channel): push \(verdict) " + lines(answer.lines)
        case .drift(let drift):
            return "\(drift.key): channel holds \(drift.found), OnePool expected \(drift.expected) (unexplained)"
        case .observed(let key, let quantity):
            return "\(key): channel holds \(quantity)"
        case .health(let channel, .working):
            return "\(channel): sync working"
        case .health(let channel, .failing(let kind, let message)):
            return "\(channel): sync failing (\(kind)): \(message)"
        }
    }

    private static func lines(_ lines: [PushLine]) -> String {
        let shown = lines.prefix(5).map { line in "\(line.listing) \(line.from.map(String.init) ?? "?")→\(line.to)" }
        return shown.joined(separator: ", ") + (lines.count > 5 ? ", …" : "")
    }
}
