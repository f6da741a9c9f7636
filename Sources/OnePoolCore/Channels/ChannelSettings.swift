/// The file layout a channel's order exports arrive in and its quantity uploads leave in.
public enum ChannelFormat: String, CaseIterable, Sendable {
    /// Shopify: orders export CSV in, inventory CSV out.
    case shopify
    /// Amazon: "All Orders" report (tab-separated) in, Price & Quantity file out.
    case amazon
    /// OnePool's documented generic CSV both ways.
    case generic

    /// What a new channel of `kind` speaks until told otherwise.
    public static func defaultFor(_ kind: ChannelKind) -> ChannelFormat {
        switch kind {
        case .shopify: .shopify
        case .amazon: .amazon
        default: .generic
        }
    }
}

/// Everything an operator sets about a channel after adding it: its allocation rule and its
/// file format. Changed only by `Change.channelConfigured`, so every change is in the journal.
public struct ChannelSettings: Hashable, Sendable {
    public var rule: ChannelRule
    public var format: ChannelFormat

    public init(rule: ChannelRule, format: ChannelFormat) {
        self.rule = rule
        self.format = format
    }

    /// A channel added as the `position`-th (from 1): served after those added before it,
    /// no floor, no cap, enabled.
    public static func defaults(kind: ChannelKind, position: Int) -> ChannelSettings {
        ChannelSettings(rule: ChannelRule(priority: position), format: .defaultFor(kind))
    }
}
