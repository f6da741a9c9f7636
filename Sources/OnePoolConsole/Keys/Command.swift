/// Everything the operator can ask the console to do. Stable kebab-case names (for a future
/// key-binding file) and one line of help each; the footer and `?` are generated from these.
public enum Command: String, CaseIterable, Sendable {
    case quit
    case interrupt
    case suspend
    case redraw
    case help
    case nextPane = "next-pane"
    case previousPane = "previous-pane"
    case showBriefing = "show-briefing"
    case showStock = "show-stock"
    case showAlerts = "show-alerts"
    case showActivity = "show-activity"
    case showChannels = "show-channels"
    case showQueue = "show-queue"
    case lookup
    case moveUp = "move-up"
    case moveDown = "move-down"
    case pageUp = "page-up"
    case pageDown = "page-down"
    case top
    case bottom
    case open
    case back
    case sortNext = "sort-next-column"
    case sortReverse = "sort-reverse"
    case filterText = "filter-text"
    case cycleFilter = "cycle-filter"
    case clearFilter = "clear-filter"
    case keepFilter = "keep-filter"
    case showMessages = "show-messages"
    case viewWhole = "view-whole"
    case cycleTheme = "cycle-theme"
    case receive
    case count
    case adjust
    case hold
    case release
    case cycleKind = "cycle-kind"
    case submit
    case nextField = "next-field"
    case previousField = "previous-field"
    case cancel
    case editRule = "edit-rule"
    case confirm
    case toggleSelect = "toggle-select"
    case approve
    case reject
    case editQuantity = "edit-quantity"
    case explain
    case restockReturns = "restock-returns"
    case writeOffReturns = "write-off-returns"

    public var help: String {
        switch self {
        case .quit: "Quit OnePool"
        case .interrupt: "Quit at once, from anywhere (asks first if something typed would be lost)"
        case .suspend: "Suspend OnePool to the shell (fg brings it back)"
        case .redraw: "Paint the whole screen again"
        case .help: "Show every key and what it does"
        case .nextPane: "Next pane"
        case .previousPane: "Previous pane"
        case .showBriefing: "The morning briefing: the moves that matter most, by money"
        case .showStock: "Stock pool pane"
        case .showAlerts: "Alerts pane"
        case .showActivity: "Activity pane"
        case .showChannels: "Channels pane: allocations, live sync, over-exposed and unmapped listings"
        case .showQueue: "Approval queue: purchase orders waiting for you"
        case .lookup: "Look up a SKU by code, title or barcode"
        case .moveUp: "Move up"
        case .moveDown: "Move down"
        case .pageUp: "Page up"
        case .pageDown: "Page down"
        case .top: "Go to the first row"
        case .bottom: "Go to the last row"
        case .open: "Open the selected row (a SKU, a PO, a briefing item's action)"
        case .back: "Close / go back"
        case .sortNext: "Sort by the next column"
        case .sortReverse: "Reverse the sort order"
        case .filterText: "Filter rows by text"
        case .cycleFilter: "Show all / oversold / out of stock / held"
        case .clearFilter: "Clear the filter"
        case .keepFilter: "Keep the filter typed and go back to the list"
        case .showMessages: "The last messages in the footer, in full"
        case .viewWhole: "Show the whole text of the selected row (what was cut with …)"
        case .cycleTheme: "Next colour theme"
        case .receive: "Receive units of this SKU"
        case .count: "Record a physical count"
        case .adjust: "Adjust on hand up or down"
        case .hold: "Hold units for a commitment"
        case .release: "Release held units"
        case .cycleKind: "Show all events / only one kind"
        case .submit: "Save the form"
        case .nextField: "Next field"
        case .previousField: "Previous field"
        case .cancel: "Cancel the form"
        case .editRule: "Change the selected channel's priority, floor or cap (shows the effect first)"
        case .confirm: "Apply the change shown"
        case .toggleSelect: "Select or unselect the PO (approve several together)"
        case .approve: "Approve the selected POs (or this one), after a confirmation"
        case .reject: "Reject this PO, with a reason"
        case .editQuantity: "Change the quantity of the selected line (in an open PO)"
        case .explain: "Explain the selected item's money: its inputs and the rule (as briefing --explain)"
        case .restockReturns: "Returns alert: restock units awaiting inspection (asks how many; sellable again)"
        case .writeOffReturns: "Returns alert: write off units awaiting inspection (asks how many and why; unsellable)"
        }
    }

    /// The short word shown in the footer.
    public var label: String {
        switch self {
        case .quit: "quit"
        case .interrupt: "quit"
        case .suspend: "suspend"
        case .keepFilter: "keep"
        case .showMessages: "messages"
        case .clearFilter: "clear"
        case .viewWhole: "whole text"
        case .help: "help"
        case .nextPane: "pane"
        case .lookup: "lookup"
        case .open: "open"
        case .back: "back"
        case .sortNext: "sort"
        case .sortReverse: "reverse"
        case .filterText: "filter"
        case .cycleFilter: "show"
        case .cycleTheme: "theme"
        case .receive: "receive"
        case .count: "count"
        case .adjust: "adjust"
        case .hold: "hold"
        case .release: "release"
        case .cycleKind: "kind"
        case .submit: "save"
        case .nextField: "field"
        case .cancel: "cancel"
        case .editRule: "edit rule"
        case .confirm: "apply"
        case .toggleSelect: "select"
        case .approve: "approve"
        case .reject: "reject"
        case .editQuantity: "edit qty"
        case .explain: "explain"
        case .restockReturns: "restock"
        case .writeOffReturns: "write off"
        case .moveDown: "down"
        case .moveUp: "up"
        default: rawValue
        }
    }
}
