/// The top-level panes, in tab order. Later panes (allocations, approval queue, briefing) join here.
public enum Pane: Int, CaseIterable, Sendable {
    case stock, alerts, activity

    public var title: String {
        switch self {
        case .stock: "Stock pool"
        case .alerts: "Alerts"
        case .activity: "Activity"
        }
    }

    var scope: KeyScope {
        switch self {
        case .stock: .stock
        case .alerts: .alerts
        case .activity: .activity
        }
    }
}
