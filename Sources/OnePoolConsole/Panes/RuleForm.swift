import OnePoolCore

/// Priority, floor and cap of one channel, typed in place and checked before the preview.
public struct RuleForm: FieldForm, Sendable, Equatable {
    public let channel: ChannelName
    public var fields: [FormField]
    public var focus = 0
    public var error: String? = nil

    public init(channel: ChannelName, settings: ChannelSettings) {
        self.channel = channel
        fields = [
            FormField(label: "Priority", value: "\(settings.rule.priority)", hint: "1 is served first", required: true),
            FormField(label: "Floor", value: "\(settings.rule.floor)", hint: "units guaranteed first", required: true),
            FormField(
                label: "Cap", value: settings.rule.cap?.description ?? "", hint: "units, 30%, or empty for none",
                required: false),
        ]
    }

    /// The settings the fields describe, or which field is wrong and why.
    public func proposed(from current: ChannelSettings) -> Result<ChannelSettings, FormError> {
        var settings = current
        let values = fields.map(\.trimmed)
        guard case .success(let priority) = WholeNumber.read(values[0], in: Bounds.priority) else {
            return .failure(
                FormError(field: 0, message: "Priority must be a whole number from 1 (served first) to 1000"))
        }
        guard case .success(let floor) = WholeNumber.read(values[1], in: 0...Bounds.eventUnits) else {
            return .failure(FormError(field: 1, message: "Floor must be 0 to \(Format.count(Bounds.eventUnits)) units"))
        }
        settings.rule.priority = priority
        settings.rule.floor = floor
        if values[2].isEmpty || values[2] == "none" {
            settings.rule.cap = nil
        } else if let cap = ChannelRule.Cap.parse(values[2]) {
            settings.rule.cap = cap
        } else {
            return .failure(
                FormError(field: 2, message: "Cap must be units (30), a percentage (30%) or empty for none"))
        }
        return .success(settings)
    }
}

/// Which field of a form is wrong, and why.
public struct FormError: Error, Equatable, Sendable {
    public var field: Int
    public var message: String
}

/// What a rule change does, shown before it is applied.
public struct RulePreview: Sendable, Equatable {
    public var channel: ChannelName
    public var settings: ChannelSettings
    /// Per channel (board order): units offered now and after the change.
    public var before: [Int]
    public var after: [Int]
}
