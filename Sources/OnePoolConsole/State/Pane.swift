/// The top-level panes, in tab order (the digit keys follow it). The console opens on the briefing.
public enum Pane: Int, CaseIterable, Sendable {
    case briefing, stock, alerts, activity, channels, queue

    public var title: String {
        switch self {
        case .briefing: "Briefing"
        case .stock: "Stock"
        case .alerts: "Alerts"
        case .activity: "Activity"
        case .channels: "Channels"
        case .queue: "Approvals"
        }
    }

    var scope: KeyScope {
        switch self {
        case .briefing: .briefing
        case .stock: .stock
        case .alerts: .alerts
        case .activity: .activity
        case .channels: .channels
        case .queue: .queue
        }
    }
}
