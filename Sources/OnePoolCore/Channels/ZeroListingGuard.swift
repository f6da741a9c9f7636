/// The guard every push of quantities to a channel passes — `onepool publish`, the console's
/// publish, and the live sync: a channel that has never been offered stock is not set to zero.
///
/// A new channel starts with its listings as the channel itself counts them. If OnePool's first
/// word to it is 0 for a listing — the channel starved by those served before it, or a rule
/// not yet thought through — that listing goes offline, which is rarely what the operator
/// meant. Once the channel has been offered stock (any listing published above 0), zeros are
/// ordinary: stock runs out. A zero for a SKU that has no sellable units is the truth, not a
/// trap, so a first push that offers the channel stock elsewhere may carry it; what is refused
/// is a first push that offers the channel nothing at all, or zeroes listings the channel is
/// starved of (the SKU has units, the channels ahead take them).
extension StockState {
    /// Refuses setting listings of `channel` to 0 while it has never been offered stock, unless
    /// `allowZero`. `quantities` are what would be sent, per listing id.
    public func checkZeroing(
        channel: ChannelName, quantities: [(listing: String, quantity: Int)], allowZero: Bool
    ) throws(Refusal) {
        guard !allowZero else { return }
        let blocked = listingsNotToZero(channel: channel, quantities: quantities)
        guard !blocked.isEmpty else { return }
        let zeroed = quantities.filter { $0.quantity == 0 }.map(\.listing)
        let starvedListings = starvedListings(channel: channel, among: zeroed)
        throw .wouldZeroNewChannel(
            channel: channel, listings: zeroed.count, starved: starvedListings.count, ahead: channelsAhead(of: channel),
            examples: Array(zeroed.sorted().prefix(3)))
    }

    /// The listings of `channel` that must not be set to 0 by a push of `quantities` (the one
    /// rule the publish verb, the console and the live sync apply): none once the channel has
    /// been offered stock; else every zero if the push offers the channel nothing at all, or the
    /// zeros of SKUs the channel is starved of.
    public func listingsNotToZero(channel: ChannelName, quantities: [(listing: String, quantity: Int)]) -> [String] {
        guard !offeredChannels.contains(channel) else { return [] }
        let zeroed = quantities.filter { $0.quantity == 0 }.map(\.listing)
        guard !zeroed.isEmpty else { return [] }
        guard quantities.contains(where: { $0.quantity > 0 }) else { return zeroed }
        return starvedListings(channel: channel, among: zeroed)
    }

    private func starvedListings(channel: ChannelName, among listings: [String]) -> [String] {
        let starved = Set(starvations(channel: channel).map(\.sku))
        return listings.filter { listing in
            mapping(for: ListingKey(channel: channel, listing: listing)).map { starved.contains($0.sku) } ?? false
        }
    }
}
