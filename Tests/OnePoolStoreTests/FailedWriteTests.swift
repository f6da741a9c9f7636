import Foundation
import OnePoolCore
import OnePoolTestSupport
import Testing

@testable import OnePoolStore

/// After any failed write, sync, rename, truncate or file creation, the change is either durable
/// and visible, or absent and the store opens clean — never "failed but counted".
/// (Each test's faults are kept to its own store's files; the suite runs one test at a time.)
@Suite(.serialized) struct FailedWriteTests {
    private static let receive = ProposedChange(.received(sku: "MUG", quantity: 10, reference: "DN-1", fromIncoming: 0))

    @Test func aFailedSyncLeavesNothingCountedInThisProcessOrTheNext() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        let sizeBefore = RawFile.size(store.layout.segment(1))
        FaultInjection.arm(.init(failAt: 1, operations: [.sync], under: store.path))
        let failed = Result { try store.transact(actor: "t", time: testTime) { _ in ([Self.receive], ()) } }
        FaultInjection.disarm(under: store.path)
        guard case .failure(let error) = failed else {
            Issue.record("the injected fdatasync failure did not fail the commit")
            return
        }
        #expect("\(error)".contains("fdatasync"))
        #expect(store.state.stock("MUG")?.onHand == 10, "this process re-adopted the unsynced batch")
        #expect(RawFile.size(store.layout.segment(1)) == sizeBefore, "the batch was not cut back")
        #expect(try Store.open(at: store.path).state.stock("MUG")?.onHand == 10, "the next process adopted it")
        // The operator's retry counts once.
        _ = try store.transact(actor: "t", time: testTime) { _ in ([Self.receive], ()) }
        #expect(try Store.open(at: store.path).state.stock("MUG")?.onHand == 20)
    }

    @Test func whenTheCutAfterAFailedSyncFailsTooWritesStopUntilRepair() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        let durable = RawFile.size(store.layout.segment(1))
        // The sync fails (call 1), then the truncate that would undo it (call 2); the marker's
        // own syncs (3, 4) succeed.
        FaultInjection.arm(.init(failAt: [1, 2], operations: [.sync, .truncate], under: store.path))
        _ = Result { try store.transact(actor: "t", time: testTime) { _ in ([Self.receive], ()) } }
        FaultInjection.disarm(under: store.path)
        #expect(RawFile.size(store.layout.segment(1)) > durable, "the failed batch should still be on disk here")
        #expect(FileManager.default.fileExists(atPath: "\(store.path)/\(RepairMarker.fileName)"))

        let reader = try Store.open(at: store.path)
        #expect(reader.state.stock("MUG")?.onHand == 10, "a reader counted a batch whose write failed")
        #expect(reader.warnings.contains { $0.contains("doctor --repair") })
        #expect(throws: StoreError.self) {
            try reader.transact(actor: "t", time: testTime) { _ in ([Self.receive], ()) }
        }

        let report = try reader.repairAfterFailedWrite()
        #expect(report?.contains("moved") == true)
        #expect(RawFile.size(store.layout.segment(1)) == durable)
        _ = try reader.transact(actor: "t", time: testTime) { _ in ([Self.receive], ()) }
        #expect(try Store.open(at: store.path).state.stock("MUG")?.onHand == 20)
    }

    /// Fails, in turn, every file operation a commit makes — in a commit that also starts a
    /// segment and is followed by a snapshot — and checks the rule after each.
    @Test func everyFaultPointLeavesTheChangeDurableOrAbsent() throws {
        var point = 1
        var covered: Set<String> = []
        while point < 200 {
            let directory = TemporaryDirectory()
            let store = try makeStore(in: directory)
            store.segmentLimit = RawFile.size(store.layout.segment(1))  // the next commit starts segment 2
            store.snapshotInterval = 1
            FaultInjection.arm(.init(failAt: point, under: store.path))
            let outcome = Result { try store.transact(actor: "t", time: testTime) { _ in ([Self.receive], ()) } }
            let (failed, _) = FaultInjection.disarm(under: store.path)
            guard let fault = failed.first else { break }  // every operation has had its turn
            covered.insert(String(fault.split(separator: " ")[0]))
            let reopened = try Store.open(at: store.path)
            let onHand = reopened.state.stock("MUG")?.onHand
            switch outcome {
            case .success: #expect(onHand == 20, "fault at \(fault): the commit succeeded but is not durable")
            case .failure: #expect(onHand == 10, "fault at \(fault): the commit failed but counted")
            }
            #expect(StoreDoctor.examine(at: store.path).allSatisfy { $0.severity != .error }, "fault at \(fault)")
            // And the store goes on.
            _ = try reopened.transact(actor: "t", time: testTime) { _ in
                ([ProposedChange(.adjusted(sku: "MUG", delta: 1, reason: "next"))], ())
            }
            point += 1
        }
        #expect(point > 5)
        #expect(covered.isSuperset(of: ["create", "write", "sync", "rename"]), "covered only \(covered)")
    }
}
