import OnePoolCore

/// Channel names on disk are their text, as before the type existed: the journal and snapshot
/// formats do not change, only what the decoder hands the fold.
extension ByteWriter {
    mutating func string(_ name: ChannelName) { string(name.rawValue) }

    mutating func optionalString(_ name: ChannelName?) { optionalString(name?.rawValue) }
}

extension ByteReader {
    /// A channel name written by `ByteWriter.string(_: ChannelName)`.
    mutating func channel() throws(DecodeError) -> ChannelName { ChannelName(try string()) }

    /// `channel()` through the recurring strings: every order line names its channel.
    mutating func recurringChannel() throws(DecodeError) -> ChannelName { ChannelName(try recurringString()) }

    mutating func optionalChannel() throws(DecodeError) -> ChannelName? {
        try optionalString().map { ChannelName($0) }
    }
}
