import ArgumentParser
import OnePoolCore

// A SKU code, channel name, purchase-order id or user name on the command line is taken as typed: whether
// the store has it (or whether a new one is a valid name) is the verb's check, with a refusal
// that names it, not the parser's.

extension SKUCode: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

extension ChannelName: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

extension PurchaseOrderID: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

extension UserName: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}
