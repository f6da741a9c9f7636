import ArgumentParser
import OnePoolCore

/// A channel name on the command line is taken as typed: whether the store has it (or whether a
/// new one is a valid name) is the verb's check, with a refusal that names it, not the parser's.
extension ChannelName: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}
