import OnePoolCore

/// One finding of `onepool doctor`: a file, whether it is sound, and what that means.
public struct DoctorFinding: Equatable, Sendable {
    public enum Severity: String, Sendable { case ok, warning, error }
    public var file: String
    public var severity: Severity
    public var message: String
}

/// Verifies every segment and snapshot of a store without changing anything: each record's
/// checksum, sequence continuity, complete batches, each snapshot against the journal (by the
/// same rules `Store.open` uses, so the two always agree) and against a full replay, the
/// values of every event against `Bounds`, and what any set-aside damaged piece holds.
///
/// Severity follows what open does: an error is something open refuses (or a snapshot whose
/// content differs from the journal it claims to match); a warning is something open shows
/// the operator and works around.
public enum StoreDoctor {
    public static func examine(at path: String) -> [DoctorFinding] {
        var findings: [DoctorFinding] = []
        let layout = StoreLayout(root: path)
        func add(_ file: String, _ severity: DoctorFinding.Severity, _ message: String) {
            findings.append(DoctorFinding(file: file, severity: severity, message: message))
        }
        switch FileSystem.status(layout.metadata, followLink: false) {
        case .missing:
            add(path, .error, StoreError.noStore(path: path).description)
            return findings
        case .inaccessible(let code):
            add(
                layout.metadata, .error, StoreError.io(path: layout.metadata, operation: "open", code: code).description
            )
            return findings
        case .found:
            break
        }
        let metadata: StoreMetadata
        do {
            metadata = try StoreMetadata.decode(
                try PosixFile.open(layout.metadata, .read).readAll(), path: layout.metadata)
            if metadata.format > StoreMetadata.currentFormat {
                add(
                    layout.metadata, .error,
                    "store format \(metadata.format) is newer than this onepool (\(StoreMetadata.currentFormat))")
                return findings
            }
            let identity =
                metadata.identity.map { "identity \($0)" }
                ?? "no identity yet (made before identities; the next write gives it one)"
            let sharing = metadata.group.map { "shared with group \($0)" } ?? "one owner"
            add(
                layout.metadata, .ok,
                "store '\(metadata.name)', format \(metadata.format), time zone \(metadata.timeZone), \(identity), \(sharing)"
            )
        } catch {
            add(layout.metadata, .error, "\(error)")
            return findings
        }
        let marker = RepairMarker.read(layout)
        if let marker {
            add(
                "\(path)/\(RepairMarker.fileName)", .warning,
                "writes are stopped: \(marker.reason). Bytes after segment \(marker.segment) byte \(marker.durableOffset) were never acknowledged and are not shown. Run `onepool doctor --repair` to set them aside and allow writes again."
            )
        }

        let segments = (try? layout.segmentNumbers()) ?? []
        let snapshotFindings = examineSnapshots(layout: layout, segments: segments, metadata: metadata)
        var snapshotsToCompare: [UInt64: (file: String, state: StockState)] = [:]
        var openStopsAt: String? = nil
        for finding in snapshotFindings {
            switch finding.verdict {
            case .matches:
                snapshotsToCompare[finding.state?.lastSequence ?? 0] = (finding.file, finding.state ?? StockState())
            case .foreign(let why):
                add(
                    finding.file, .warning,
                    "not this store's snapshot (\(why)); open ignores it and replays the journal. Remove it.")
            case .mismatch(let why):
                add(
                    finding.file, .warning,
                    "does not match the journal (\(why)); open ignores it and replays the journal. Remove it, then run `onepool snapshot`."
                )
            case .beyondJournal(let covers, let journalEnds):
                openStopsAt = finding.file
                add(
                    finding.file, .error,
                    StoreError.journalBehindSnapshot(snapshot: finding.file, covers: covers, journalEnds: journalEnds)
                        .description)
            case nil:
                add(
                    finding.file, .warning,
                    "\(finding.problem ?? "unreadable"). A snapshot is only a shortcut: open ignores it and replays the journal. Remove it, then run `onepool snapshot`."
                )
            }
            if openStopsAt != nil { break }
        }

        var state = StockState()
        var checked: Set<UInt64> = []
        if let empty = snapshotsToCompare[0] {
            checked.insert(0)
            if empty.state != state {
                add(empty.file, .error, "claims to be the empty store but holds data; remove it")
            }
        }
        var outOfBounds: [String] = []
        if segments.first != 1 { add(layout.journal, .error, "segment 1 is missing: the journal's beginning is gone") }
        for (index, number) in segments.enumerated() {
            let file = layout.segment(number)
            guard number == UInt32(index + 1) else {
                add(file, .error, "segment \(index + 1) is missing before this one; events are lost")
                break
            }
            var bytes: [UInt8]
            do { bytes = try PosixFile.open(file, .read).readAll() } catch {
                add(file, .error, "\(error)")
                break
            }
            if let marker, marker.segment == number, marker.durableOffset < bytes.count {
                bytes.removeLast(bytes.count - marker.durableOffset)
            }
            let header = bytes.withUnsafeBytes { buffer in
                Result { () throws(SegmentHeader.Problem) in try SegmentHeader.parse(buffer) }
            }
            guard case .success(let parsed) = header else {
                add(
                    file, .error,
                    "the 32-byte segment header is not valid: the file is not a OnePool journal segment or its first bytes were overwritten"
                )
                break
            }
            if parsed.firstSequence != state.lastSequence + 1 {
                add(
                    file, .error,
                    "starts at sequence \(parsed.firstSequence) but the previous segment ended at \(state.lastSequence)"
                )
            }
            let before = state.lastSequence
            let scan = bytes.withUnsafeBytes { buffer in
                RecordScanner.scan(
                    UnsafeRawBufferPointer(rebasing: buffer[SegmentHeader.size...]), fileOffset: SegmentHeader.size,
                    nextSequence: state.lastSequence + 1
                ) { event in
                    let problems = event.change.outOfBounds
                    if !problems.isEmpty && outOfBounds.count < 20 {
                        outOfBounds.append(
                            "event \(event.sequence) (\(event.change.kind), \(EventText.details(event.change))): \(problems.joined(separator: "; "))"
                        )
                    }
                    state.apply(event)
                    if let snapshot = snapshotsToCompare[event.sequence] {
                        checked.insert(event.sequence)
                        if snapshot.state != state {
                            add(
                                snapshot.file, .error,
                                "ends on the right journal record but its content differs from a replay of the journal to sequence \(event.sequence); open would use it: remove it and run `onepool snapshot`"
                            )
                        }
                    }
                }
            }
            let isLast = index == segments.count - 1
            let range = scan.eventCount == 0 ? "no events" : "events \(before + 1)–\(scan.lastSequence)"
            switch scan.tail {
            case .clean:
                add(file, .ok, "\(range), \(bytes.count) bytes, every checksum holds")
            case .unfinished(let offset) where isLast:
                add(
                    file, .warning,
                    "\(range); \(bytes.count - offset) bytes after the last complete batch (at byte \(offset)): an unfinished write or damage. Open does not show them; the next change moves them aside to journal/\(JournalRepair.damagedPrefix)… (nothing is deleted)."
                )
            case .unfinished(let offset):
                add(
                    file, .error,
                    "\(range); bytes at \(offset) never completed, yet later segments follow: the file was damaged after it was written. OnePool will not skip inventory events, so the store refuses to open. Restore this file from a backup; the events before byte \(offset) are intact."
                )
            case .damaged(let offset, let detail):
                add(
                    file, .error,
                    "\(range); damaged at byte \(offset): \(detail). OnePool will not skip inventory events, so the store refuses to open. Restore this file from a backup; the events before byte \(offset) are intact."
                )
            }
            if case .damaged = scan.tail { break }
            if case .unfinished = scan.tail, !isLast { break }
        }
        for (sequence, snapshot) in snapshotsToCompare where !checked.contains(sequence) {
            add(snapshot.file, .error, "is for sequence \(sequence), which the journal does not reach")
        }
        for (sequence, snapshot) in snapshotsToCompare
        where checked.contains(sequence) && !findings.contains(where: { $0.file == snapshot.file }) {
            add(
                snapshot.file, .ok,
                "belongs to this store and matches the journal and a full replay to sequence \(sequence)")
        }
        for problem in outOfBounds {
            add(
                layout.journal, .warning,
                "\(problem). Written before OnePool checked these bounds; the store opens and uses the nearest allowed value — correct the SKU (`onepool count`, `onepool adjust`, `onepool sku set`)."
            )
        }
        for piece in JournalRepair.unacknowledged(layout) {
            add(
                piece, .warning,
                DamagedPiece.describe(piece)
                    + " `onepool doctor --ack` moves it to journal/\(JournalRepair.acknowledgedDirectory)/ and stops the warning."
            )
        }
        let leftovers = [layout.root, layout.journal, layout.snapshots].flatMap { directory in
            FileSystem.list(orEmpty: directory).filter { $0.hasPrefix(FileSystem.temporaryPrefix) }
        }
        if !leftovers.isEmpty {
            add(
                path, .ok,
                "\(leftovers.count) temporary file(s) of writers (\(leftovers.prefix(3).joined(separator: ", "))); those of processes that died are removed by the next write"
            )
        }
        return findings
    }

    private struct SnapshotFinding {
        var file: String
        var verdict: SnapshotVerdict?
        var state: StockState?
        var problem: String?
    }

    /// Each snapshot, newest first, judged exactly as `Store.open` judges it.
    private static func examineSnapshots(layout: StoreLayout, segments: [UInt32], metadata: StoreMetadata)
        -> [SnapshotFinding]
    {
        let identity = metadata.identity.map { _ in metadata.identityBytes }
        return ((try? layout.snapshotSequences()) ?? []).map { sequence in
            let file = layout.snapshot(sequence)
            do {
                let loaded = try SnapshotCodec.decode(try PosixFile.open(file, .read).readAll())
                let verdict = SnapshotVerifier.verify(loaded, layout: layout, segments: segments, identity: identity)
                return SnapshotFinding(file: file, verdict: verdict, state: loaded.state)
            } catch {
                return SnapshotFinding(file: file, verdict: nil, problem: "\(error)")
            }
        }
    }
}
