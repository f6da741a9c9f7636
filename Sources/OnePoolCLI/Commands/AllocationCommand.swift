import ArgumentParser
import OnePoolChannels
import OnePoolCore
import OnePoolStore

struct AllocationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allocation",
        abstract: "Show how each SKU's available units are shared between the channels.",
        discussion: """
            Per SKU and channel: floor, cap (a percentage worked out in units), units the channel holds \
            in open orders (they count against its cap), its allocation now, what it was last published, \
            and OVER when the channel was last told more than it may now sell (publish to fix), STARVED \
            when it is offered 0 of a SKU that has units because channels served before it take them \
            all. What no channel is offered is shown as unexposed.
            Bundles: a channel's allocation of a component is shared equally between selling it alone \
            and each bundle using it; a bundle is offered min over its components of ⌊share / quantity⌋ \
            and the component's own listing the rest (LISTING OFFER; it equals the allocation for a SKU \
            in no bundle). A bundle's row shows what each channel is offered of the bundle itself, and \
            its open bundle units; publish and the live sync send exactly these.
            --at TIME shows them as they stood then ("what did eBay see at 14:02?"): the journal folded up \
            to the first event recorded later, the last event included named.
            Examples: onepool allocation MUG-BLUE TOTE-ORG-NAT · onepool allocation --at "2026-11-27 14:02"
            """)

    @OptionGroup var options: StoreOptions
    @OptionGroup var output: FormatOptions
    @Argument(help: "SKU codes (default: every SKU).") var skus: [SKUCode] = []
    @Flag(help: "Only rows that are over-exposed.") var overExposed = false
    @OptionGroup var pointInTime: PointInTimeOptions

    func run() throws {
        let store = try options.openStore()
        let cut = try pointInTime.at.map { try PointInTimeReading.fold(store, option: "--at", text: $0) }
        let state = cut?.state ?? store.state
        for code in skus where state.sku(code) == nil { throw StoreError.refused(.unknownSKU(code)) }
        let codes = skus.isEmpty ? state.skuCodes : skus
        let allocator = state.allocator()
        let starvations = state.starvations()
        let starved = Set(starvations.map { ListingKey(channel: $0.channel, listing: $0.sku.rawValue) })
        // Over-exposure by Core's one rule (mappings and packs included), judged once.
        let exposed = Set(state.overExposed().map(\.key))
        var rows: [AllocationRow] = []
        for code in codes {
            guard let allocation = state.allocation(of: code, allocator: allocator) else { continue }
            for share in allocation.shares.sorted(by: { ($0.priority, $0.channel) < ($1.priority, $1.channel) }) {
                let key = ListingKey(channel: share.channel, listing: code.rawValue)
                let published = state.published[key]
                let offer =
                    state.bundles.isEmpty
                    ? share.allocation
                    : state.channelOffer(
                        of: code, allocation: state.channelAllocations(channel: share.channel, allocator: allocator))
                let over = exposed.contains(key)
                if overExposed && !over { continue }
                let flag = over ? "OVER" : starved.contains(key) ? "STARVED" : share.enabled ? "" : "off"
                rows.append(
                    AllocationRow(
                        sku: Identifier(code), available: allocation.available, channel: Identifier(share.channel),
                        priority: share.priority,
                        floor: share.floor, cap: share.capUnits, committed: share.committed,
                        allocation: share.allocation,
                        published: published, flag: flag, unexposed: allocation.unexposed, listingOffer: offer))
            }
        }
        show(AsOfReport.render(rows, cut: cut, store: store, format: output.format), format: output.format)
        if output.format == .table {
            let shown = skus.isEmpty ? nil : Set(skus)
            let channels = Set(starvations.filter { shown?.contains($0.sku) ?? true }.map(\.channel))
            StarvationReport.lines(state, channels: Array(channels)).forEach { say($0) }
        }
    }
}
