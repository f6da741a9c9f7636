import OnePoolCore

/// The whole console as a value. `ConsoleProgram.send` changes it; `ConsoleView.render` draws
/// it. Nothing here touches the terminal or the disk, so every behaviour is testable with keys.
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
    /// The SKU opened from a pane (Esc goes back to the pane).
    public var detail: DetailState? = nil
    /// The overlay or question in front of everything, if any.
    public var modal: Modal? = nil
    /// Who approves from this console (the OS user, or --actor).
    public var actor: UserName = ""
    public var themeName: String
    public var dateText: String
    public var status: StatusLine? = nil
    /// The messages shown, newest first (`m` shows them whole).
    public var messages: [StatusLine] = []
    /// Seconds on the runtime's monotonic clock, as of its last tick (status lines expire by it).
    public var clock: Double = 0
    /// Which characters the terminal can show: UTF-8, or ASCII stand-ins for everything else.
    public var charset: Charset = .unicode
    public let keyMap: KeyMap

    public init(
        data: ConsoleData, width: Int, height: Int, themeName: String = "default", dateText: String = "",
        keyMap: KeyMap = .standard, pane: Pane = .stock
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

    /// Where keys are interpreted now: the modal's scope, else the SKU detail, else the pane.
    public var scope: KeyScope {
        if let modal { return modal.scope }
        if detail != nil { return .detail }
        return pane.scope
    }

    /// Minimum size the layout is designed for.
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    /// Rows available to a pane's list: the screen less header, tabs, column titles and footer.
    public var listRows: Int { max(1, height - 4) }

    /// What a pane's reducer may read.
    var paneContext: PaneContext { PaneContext(data: data, rows: listRows, actor: actor) }

    /// Recomputes sorted and filtered views after the data or the size changed. Each pane keeps
    /// its selection on the same item (by identity) when its list re-ranks.
    public mutating func refreshDerived() {
        let context = paneContext
        // The stock list (a filter and sort of every SKU) waits until the pane is first shown.
        if pane == .stock || stock.isBuilt { stock.rebuild(context) }
        alerts.rebuild(context)
        activity.rebuild(context)
        channels.rebuild(context)
        briefing.rebuild(context)
        queue.rebuild(context)
        if case .lookup(var lookup) = modal {
            lookup.search(in: data)
            modal = .lookup(lookup)
        }
    }

    // MARK: - What the modal holds (read-only views for tests and the runtime)

    public var lookup: LookupState? {
        if case .lookup(let lookup) = modal { return lookup }
        return nil
    }

    public var stockForm: StockForm? {
        if case .stockForm(let form) = modal { return form }
        return nil
    }

    public var ruleForm: RuleForm? {
        switch modal {
        case .ruleForm(let form)?, .rulePreview(_, let form)?: form
        default: nil
        }
    }

    public var rulePreview: RulePreview? {
        if case .rulePreview(let preview, _) = modal { return preview }
        return nil
    }

    public var prompt: QueuePrompt? {
        if case .prompt(let prompt) = modal { return prompt }
        return nil
    }

    public var approval: ApprovalConfirmation? {
        if case .approval(let confirmation) = modal { return confirmation }
        return nil
    }

    public var isConfirmingQuit: Bool {
        if case .confirmQuit = modal { return true }
        return false
    }
}

/// What a pane's reducer reads besides its own state.
struct PaneContext {
    var data: ConsoleData
    /// Rows a list shows at once (for paging and keeping the selection in view).
    var rows: Int
    var actor: UserName
}

/// Which characters reach the terminal.
public enum Charset: Sendable, Equatable {
    /// Everything as it is (a UTF-8 locale).
    case unicode
    /// ASCII only: box and block characters drawn from `+-|._=#`, other text as stand-ins of the
    /// same width, so columns stay where they are in any locale.
    case ascii
}
