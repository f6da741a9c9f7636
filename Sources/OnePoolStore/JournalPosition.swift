/// A place in the journal: a segment and a byte offset in it.
public struct JournalPosition: Equatable, Sendable, CustomStringConvertible {
    public var segment: UInt32
    public var offset: Int

    public var description: String { "segment \(segment) byte \(offset)" }
}
