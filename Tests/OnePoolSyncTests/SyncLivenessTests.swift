import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolSync
import Testing

/// What a reader of the store (the console's Channels pane, every second through
/// `SyncLiveness`) learns of a `sync` running in another process: each pull as soon as it has
/// read the channel's orders, not when the step around it ends.
@Suite struct SyncLivenessTests {
    @Test func aPullIsKnownToTheStoresReadersBeforeItsStepPushes() async throws {
        let fixture = try EngineFixture(
            stock: ["MUG": 5], channels: [("shop", ChannelRule(priority: 1, cap: .units(5)), [("MUG", 0)])])
        let store = fixture.storePath
        let seen = Locked<Timestamp?>(nil)
        let started = Timestamp(millisecondsSince1970: Int64(Date().timeIntervalSince1970 * 1000))
        let engine = try fixture.engine { inner in
            InterceptingConnector(inner: inner) { seen.set(SyncLiveness.lastReadPulls(store: store)["shop"]) }
        }
        let report = await engine.step()[0]
        #expect(report.failure == nil)
        #expect(report.pushAttempted)
        let during = try #require(seen.value, "the step's pull was not in the status file when its push began")
        #expect(during >= started)
        // The step's end keeps the pull's own time, not its own.
        let pulledAt = try #require(report.pulledAt)
        let after = SyncLiveness.lastReadPulls(store: store)["shop"]
        #expect(after?.millisecondsSince1970 == Int64((pulledAt.timeIntervalSince1970 * 1000).rounded()))
        #expect(after == during)
    }
}

/// A value shared with a connector's callback.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    func set(_ value: Value) {
        lock.lock()
        stored = value
        lock.unlock()
    }
}
