import Foundation
import OnePoolCore
import OnePoolSync
import SPAPIEmulator
import Testing

/// A step whose order search Amazon's rate limit held back read nothing: it is no pull for the
/// status file, `sync --status` or the lag.
@Suite struct AmazonStatusHonestyTests {
    @Test func aThrottledSearchIsNotCountedAsAPull() async throws {
        let fixture = try AmazonEngineFixture(stock: ["MUG": 10], listings: ["MUG": 0])
        let engine = try fixture.engine()
        let directory = fixture.directory.child("store/sync")
        let first = await engine.step()[0]
        #expect(first.failure == nil)
        #expect(first.pullFresh)
        let pulled = SyncStatusFile.read(directory: directory, channel: AmazonEngineFixture.channel)
        #expect(pulled?.lastPull != nil)
        #expect(pulled?.lastPullMs != nil)
        try await Task.sleep(for: .milliseconds(1100))
        // Every search of the next step answers 429.
        fixture.emulator.inject(.throttle, on: .searchOrders, times: 12)
        let throttled = await engine.step()[0]
        #expect(throttled.failure == nil)
        #expect(throttled.pullSucceeded)
        #expect(!throttled.pullFresh)
        let after = SyncStatusFile.read(directory: directory, channel: AmazonEngineFixture.channel)
        #expect(after?.lastPull == pulled?.lastPull)
        #expect(after?.lastPullMs == pulled?.lastPullMs)
        #expect(after?.lastAttempt != pulled?.lastAttempt)
        // The report's lag counts from the pull that read, not from the throttled attempt.
        let rows = SyncStatusReport.make(
            state: try fixture.state(), connections: [:], statusDirectory: directory,
            now: Date().addingTimeInterval(60))
        #expect((rows.first?.lagSeconds ?? 0) >= 61)
        // Searches answer again: the next step is a pull.
        var fresh = await engine.step()[0]
        for _ in 0..<60 where !fresh.pullFresh {
            try await Task.sleep(for: .milliseconds(50))
            fresh = await engine.step()[0]
        }
        #expect(fresh.pullFresh)
        let later = SyncStatusFile.read(directory: directory, channel: AmazonEngineFixture.channel)
        #expect(later?.lastPull != pulled?.lastPull)
    }
}
