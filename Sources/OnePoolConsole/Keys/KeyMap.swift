/// Where the operator is, for the purpose of what keys mean.
public enum KeyScope: String, CaseIterable, Sendable {
    /// Keys that work everywhere, even while typing (control keys only).
    case always
    case global, list, briefing, stock, alerts, activity, channels, queue, detail
    case lookup, form, filter, confirm, quit, fullText, help

    /// The heading of the scope in `?`.
    public var title: String {
        switch self {
        case .always: "Everywhere, even while typing"
        case .global: "Everywhere but in forms"
        case .list: "Lists"
        case .briefing: "Briefing"
        case .stock: "Stock pool"
        case .alerts: "Alerts"
        case .activity: "Activity"
        case .channels: "Channels"
        case .queue: "Approvals"
        case .detail: "SKU detail"
        case .lookup: "Lookup"
        case .form: "Forms and prompts"
        case .filter: "Typing a filter"
        case .confirm: "Confirmations"
        case .quit: "The quit question"
        case .fullText: "Whole text"
        case .help: "This help"
        }
    }
}

/// The default bindings: data, with help, from which the footer and `?` are generated.
///
/// A key is looked up in the innermost scope first (e.g. `form`, then `global`), except that
/// text-entry scopes (`lookup`, `form`) keep printable characters for typing.
public struct KeyMap: Sendable {
    public struct Binding: Hashable, Sendable {
        public var key: Key
        public var command: Command
        /// Shown in the footer (the rest only in `?`).
        public var footer: Bool
        /// The footer's word for it here, when the command's own word does not fit the place.
        public var label: String? = nil
    }

    public private(set) var bindings: [KeyScope: [Binding]]

    /// Scrolling a text (the whole-text view and the help): one set of keys for both.
    static let scrolling = [
        Binding(key: .down, command: .moveDown, footer: true),
        Binding(key: .char("j"), command: .moveDown, footer: false),
        Binding(key: .up, command: .moveUp, footer: true),
        Binding(key: .char("k"), command: .moveUp, footer: false),
        Binding(key: .pageDown, command: .pageDown, footer: false),
        Binding(key: .char(" "), command: .pageDown, footer: false),
        Binding(key: .pageUp, command: .pageUp, footer: false),
    ]

    public static let standard = KeyMap(bindings: [
        .always: [
            Binding(key: .control("c"), command: .interrupt, footer: false),
            Binding(key: .control("z"), command: .suspend, footer: false),
            Binding(key: .control("l"), command: .redraw, footer: false),
        ],
        .global: [
            Binding(key: .char("q"), command: .quit, footer: true),
            Binding(key: .char("?"), command: .help, footer: true),
            Binding(key: .char("/"), command: .lookup, footer: true),
            Binding(key: .tab, command: .nextPane, footer: true),
            Binding(key: .backTab, command: .previousPane, footer: false),
            Binding(key: .char("1"), command: .showBriefing, footer: false),
            Binding(key: .char("2"), command: .showStock, footer: false),
            Binding(key: .char("3"), command: .showAlerts, footer: false),
            Binding(key: .char("4"), command: .showActivity, footer: false),
            Binding(key: .char("5"), command: .showChannels, footer: false),
            Binding(key: .char("6"), command: .showQueue, footer: false),
            Binding(key: .char("T"), command: .cycleTheme, footer: false),
            Binding(key: .char("m"), command: .showMessages, footer: false),
        ],
        .list: [
            Binding(key: .up, command: .moveUp, footer: false),
            Binding(key: .char("k"), command: .moveUp, footer: false),
            Binding(key: .down, command: .moveDown, footer: false),
            Binding(key: .char("j"), command: .moveDown, footer: false),
            Binding(key: .pageUp, command: .pageUp, footer: false),
            Binding(key: .control("b"), command: .pageUp, footer: false),
            Binding(key: .pageDown, command: .pageDown, footer: false),
            Binding(key: .control("f"), command: .pageDown, footer: false),
            Binding(key: .char(" "), command: .pageDown, footer: false),
            Binding(key: .home, command: .top, footer: false),
            Binding(key: .char("g"), command: .top, footer: false),
            Binding(key: .end, command: .bottom, footer: false),
            Binding(key: .char("G"), command: .bottom, footer: false),
            Binding(key: .enter, command: .open, footer: true),
            Binding(key: .char("v"), command: .viewWhole, footer: false),
        ],
        .stock: [
            Binding(key: .char("s"), command: .sortNext, footer: true),
            Binding(key: .char("S"), command: .sortReverse, footer: false),
            Binding(key: .char("f"), command: .filterText, footer: true),
            Binding(key: .char("o"), command: .cycleFilter, footer: true),
            Binding(key: .escape, command: .clearFilter, footer: false),
        ],
        .alerts: [
            // Only a RETURNS alert acts on these; off the footer, so the other alerts read as before.
            Binding(key: .char("R"), command: .restockReturns, footer: false),
            Binding(key: .char("W"), command: .writeOffReturns, footer: false),
        ],
        .activity: [
            Binding(key: .char("K"), command: .cycleKind, footer: true)
        ],
        .channels: [
            Binding(key: .char("e"), command: .editRule, footer: true)
        ],
        .briefing: [
            Binding(key: .char("e"), command: .explain, footer: true)
        ],
        .queue: [
            Binding(key: .char(" "), command: .toggleSelect, footer: true),
            Binding(key: .char("a"), command: .approve, footer: true),
            Binding(key: .char("x"), command: .reject, footer: true),
            Binding(key: .char("e"), command: .editQuantity, footer: true),
            Binding(key: .escape, command: .back, footer: false),
        ],
        .confirm: [
            Binding(key: .char("y"), command: .confirm, footer: true, label: "yes"),
            Binding(key: .char("n"), command: .cancel, footer: true),
            Binding(key: .escape, command: .cancel, footer: false),
        ],
        .detail: [
            Binding(key: .escape, command: .back, footer: true),
            Binding(key: .left, command: .back, footer: false),
            Binding(key: .char("r"), command: .receive, footer: true),
            Binding(key: .char("c"), command: .count, footer: true),
            Binding(key: .char("a"), command: .adjust, footer: true),
            Binding(key: .char("h"), command: .hold, footer: true),
            Binding(key: .char("l"), command: .release, footer: true),
            Binding(key: .char("v"), command: .viewWhole, footer: false),
        ],
        .lookup: [
            Binding(key: .escape, command: .back, footer: true),
            Binding(key: .enter, command: .open, footer: true),
            Binding(key: .up, command: .moveUp, footer: false),
            Binding(key: .down, command: .moveDown, footer: false),
            Binding(key: .control("p"), command: .moveUp, footer: false),
            Binding(key: .control("n"), command: .moveDown, footer: false),
        ],
        .form: [
            Binding(key: .enter, command: .submit, footer: true),
            Binding(key: .tab, command: .nextField, footer: true),
            Binding(key: .down, command: .nextField, footer: false),
            Binding(key: .backTab, command: .previousField, footer: false),
            Binding(key: .up, command: .previousField, footer: false),
            Binding(key: .escape, command: .cancel, footer: true),
        ],
        .filter: [
            Binding(key: .enter, command: .keepFilter, footer: true),
            Binding(key: .escape, command: .clearFilter, footer: true),
        ],
        .quit: [
            Binding(key: .char("y"), command: .confirm, footer: true, label: "quit"),
            Binding(key: .char("n"), command: .cancel, footer: true, label: "go back"),
            Binding(key: .escape, command: .cancel, footer: false),
        ],
        .fullText: [
            Binding(key: .escape, command: .back, footer: true),
            Binding(key: .char("q"), command: .back, footer: false),
            Binding(key: .char("v"), command: .back, footer: false),
            Binding(key: .enter, command: .back, footer: false),
        ] + scrolling,
        .help: [
            Binding(key: .escape, command: .back, footer: true),
            Binding(key: .char("?"), command: .back, footer: false),
            Binding(key: .char("q"), command: .back, footer: false),
        ] + scrolling,
    ])

