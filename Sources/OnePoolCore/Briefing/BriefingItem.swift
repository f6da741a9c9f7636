/// One move of the morning briefing: what, why in one line, the one action that deals with it,
/// and the money it is ranked by — its expected effect on profit over the store's horizon
/// (`ProfitRule`), with the inputs and steps that produced it (`effect`).
public struct BriefingItem: Hashable, Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case stockoutRisk = "stockout-risk"
        case oversold
        case overExposed = "over-exposed"
        case syncFailing = "sync-failing"
        case drift
        case starved = "channel-starved"
        case awaitingApproval = "awaiting-approval"
        case approvedByOnePool = "approved-automatically"
        case latePO = "late-po"
        case unmapped
        case overstock
        case forecastMiss = "forecast-miss"
        case returns

        public var title: String {
            switch self {
            case .stockoutRisk: "Stockout before delivery"
            case .oversold: "Oversold"
            case .overExposed: "Channel over-exposed"
            case .syncFailing: "Sync failing"
            case .drift: "Channel drifted"
            case .starved: "Channel starved"
            case .awaitingApproval: "PO awaiting approval"
            case .approvedByOnePool: "PO approved by OnePool"
            case .latePO: "Late PO"
            case .unmapped: "Unmapped listing"
            case .overstock: "Overstock"
            case .forecastMiss: "Forecast off"
            case .returns: "Returns"
            }
        }
    }

    /// What the one-key action does.
    public enum Action: Hashable, Sendable {
        case openSKU(SKUCode)
        case openPO(String)
        case publish(channel: ChannelName)
        case mapListing(ListingKey)
        /// Change the channel's rule (floor, cap, priority).
        case editChannel(ChannelName)

        public var text: String {
            switch self {
            case .editChannel(let channel): "edit \(channel)'s rule"
            case .openSKU(let sku): "open \(sku)"
            case .openPO(let id): "open \(id)"
            case .publish(let channel): "publish \(channel)"
            case .mapListing(let key): "map \(key)"
            }
        }
    }

    public var kind: Kind
    public var subject: String
    /// `effect.money`: what the item is ranked by.
    public var money: Money
    public var why: String
    public var action: Action
    /// Stable while the condition lasts — the kind and what it is about (`late-po:PO-00012`,
    /// `stockout-risk:MUG-BLUE`, `overstock`) — never a rank: `briefing --explain ID` finds it.
    public var id: String
    public var effect: ProfitEffect

    public init(kind: Kind, subject: String, why: String, action: Action, effect: ProfitEffect, id: String? = nil) {
        self.kind = kind
        self.subject = subject
        self.money = effect.money
        self.why = why
        self.action = action
        self.effect = effect
        self.id = id ?? "\(kind.rawValue):\(subject)"
    }

    /// An item with money and no explanation (the shape before the money rule; kept for callers
    /// that build items themselves).
    public init(kind: Kind, subject: String, money: Money, why: String, action: Action) {
        self.init(kind: kind, subject: subject, why: why, action: action, effect: .stated(money))
    }
}
