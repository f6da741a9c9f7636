/// A cell as `Screen` stores it: two plain numbers, so the 12,000 cells of a 200×60 frame are
/// made, overwritten, copied and compared without reference counting (a `Cell` holds two
/// `String`s, and each write of one retained and released both).
struct PackedCell: Hashable, Sendable {
    /// The cell's grapheme when it is one scalar (almost every cell): that scalar's value.
    /// Otherwise `continuation` (the second cell of a wide character) or `clusterFlag` plus an
    /// index into the screen's `CellTables.clusters` (a letter with combining marks, an emoji
    /// sequence).
    var glyph: UInt32
    /// A `KnownRoles` number, or `KnownRoles.count` plus an index into `CellTables.otherRoles`.
    var role: UInt16

    static let continuation: UInt32 = 0x11_0000  // the first value after the last scalar
    static let clusterFlag: UInt32 = 0x8000_0000
}

/// What a `PackedCell` refers to that does not fit in it: graphemes of several scalars and roles
/// outside `KnownRoles`. One per screen, filled as it is drawn (a frame rarely adds any), so it
/// is a plain value: no table is shared between screens or threads.
struct CellTables: Equatable, Sendable {
    private(set) var clusters: [String] = []
    private(set) var otherRoles: [Role] = []

    /// The glyph for `text`, adding it to `clusters` if it is neither one scalar nor empty.
    mutating func glyph(for text: String) -> UInt32 {
        var scalars = text.unicodeScalars.makeIterator()
        guard let first = scalars.next() else { return PackedCell.continuation }
        if scalars.next() == nil { return first.value }
        // Few and short (a frame draws a handful): a scan finds one drawn before.
        if let index = clusters.firstIndex(of: text) { return PackedCell.clusterFlag | UInt32(index) }
        clusters.append(text)
        return PackedCell.clusterFlag | UInt32(clusters.count - 1)
    }

    /// The glyph for a character (one grapheme): its scalar when it has one.
    mutating func glyph(for character: Character) -> UInt32 {
        let scalars = character.unicodeScalars
        if scalars.count == 1, let only = scalars.first { return only.value }
        return glyph(for: String(character))
    }

    func text(of glyph: UInt32) -> String {
        if glyph == PackedCell.continuation { return "" }
        if glyph & PackedCell.clusterFlag != 0 { return clusters[Int(glyph & ~PackedCell.clusterFlag)] }
        // Every glyph below the continuation was made from a scalar, so this never falls back.
        return Unicode.Scalar(glyph).map { String($0) } ?? "\u{FFFD}"
    }

    /// The number for `role`, adding it to `otherRoles` if it is not known.
    mutating func number(for role: Role) -> UInt16 {
        if role.number != KnownRoles.unknown { return role.number }
        if let index = otherRoles.firstIndex(where: { $0.name == role.name }) {
            return UInt16(KnownRoles.count + index)
        }
        precondition(KnownRoles.count + otherRoles.count < Int(KnownRoles.unknown), "too many roles on one screen")
        otherRoles.append(role)
        return UInt16(KnownRoles.count + otherRoles.count - 1)
    }

    func role(_ number: UInt16) -> Role {
        Int(number) < KnownRoles.count ? KnownRoles.role(number) : otherRoles[Int(number) - KnownRoles.count]
    }

    func cell(_ packed: PackedCell) -> Cell { Cell(text(of: packed.glyph), role: role(packed.role)) }

    mutating func pack(_ cell: Cell) -> PackedCell {
        PackedCell(glyph: glyph(for: cell.text), role: number(for: cell.role))
    }
}
