import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolTestSupport

/// The screen fixture's journal written into a real store (in memory where the machine has
/// /dev/shm), a day per batch, so the runtime reads history, forecasts and news as it would.
/// Built once; each test gets its own copy.
enum RuntimeStore {
    nonisolated(unsafe) private static let template: TemporaryDirectory = {
        let directory = TemporaryDirectory("onepool-runtime-template", inMemory: true)
        let path = directory.child("store")
        do {
            let store = try Store.create(
                at: path, metadata: StoreMetadata(name: "Harbour Homewares", createdAt: 0, timeZone: "UTC"))
            store.snapshotInterval = 0
            var batch: [ProposedChange] = []
            var day: Int? = nil
            var last = Timestamp(millisecondsSince1970: 0)
            func flush() throws {
                guard !batch.isEmpty else { return }
                _ = try store.transact(actor: "fixture", time: last) { _ in (batch, ()) }
                batch = []
            }
            for event in ConsoleFixture.cachedEvents {
                let eventDay = event.time.day(offsetSeconds: 0)
                if eventDay != day {
                    try flush()
                    day = eventDay
                }
                batch.append(ProposedChange(event.change, idempotencyKey: event.idempotencyKey))
                last = event.time
            }
            try flush()
        } catch {
            fatalError("the runtime fixture store could not be written: \(error)")
        }
        return directory
    }()

    /// A fresh copy of the fixture store, removed with the returned directory.
    static func copy() throws -> (directory: TemporaryDirectory, path: String) {
        let directory = TemporaryDirectory("onepool-runtime", inMemory: true)
        let path = directory.child("store")
        try FileManager.default.copyItem(atPath: template.child("store"), toPath: path)
        return (directory, path)
    }
}
