import OnePoolCore

extension Store {
    /// What looking for a history checkpoint found: the newest usable one, if any, and a warning
    /// for each newer one passed over (damaged, another store's, not matching the journal, folded
    /// in another UTC offset, or refused by the caller).
    public struct HistoryCheckpointLookup: Sendable {
        public var checkpoint: HistoryCheckpoint?
        public var warnings: [String]
    }

    /// The newest history checkpoint this store's journal vouches for, folded in the store's
    /// zone at `utcOffsetSeconds`, and covering no more than this store has read (one written
    /// since by a writer that got further is passed over without a word, for the one before it).
    /// `refuse` may turn one down with a reason (the days it keeps do not reach a reader's
    /// window). Never writes, never deletes: a checkpoint passed over is left for writers.
    public func historyCheckpoint(
        utcOffsetSeconds: Int, refuse: (HistoryCheckpoint) -> String? = { _ in nil }
    ) -> HistoryCheckpointLookup {
        historyCheckpointFinder.lookup(utcOffsetSeconds: utcOffsetSeconds, refuse: refuse)
    }

    /// What looking for a history checkpoint needs from this store as it stands, to look on
    /// another thread (a `Store` is not shared between threads): the console's loader decodes
    /// the checkpoint off the thread that answers keys.
    public var historyCheckpointFinder: HistoryCheckpointFinder {
        HistoryCheckpointFinder(
            layout: layout, identity: metadata.identity.map { _ in metadata.identityBytes },
            lastSequence: state.lastSequence, position: position)
    }

    /// `Store.historyCheckpoint(utcOffsetSeconds:refuse:)` for a store as it stood when this
    /// was made, on any thread.
    public struct HistoryCheckpointFinder: Sendable {
        let layout: StoreLayout
        let identity: [UInt8]?
        let lastSequence: UInt64
        let position: JournalPosition

        /// See `Store.historyCheckpoint(utcOffsetSeconds:refuse:)`.
        public func lookup(
            utcOffsetSeconds: Int, refuse: (HistoryCheckpoint) -> String? = { _ in nil }
        ) -> HistoryCheckpointLookup {
            var warnings: [String] = []
            guard let sequences = try? layout.historyCheckpointSequences(), !sequences.isEmpty else {
                return HistoryCheckpointLookup(checkpoint: nil, warnings: [])
            }
            let segments = (try? layout.segmentNumbers()) ?? []
            func passOver(_ file: String, _ why: String) {
                warnings.append("\(file): \(why); ignoring this history checkpoint (the journal is read whole)")
            }
            for sequence in sequences {
                let file = layout.historyCheckpoint(sequence)
                let loaded: HistoryCheckpointCodec.Loaded
                do { loaded = try HistoryCheckpointCodec.decode(try PosixFile.open(file, .read).readAll()) } catch {
                    passOver(file, "\(error)")
                    continue
                }
                guard loaded.sequence == sequence, loaded.sequence > 0 else {
                    passOver(file, "it holds event \(loaded.sequence), not the \(sequence) its name says")
                    continue
                }
                let verdict = SnapshotVerifier.verify(
                    position: loaded.position, sequence: loaded.sequence, anchor: loaded.anchor,
                    writtenBy: loaded.identity, layout: layout, segments: segments, identity: identity)
                switch verdict {
                case .matches:
                    let beyond =
                        loaded.sequence > lastSequence || loaded.position.segment > position.segment
                        || (loaded.position.segment == position.segment && loaded.position.offset > position.offset)
                    // Written since this store was read, by a writer further on: the next one may do.
                    if beyond { continue }
                case .foreign(let why), .mismatch(let why):
                    passOver(file, why)
                    continue
                case .beyondJournal(let covers, let ends):
                    passOver(file, "it covers \(covers), but the journal ends at \(ends)")
                    continue
                }
                guard loaded.folds.utcOffsetSeconds == utcOffsetSeconds else {
                    passOver(
                        file,
                        "its days were folded at UTC offset \(loaded.folds.utcOffsetSeconds) s, the store's zone is now at \(utcOffsetSeconds) s"
                    )
                    continue
                }
                let checkpoint = HistoryCheckpoint(
                    folds: loaded.folds, sequence: loaded.sequence, path: file, position: loaded.position,
                    anchor: loaded.anchor)
                if let why = refuse(checkpoint) {
                    passOver(file, why)
                    continue
                }
                return HistoryCheckpointLookup(checkpoint: checkpoint, warnings: warnings)
            }
            return HistoryCheckpointLookup(checkpoint: nil, warnings: warnings)
        }
    }

    /// Writes `folds` — the journal folded up to this store's state, event `through` (which must
    /// be the state's last) — as a history checkpoint, the way snapshots are written (a new
    /// temporary file, fsync, rename, directory fsync), anchored to the journal record the state
    /// ends on, and keeps the two newest. Returns its path; nil for an empty journal (nothing to
    /// save). Writers only (`onepool snapshot`, `onepool demo`): a reader never calls this.
    @discardableResult
    public func writeHistoryCheckpoint(_ folds: HistoryFolds, through sequence: UInt64) throws(StoreError) -> String? {
        guard sequence == state.lastSequence else {
            throw .historyOutOfStep(folded: sequence, state: state.lastSequence)
        }
        guard sequence > 0 else { return nil }
        if let marker = RepairMarker.read(layout) { throw .needsRepair(detail: marker.reason) }
        try StoreOwnership.checkWritable(layout, group: metadata.group)
        let file = layout.historyCheckpoint(sequence)
        try FileSystem.makeDirectory(layout.snapshots, mode: modes.directory)
        let bytes = HistoryCheckpointCodec.encode(
            folds, sequence: sequence, position: snapshotPoint.position, anchor: snapshotPoint.anchor,
            identity: metadata.identityBytes)
        try FileSystem.writeAtomically(bytes, to: file, permissions: modes.file)
        for old in try layout.historyCheckpointSequences().dropFirst(2) {
            FileSystem.remove(layout.historyCheckpoint(old))
        }
        return file
    }

    /// `forEachEventRun` for the journal after `checkpoint`: the events it does not hold, up to
    /// this store's position.
    public func forEachEventRun(after checkpoint: HistoryCheckpoint, _ body: ([Event]) throws -> Void) throws {
        try forEachEventRun(
            from: checkpoint.position, nextSequence: checkpoint.sequence + 1, runLength: EventRunReader.runLength, body)
    }
}
