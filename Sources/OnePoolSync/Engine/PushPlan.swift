import OnePoolChannels
import OnePoolCore

/// What to send a channel: each listing it sells (in its catalogue, mapped to a SKU) whose
/// allocation (⌊allocation / pack⌋, as `onepool publish` computes it) differs from what the
/// channel is expected to hold. Decreases come first, so a channel about to oversell is cut
/// before anything is raised anywhere.
struct PushPlan {
    struct Line: Hashable {
        var listing: String
        var remoteID: String
        /// What the channel is expected to hold (nil: not known yet; settled before pushing).
        var from: Int?
        var to: Int
    }

    var lines: [Line] = []
    /// Listings left alone by the never-offered guard (target 0 on a channel never offered stock).
    var guarded: [String] = []
    /// Listings whose current quantity must be read before a push (never set, never read).
    var unknown: [String] = []

    static func make(state: StockState, channel: ChannelName, allowZero: Bool) -> PushPlan {
        var plan = PushPlan()
        let targets = PublishPlan.make(state: state, channel: channel, full: true)
        let blocked =
            allowZero
            ? []
            : Set(state.listingsNotToZero(channel: channel, quantities: targets.map { ($0.listing, $0.quantity) }))
        var decreases: [Line] = []
        var increases: [Line] = []
        for target in targets {
            let key = ListingKey(channel: channel, listing: target.listing)
            guard let remoteID = state.sync.remote[key] else { continue }
            guard let expected = state.sync.expected[key] else {
                plan.unknown.append(target.listing)
                continue
            }
            if expected == target.quantity { continue }
            if target.quantity == 0 && blocked.contains(target.listing) {
                plan.guarded.append(target.listing)
                continue
            }
            let line = Line(listing: target.listing, remoteID: remoteID, from: expected, to: target.quantity)
            if target.quantity < expected { decreases.append(line) } else { increases.append(line) }
        }
        plan.lines = decreases + increases
        return plan
    }

    var decreases: [Line] { lines.filter { ($0.from ?? Int.max) > $0.to } }
    var increases: [Line] { lines.filter { ($0.from ?? Int.max) <= $0.to } }
}
