import OnePoolCore

/// One journal event as the activity pane and SKU detail show it.
public struct ActivityItem: Hashable, Sendable {
    public var sequence: UInt64
    public var time: Timestamp
    public var actor: UserName
    public var kind: String
    public var sku: SKUCode?
    public var text: String

    public init(_ event: Event) {
        sequence = event.sequence
        time = event.time
        actor = event.actor
        kind = event.change.kind
        sku = event.change.skuCode
        text = EventText.details(event.change)
    }
}
