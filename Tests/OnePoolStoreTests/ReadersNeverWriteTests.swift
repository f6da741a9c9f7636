import Foundation
import OnePoolCore
import OnePoolTestSupport
import Testing

@testable import OnePoolStore

/// Opening to read never changes a file; only a writer repairs, and a repair moves bytes aside.
@Suite struct ReadersNeverWriteTests {
    /// Every file of the store and its bytes, to prove a reader left them alone.
    static func contents(of root: String) -> [String: [UInt8]] {
        var all: [String: [UInt8]] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            let path = "\(root)/\(relative)"
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                all[relative] = RawFile.bytes(path)
            }
        }
        return all
    }

    @Test func aFlippedBitInTheLastBatchIsShownWithoutItThenSetAsideWholeByTheNextWriter() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        try sell(store, order: 1)
        let before = store.state
        let segment = store.layout.segment(1)
        let goodSize = RawFile.size(segment)
        // The "acknowledged 20,000-line import": a batch of several lines, fully written and synced.
        _ = try store.transact(actor: "test", time: testTime) { _ in
            (
                (2...6).map { order in
                    let id = OrderLineID(channel: "shopify", order: "\(order)", line: 1)
                    let facts = OrderLineFacts(
                        id: id, sku: "MUG", quantity: 1, unitPrice: Money(cents: 1200), time: testTime)
                    return ProposedChange(.orderPlaced(facts), idempotencyKey: "order:\(id)")
                }, ()
            )
        }
        let acknowledged = Array(RawFile.bytes(segment)[goodSize...])
        RawFile.flipByte(segment, at: goodSize + 30)
        let damaged = Self.contents(of: store.path)

        let reader = try Store.open(at: store.path)
        #expect(reader.state == before)
        #expect(reader.warnings.contains { $0.contains("byte \(goodSize)") })
        #expect(Self.contents(of: store.path) == damaged, "opening to read changed a file")
        #expect(StoreDoctor.examine(at: store.path).allSatisfy { $0.severity != .error })

        let writer = try Store.open(at: store.path)
        try sell(writer, order: 99)
        let pieces = writer.damagedPieces
        #expect(pieces.count == 1)
        var flipped = acknowledged
        flipped[30] ^= 0x5A
        #expect(pieces.first.map(RawFile.bytes) == flipped, "the cut bytes were not kept whole")
        let report = StoreDoctor.examine(at: store.path).first { $0.file == pieces.first }
        #expect(
            report?.message.contains("5 record(s) (4 pass their checksum, 1 fail)") == true,
            "\(report?.message ?? "no report")")
        #expect(report?.message.contains("complete write that was damaged later") == true)
        #expect(report?.message.contains("order-placed") == true)
        #expect(try Store.open(at: store.path).warnings.contains { $0.contains("damaged piece(s)") })
    }

    @Test func aDamagedEndOfAnEarlierSegmentIsRefusedAndNothingIsCut() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        store.segmentLimit = 300
        for order in 1...6 { try sell(store, order: order) }
        #expect(try store.layout.segmentNumbers().count >= 2)
        let first = store.layout.segment(1)
        RawFile.flipByte(first, at: RawFile.size(first) - 5)
        let damaged = Self.contents(of: store.path)
        let opened = Result { () throws(StoreError) in try Store.open(at: store.path) }
        guard case .failure(.damaged(let path, _, _)) = opened else {
            Issue.record("expected a refusal naming the damaged segment, got \(opened)")
            return
        }
        #expect(path == first)
        #expect(Self.contents(of: store.path) == damaged)
        #expect(StoreDoctor.examine(at: store.path).contains { $0.severity == .error && $0.file == first })
    }

    @Test func aReadOnlyStoreOpensAndReads() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        try sell(store, order: 1)
        try store.writeSnapshot()
        try sell(store, order: 2)
        // A store on a read-only mount behaves like one whose files cannot be opened for writing:
        // the bind mount below is the real thing when the test may mount (root in a namespace).
        let mounted = ReadOnlyMount(store.path)
        defer { mounted.remove() }
        guard let root = mounted.path else {
            print(
                "ReadersNeverWriteTests: no read-only bind mount here (needs root and unshare); checked through the fault seam instead"
            )
            // No mount namespace here: make every file read-only instead (root ignores modes, so
            // this half proves only that no open asks for write access, via the fault seam).
            FaultInjection.arm(
                .init(failAt: 1, operations: [.create, .write, .truncate, .rename, .remove], under: store.path))
            defer { FaultInjection.disarm(under: store.path) }
            let reader = try Store.open(at: store.path)
            #expect(reader.state == store.state)
            return
        }
        #expect(access(root, W_OK) != 0 && errno == EROFS, "the mount is not read-only")
        let reader = try Store.open(at: root)
        #expect(reader.state == store.state)
        #expect(try reader.refresh() == false)
        #expect(StoreDoctor.examine(at: root).allSatisfy { $0.severity == .ok })
        let write = Result {
            try reader.transact(actor: "t", time: testTime) { _ in
                ([ProposedChange(.adjusted(sku: "MUG", delta: 1, reason: "x"))], ())
            }
        }
        guard case .failure(let error) = write else {
            Issue.record("a write to a read-only store succeeded")
            return
        }
        #expect("\(error)".contains("Read-only file system"))
    }
}

/// A read-only bind mount of a directory, in a mount namespace of this test process's own child
/// (`unshare -m` needs root); nil path when it cannot be made here.
final class ReadOnlyMount {
    let path: String?
    private let holder: Process?

    init(_ source: String) {
        let target = source + "-ro"
        try? FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        // The namespace lives as long as the holder process; /proc/PID/root/... reaches into it.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = [
            "-m", "sh", "-c",
            "mount --bind '\(source)' '\(target)' && mount -o remount,bind,ro '\(target)' && echo ok && exec sleep 120",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard getuid() == 0, (try? process.run()) != nil else {
            path = nil
            holder = nil
            return
        }
        let ready = pipe.fileHandleForReading.availableData
        guard String(decoding: ready, as: UTF8.self).contains("ok") else {
            process.terminate()
            path = nil
            holder = nil
            return
        }
        holder = process
        path = "/proc/\(process.processIdentifier)/root\(target)"
    }

    func remove() {
        holder?.terminate()
        holder?.waitUntilExit()
    }
}
