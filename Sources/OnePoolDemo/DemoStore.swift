import Foundation
import OnePoolCore
import OnePoolStore

/// Writes the generated history into a store on disk, one durable batch per simulated day.
///
/// The store is built beside its final place (`<path>.generating`) and renamed into place only
/// when complete, so an interrupted run never leaves a half-made demo where the real one was.
public enum DemoStore {
    /// Every demo store's name starts with this; `--force` replaces only such stores.
    public static let namePrefix = "OnePool demo"

    public static func name(seed: UInt64) -> String { "\(namePrefix) (seed \(seed))" }

    /// The name in a store directory's metadata, or nil if there is no readable metadata.
    public static func existingName(at path: String) -> String? {
        let file = "\(path)/\(StoreMetadata.fileName)"
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        return (try? JSONDecoder().decode(StoreMetadata.self, from: data))?.name
    }

    public static func isDemoStore(at path: String) -> Bool {
        existingName(at: path)?.hasPrefix(namePrefix) ?? false
    }

    public struct Outcome {
        public var stats: DemoStats
        public var events: UInt64
        public var batches: Int
    }

    /// Generates the demo into a fresh store at `path`. If something is already at `path`,
    /// `replacing` must be true and the caller must have checked it is a demo store.
    /// `user` is the operator the demo's approved purchase orders are credited to.
    public static func build(
        at path: String, parameters: DemoParameters, timeZone: String, createdAt: Timestamp, replacing: Bool,
        user: UserName,
        progress: (_ done: Int, _ total: Int, _ batch: DemoBatch) -> Void = { _, _, _ in }
    ) throws -> Outcome {
        let files = FileManager.default
        let staging = "\(path).generating"
        if files.fileExists(atPath: staging) {
            guard isDemoStore(at: staging) || isLeftoverOfCreate(staging) else {
                throw DemoError("\(staging) exists and is not a demo store being generated; move it away and try again")
            }
            try files.removeItem(atPath: staging)
        }
        // Store.create makes any missing parent directories, owner-only like the store itself.
        let outcome = try generate(
            into: staging, parameters: parameters, timeZone: timeZone, createdAt: createdAt, user: user,
            progress: progress)

        var isDirectory: ObjCBool = false
        if files.fileExists(atPath: path, isDirectory: &isDirectory) {
            let empty = isDirectory.boolValue && ((try? files.contentsOfDirectory(atPath: path).isEmpty) ?? false)
            guard replacing || empty else {
                throw DemoError(
                    "\(path) appeared while the demo was being generated; the new demo is left in \(staging)")
            }
            try files.removeItem(atPath: path)
        }
        try files.moveItem(atPath: staging, toPath: path)
        return outcome
    }

    private static func generate(
        into path: String, parameters: DemoParameters, timeZone: String, createdAt: Timestamp, user: UserName,
        progress: (_ done: Int, _ total: Int, _ batch: DemoBatch) -> Void
    ) throws -> Outcome {
        let metadata = StoreMetadata(
            name: name(seed: parameters.seed), createdAt: createdAt.millisecondsSince1970, timeZone: timeZone)
        let store = try Store.create(at: path, metadata: metadata)
        var generator = DemoGenerator(parameters)
        let total = generator.batchCount
        var done = 0
        // One stream of counted batches (the demo never reads the events back): each day's sync
        // runs while the next day is checked and encoded. A batch is reported once it is durable.
        var handed: [DemoBatch] = []
        do {
            _ = try store.transactStream(
                actor: DemoGenerator.actor,
                next: {
                    guard let batch = generator.next() else { return nil }
                    handed.append(batch)
                    return StreamBatch(time: batch.time, changes: batch.changes)
                },
                durable: { _ in
                    done += 1
                    progress(done, total, handed.removeFirst())
                })
        } catch let error as StoreError {
            if case .refused = error {
                // The generator mirrors the pool's rules; a refusal here is a bug in the generator.
                // Every batch before the refused one was acknowledged (and removed) first.
                let day = handed.first.map { "on simulated day \($0.day + 1)" } ?? "before the first day"
                throw DemoError("the demo generator proposed a change the store refused \(day): \(error)")
            }
            throw error
        }
        let now = max(createdAt, store.state.lastEventTime)
        try DemoBundles.setUp(store: store, now: now)
        try DemoPurchasing.setUp(
            store: store, user: user, now: now, utcOffsetSeconds: parameters.utcOffsetSeconds)
        // One snapshot at the end, so every later command opens the demo without replaying it.
        try store.writeSnapshot()
        return Outcome(stats: generator.stats, events: store.state.lastSequence, batches: done)
    }

    /// A directory `Store.create` began but did not finish (no metadata yet): only its own entries.
    private static func isLeftoverOfCreate(_ path: String) -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { return false }
        return entries.allSatisfy { ["journal", "snapshots", "lock"].contains($0) || $0.hasPrefix(".tmp-") }
    }
}
