/// What a reader or planner looks up to refuse an order or a line that comes twice in a file.
public enum SightingKind: UInt32, Sendable {
    /// An order's name on its first row.
    case orderName = 0
    /// An order's key (its id) on its first row, looked up only when the same row's name was new.
    case orderKey = 1
    /// A line item apart from its order asks where its order's name was first seen (recording
    /// nothing).
    case nameAsked = 2
    /// An order line's key, in the planner (a table of its own).
    case orderLine = 3

    /// Kinds of one space are looked up in one table (names and keys meet; lines do not).
    var space: UInt32 { self == .orderLine ? 1 : 0 }
}

/// For each (file line, kind) whose digest came before, the line it first came on: what an
/// earlier pass over the same file found, so a new pass refuses the same rows with the same
/// words without remembering any digest.
public struct KnownRepeats: Sendable, Equatable {
    var earlier: [UInt64: Int] = [:]

    public var count: Int { earlier.count }

    static func key(_ line: Int, _ kind: SightingKind) -> UInt64 {
        UInt64(UInt32(clamping: line)) << 2 | UInt64(kind.rawValue)
    }

    subscript(line: Int, kind: SightingKind) -> Int? { earlier[Self.key(line, kind)] }
}

/// The lines on which the digests of a file's names were first seen, kept one of three ways:
/// - **in memory** (`FirstLines`): exact at once, growing with the file (lists already in memory,
///   such as a sync's page);
/// - **spilled** (`RepeatSpill`): every lookup answers "not seen" and the sighting goes to a
///   scratch file; `repeats()` then says whether any answer should have been otherwise. Only then
///   is the file planned again, in the third way. A file with no repeat — the usual one — is read
///   once, with memory that does not grow with it;
/// - **known** (`KnownRepeats`): the answers a spilled pass found, looked up by line.
/// A reader and its planner share one (a class), so one scratch file serves both.
final class Sightings {
    private var readerLines = FirstLines()
    private var plannerLines = FirstLines()
    private let spill: RepeatSpill?
    private let known: KnownRepeats?

    /// In memory.
    init() {
        spill = nil
        known = nil
    }

    init(spillingChunksOf chunkSightings: Int) {
        spill = RepeatSpill(chunkSightings: chunkSightings)
        known = nil
    }

    init(known: KnownRepeats) {
        spill = nil
        self.known = known
    }

    /// Records `line` for `digest` unless it was seen: then returns the line it was first seen on.
    func firstLine(of digest: UInt64, _ kind: SightingKind, recording line: Int) -> Int? {
        if let known { return known[line, kind] }
        if let spill {
            spill.record(digest, line: line, kind: kind.rawValue)
            return nil
        }
        return kind == .orderLine
            ? plannerLines.firstLine(of: digest, recording: line) : readerLines.firstLine(of: digest, recording: line)
    }

    /// Where a name was first seen, asked on `line` (records nothing).
    func firstLine(ofName digest: UInt64, askedOn line: Int) -> Int? {
        if let known { return known[line, .nameAsked] }
        if let spill {
            spill.record(digest, line: line, kind: SightingKind.nameAsked.rawValue)
            return nil
        }
        return readerLines.firstLine(of: digest)
    }

    /// Bytes of memory held.
    var bytes: Int { spill?.bytes ?? (readerLines.bytes + plannerLines.bytes) }

    /// Bytes written to the scratch file.
    var spilledBytes: Int64 { spill?.spilledBytes ?? 0 }

    /// Why the spilled sightings were kept in memory instead, if they were.
    var fallback: String? { spill?.fallback }

    /// After a spilled pass: the answers that should not have been "not seen", or nil if every
    /// one was right (the pass stands). They are what the in-memory way would have answered,
    /// lookup by lookup: the sightings whose digest came more than once, replayed in the order
    /// they were made.
    func repeats() throws(ScratchFileFailure) -> KnownRepeats? {
        guard let spill else { return nil }
        let shared = try spill.resolve { SightingKind(rawValue: $0)?.space ?? 0 }
        var first: [[UInt64: Int]] = [[:], [:]]
        var repeatedNames = Set<UInt32>()
        var known = KnownRepeats()
        for sighting in shared {
            guard let kind = SightingKind(rawValue: sighting.kind) else { continue }
            let space = Int(kind.space)
            let line = Int(sighting.line)
            switch kind {
            case .nameAsked:
                if let earlier = first[space][sighting.digest] { known.earlier[KnownRepeats.key(line, kind)] = earlier }
            case .orderKey where repeatedNames.contains(sighting.line):
                // The reader looks an order's key up only if its name was new.
                continue
            case .orderName, .orderKey, .orderLine:
                if let earlier = first[space][sighting.digest] {
                    known.earlier[KnownRepeats.key(line, kind)] = earlier
                    if kind == .orderName { repeatedNames.insert(sighting.line) }
                } else {
                    first[space][sighting.digest] = line
                }
            }
        }
        return known.count == 0 ? nil : known
    }
}
