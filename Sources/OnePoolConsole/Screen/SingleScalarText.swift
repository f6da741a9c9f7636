/// Scalars that are always a grapheme of their own next to one another and to printable ASCII,
/// and are drawn as they are (no escape): Latin-1 and Latin Extended letters, general
/// punctuation, arrows, technical and box-drawing symbols, blocks, shapes and dingbats. Text made
/// only of these — sparklines, frames, "·", "…", "▲" — can be placed a scalar a cell, without
/// the grapheme breaking and Unicode tables that a walk by `Character` goes through.
///
/// None of them is a combining mark, a joiner, a prepended or spacing mark, a regional indicator
/// or Hangul, which are what make two scalars one grapheme (tests check the set against
/// `String`'s own breaking and `TextWidth`).
enum SingleScalarText {
    static func contains(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20..<0x7F, 0xA0..<0xAD, 0xAE...0x2FF, 0x2010...0x2027, 0x2030...0x205E, 0x2190...0x23FF,
            0x2500...0x27BF:
            return true
        default:
            return false
        }
    }

    /// The columns `scalar` (one of the set) takes: `TextWidth.of`, without its Unicode property
    /// lookups for the ranges known to be one column (none is wide, an emoji or a mark).
    static func width(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x20..<0x7F, 0xA0..<0xAD, 0xAE...0x2FF, 0x2010...0x2027, 0x2030...0x205E, 0x2500...0x259F: 1
        default: TextWidth.of(scalar)
        }
    }
}
