/// The top-level panes, in tab order. Later panes (approval queue, briefing) join here.
public enum Pane: Int, CaseIterable, Sendable {
    case stock, alerts, activity, channels

    public var title: String {
        switch self {
        case .stock: "Stock pool"
        case .alerts: "Alerts"
        case .activity: "Activity"
        case .channels: "Channels"
        }
    }

    var scope: KeyScope {
        switch self {
        case .stock: .stock
        case .alerts: .alerts
        case .activity: .activity
        case .channels: .channels
        }
    }
}
