import OnePoolCore

/// The whole console as a value. `update` changes it; `view` draws it. Nothing here touches the
/// terminal or the disk, so every behaviour is testable with key sequences.
public struct ConsoleState: Sendable {
    public var width: Int
    public var height: Int
    public var data: ConsoleData
    public var pane: Pane = .stock
    public var stock = StockPaneState()
    public var alerts = AlertsPaneState()
    public var activity = ActivityPaneState()
    public var channels = ChannelsPaneState()
    public var briefing = BriefingPaneState()
    public var queue = QueuePaneState()
    /// Who approves from this console (the OS user, or --actor).
    public var actor = ""
    public var lookup: LookupState? = nil
    public var detail: DetailState? = nil
    public var helpVisible = false
    /// First help line shown (the help scrolls when the terminal cannot hold it all).
    public var helpScroll = 0
    public var confirmingQuit = false
    public var themeName: String
    public var dateText: String
    public var status: StatusLine? = nil
    public let keyMap: KeyMap

    public init(
        data: ConsoleData, width: Int, height: Int, themeName: String = "default", dateText: String = "", keyMap: KeyMap = .standard,
        pane: Pane = .stock
    ) {
        self.pane = pane
        self.data = data
        self.width = width
        self.height = height
        self.themeName = themeName
        self.dateText = dateText
        self.keyMap = keyMap
        refreshDerived()
    }

    /// Where keys are interpreted now, innermost first.
    public var scope: KeyScope {
        if helpVisible { return .help }
        if lookup != nil { return .lookup }
        if detail?.form != nil { return .form }
        if detail == nil && pane == .channels {
            if channels.preview != nil { return .confirm }
            if channels.form != nil { return .form }
        }
        if detail == nil && pane == .queue {
            if queue.confirmation != nil { return .confirm }
            if queue.prompt != nil { return .form }
        }
        if detail != nil { return .detail }
        return pane.scope
    }

    /// Minimum size the layout is designed for.
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    /// Rows available to a pane's list: the screen less header, tabs, column titles and footer.
    public var listRows: Int { max(1, height - 4) }

    /// Recomputes sorted and filtered views after the data or the size changed.
    public mutating func refreshDerived() {
        // The stock list (a filter and sort of every SKU) waits until the pane is first shown.
        if pane == .stock || stock.isBuilt { stock.rebuild(data: data, visibleRows: listRows) }
        alerts.rebuild(data: data, visibleRows: listRows)
        activity.rebuild(data: data, visibleRows: listRows)
        channels.rebuild(data: data, visibleRows: listRows)
        briefing.rebuild(data: data, visibleRows: listRows)
        queue.rebuild(data: data, visibleRows: listRows)
        if var lookup {
            lookup.search(in: data)
            self.lookup = lookup
        }
    }
}

/// A one-line message in the footer: what just happened, or why something did not.
public struct StatusLine: Hashable, Sendable {
    public var text: String
    public var isError: Bool

    public init(text: String, isError: Bool) {
        self.text = text
        self.isError = isError
    }
}
