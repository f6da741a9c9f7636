import ArgumentParser
import OnePoolCore

/// A SKU code on the command line is taken as typed: whether the store has it is the verb's
/// check (and a refusal that names it), not the parser's.
extension SKUCode: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}