    /// Scopes searched, innermost first, for the operator's current place.
    public static func scopes(innermost: KeyScope) -> [KeyScope] {
        switch innermost {
        case .briefing, .stock, .alerts, .activity, .channels, .queue: [innermost, .list, .global, .always]
        case .detail: [.detail, .global, .always]
        case .lookup, .form, .filter, .confirm, .quit, .fullText, .help: [innermost, .always]
        case .list, .global: [innermost, .global, .always]
        case .always: [.always]
        }
    }

    public func command(for key: Key, in innermost: KeyScope) -> Command? {
        for scope in Self.scopes(innermost: innermost) {
            if let binding = bindings[scope]?.first(where: { $0.key == key }) { return binding.command }
        }
        return nil
    }

    /// The footer's key hints for the current place, innermost scope first.
    public func footer(for innermost: KeyScope) -> [(key: Key, label: String)] {
        var seen = Set<Command>()
        var hints: [(key: Key, label: String)] = []
        for scope in Self.scopes(innermost: innermost) {
            for binding in bindings[scope] ?? [] where binding.footer && !seen.contains(binding.command) {
                seen.insert(binding.command)
                hints.append((binding.key, binding.label ?? binding.command.label))
            }
        }
        return hints
    }

    /// What `command` does in `scope`, for `?`: the command's own words, unless the place gives
    /// it a narrower meaning (y in the quit question quits; it does not apply a change).
    public func help(for command: Command, in scope: KeyScope) -> String {
        Self.helpInScope["\(scope.rawValue) \(command.rawValue)"] ?? command.help
    }

    private static let helpInScope: [String: String] = [
        "quit confirm": "Yes: quit OnePool (what was typed is not saved)",
        "quit cancel": "No: go back to what was being typed",
        "confirm confirm": "Yes: apply what the question shows (a channel's rule, the POs to approve)",
        "confirm cancel": "No: go back without changing anything",
    ]

    /// Every key of a scope, grouped by command, for the help overlay.
    public func keys(in scope: KeyScope) -> [(Command, [Key])] {
        var order: [Command] = []
        var keys: [Command: [Key]] = [:]
        for binding in bindings[scope] ?? [] {
            if keys[binding.command] == nil { order.append(binding.command) }
            keys[binding.command, default: []].append(binding.key)
        }
        return order.map { ($0, keys[$0] ?? []) }
    }
}
