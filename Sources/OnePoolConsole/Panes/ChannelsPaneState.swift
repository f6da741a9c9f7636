import OnePoolCore

/// The channels pane: one row per channel in serving order, and the rule being edited.
public struct ChannelsPaneState: Sendable {
    public var cursor = ListCursor()
    /// Channel names in serving order (priority, then name).
    public private(set) var order: [String] = []
    public var form: RuleForm? = nil
    /// A valid edit waiting for y/n, with what it does to the units offered.
    public var preview: RulePreview? = nil

    public var selected: String? { order.indices.contains(cursor.selected) ? order[cursor.selected] : nil }

    mutating func rebuild(data: ConsoleData, visibleRows: Int) {
        let board = data.channels
        order = board.names.sorted {
            (board.settings[$0]?.rule.priority ?? 1000, $0) < (board.settings[$1]?.rule.priority ?? 1000, $1)
        }
        cursor.clamp(count: order.count, visibleRows: visibleRows)
    }
}

/// Priority, floor and cap of one channel, typed in place and checked before the preview.
public struct RuleForm: FieldForm, Sendable {
    public let channel: String
    public var fields: [FormState.Field]
    public var focus = 0
    public var error: String? = nil

    public init(channel: String, settings: ChannelSettings) {
        self.channel = channel
        fields = [
            FormState.Field(label: "Priority", value: "\(settings.rule.priority)", hint: "1 is served first", required: true),
            FormState.Field(label: "Floor", value: "\(settings.rule.floor)", hint: "units guaranteed first", required: true),
            FormState.Field(label: "Cap", value: settings.rule.cap?.description ?? "", hint: "units, 30%, or empty for none", required: false),
        ]
    }

    /// The settings the fields describe, or which field is wrong and why.
    public func proposed(from current: ChannelSettings) -> Result<ChannelSettings, FormError> {
        var settings = current
        let values = fields.map { $0.value.trimmingCharacters(in: " ") }
        guard let priority = Int(values[0]), (1...1000).contains(priority) else {
            return .failure(FormError(field: 0, message: "Priority must be a whole number from 1 (served first) to 1000"))
        }
        guard let floor = Int(values[1]), floor >= 0, floor <= StockState.absurdQuantity else {
            return .failure(FormError(field: 1, message: "Floor must be 0 or more units"))
        }
        settings.rule.priority = priority
        settings.rule.floor = floor
        if values[2].isEmpty || values[2] == "none" {
            settings.rule.cap = nil
        } else if let cap = ChannelRule.Cap.parse(values[2]) {
            settings.rule.cap = cap
        } else {
            return .failure(FormError(field: 2, message: "Cap must be units (30), a percentage (30%) or empty for none"))
        }
        return .success(settings)
    }
}

/// What a rule change does, shown before it is applied.
public struct RulePreview: Sendable {
    public var channel: String
    public var settings: ChannelSettings
    /// Per channel (board order): units offered now and after the change.
    public var before: [Int]
    public var after: [Int]
}
