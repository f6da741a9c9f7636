import Foundation

/// Moving bytes out of the journal without destroying them.
///
/// Only a writer, holding the lock, repairs. A repair copies the bytes it cuts to
/// `journal/damaged-<segment>-<offset>.bin` (synced, with its directory) before cutting them
/// from the segment, so nothing is ever lost: the operator can look at them with
/// `onepool doctor`, and every verb warns until `onepool doctor --ack` moves them to
/// `journal/acknowledged/` (or the operator moves them away).
enum JournalRepair {
    static let damagedPrefix = "damaged-"
    static let acknowledgedDirectory = "acknowledged"

    /// A piece of journal set aside.
    struct SetAside: Equatable {
        var path: String
        var bytes: Int
    }

    /// Copies `file`'s bytes from `offset` to its end into a new damaged-… file, then cuts the
    /// segment there. Each step is synced before the next, so a crash leaves either the copy
    /// and the uncut segment (the next writer makes a second copy) or the copy and the cut.
    static func setAside(
        _ file: PosixFile, segment: UInt32, from offset: Int, layout: StoreLayout, modes: FileModes
    ) throws(StoreError) -> SetAside {
        let bytes = try file.readAll(from: offset)
        let path = try createDamagedFile(layout: layout, segment: segment, offset: offset, permissions: modes.file)
        do {
            let copy = try PosixFile.open(path, .readWrite)
            try copy.write(bytes, at: 0)
            try copy.syncAll()
            try FileSystem.syncDirectory(layout.journal)
        } catch {
            FileSystem.remove(path)
            throw error
        }
        try file.truncate(to: offset)
        try file.syncAll()
        return SetAside(path: path, bytes: bytes.count)
    }

    private static func createDamagedFile(
        layout: StoreLayout, segment: UInt32, offset: Int, permissions: mode_t
    ) throws(StoreError) -> String {
        let base =
            "\(layout.journal)/\(damagedPrefix)\(StoreLayout.padded(UInt64(segment), width: 8))-\(StoreLayout.padded(UInt64(offset), width: 12))"
        for attempt in 1...1000 {
            let path = attempt == 1 ? "\(base).bin" : "\(base)-\(attempt).bin"
            if FileSystem.exists(path) { continue }
            _ = try PosixFile.open(path, .createNew(permissions: permissions))
            return path
        }
        throw StoreError.io(path: base, operation: "create a file for damaged bytes", code: EEXIST)
    }

    /// Damaged pieces the operator has not acknowledged yet, oldest name first.
    static func unacknowledged(_ layout: StoreLayout) -> [String] {
        FileSystem.list(orEmpty: layout.journal).filter { $0.hasPrefix(damagedPrefix) && $0.hasSuffix(".bin") }
            .map { "\(layout.journal)/\($0)" }
    }

    /// Moves every unacknowledged piece to journal/acknowledged/ (kept, never deleted).
    static func acknowledge(_ layout: StoreLayout, modes: FileModes) throws(StoreError) -> [String] {
        let pieces = unacknowledged(layout)
        guard !pieces.isEmpty else { return [] }
        let directory = "\(layout.journal)/\(acknowledgedDirectory)"
        try FileSystem.makeDirectory(directory, mode: modes.directory)
        for piece in pieces {
            try FileSystem.rename(piece, to: "\(directory)/\(FileSystem.lastComponent(of: piece))")
        }
        try FileSystem.syncDirectory(directory)
        try FileSystem.syncDirectory(layout.journal)
        return pieces
    }
}

/// Left by a writer whose failed write could not be undone (the cut after a failed `fdatasync`
/// failed too): the segment may hold bytes past `durableOffset` that were never acknowledged.
/// Readers ignore them; writers refuse until `onepool doctor --repair` sets them aside.
struct RepairMarker: Codable, Equatable {
    static let fileName = "needs-repair"

    var segment: UInt32
    var durableOffset: Int
    var reason: String

    static func read(_ layout: StoreLayout) -> RepairMarker? {
        let path = "\(layout.root)/\(fileName)"
        guard FileSystem.exists(path) else { return nil }
        guard let bytes = try? PosixFile.open(path, .read).readAll(),
            let marker = try? JSONDecoder().decode(RepairMarker.self, from: Data(bytes))
        else {
            // Present but unreadable: writers must still stop; readers limit nothing.
            return RepairMarker(segment: .max, durableOffset: .max, reason: "\(path) cannot be read")
        }
        return marker
    }

    func write(_ layout: StoreLayout, modes: FileModes) throws(StoreError) {
        let data = (try? JSONEncoder().encode(self)) ?? Data()
        try FileSystem.writeAtomically(Array(data), to: "\(layout.root)/\(Self.fileName)", permissions: modes.file)
    }

    static func remove(_ layout: StoreLayout) throws(StoreError) {
        let path = "\(layout.root)/\(fileName)"
        guard unlink(path) == 0 || errno == ENOENT else {
            throw StoreError.io(path: path, operation: "remove", code: errno)
        }
        try FileSystem.syncDirectory(layout.root)
    }
}
