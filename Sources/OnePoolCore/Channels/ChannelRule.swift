/// How much of a SKU's pool one channel may be offered.
///
/// Channels are served in `priority` order (1 first). A `floor` is guaranteed before any channel
/// gets more than its own floor (a wholesale promise); a `cap` limits what the channel is ever
/// offered, in units or as a percentage of the pool (a marketplace that brings returns).
public struct ChannelRule: Hashable, Sendable {
    public enum Cap: Hashable, Sendable, CustomStringConvertible {
        case units(Int)
        case percent(Int)

        /// The cap in units for a pool of `pool` units (a percentage rounds down).
        public func units(ofPool pool: Int) -> Int {
            switch self {
            case .units(let units): units
            case .percent(let percent): pool * percent / 100
            }
        }

        public var description: String {
            switch self {
            case .units(let units): "\(units)"
            case .percent(let percent): "\(percent)%"
            }
        }

        /// Reads "30" or "30%".
        public static func parse(_ text: String) -> Cap? {
            if text.hasSuffix("%") {
                guard let value = Int(text.dropLast()), (0...100).contains(value) else { return nil }
                return .percent(value)
            }
            guard let value = Int(text), value >= 0 else { return nil }
            return .units(value)
        }
    }

    public var priority: Int
    public var floor: Int
    public var cap: Cap?
    public var enabled: Bool

    /// The rule of a channel with no settings: served after every configured channel.
    public static let unconfigured = ChannelRule(priority: 1000)

    public init(priority: Int, floor: Int = 0, cap: Cap? = nil, enabled: Bool = true) {
        self.priority = priority
        self.floor = floor
        self.cap = cap
        self.enabled = enabled
    }
}
