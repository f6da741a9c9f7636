import Foundation
import OnePoolCore
import OnePoolTestSupport
import Testing

@testable import OnePoolStore

/// A writer lists its directories (dead writers' temporaries, damaged pieces) only when they may
/// hold something new: never skipping a directory that changed after it was listed, and skipping
/// only one that had been still long enough for its times to be trusted.
@Suite struct DirectoryWatchTests {
    /// Longer than `DirectoryWatch.settling`, so a directory made now has settled after it.
    private static func waitToSettle() {
        Thread.sleep(forTimeInterval: Double(DirectoryWatch.settling) / 1e9 + 0.3)
    }

    @Test func aFreshDirectoryIsListedEveryTimeThenNotOnceStill() {
        let directory = TemporaryDirectory()
        var watch = DirectoryWatch()
        var listed: [Bool] = []
        // Just made: its time may share a clock tick with whatever is added next.
        listed.append(watch.needsListing(directory.path))
        listed.append(watch.needsListing(directory.path))
        Self.waitToSettle()
        // The listing the stamp is kept for, then none while nothing changes.
        listed.append(watch.needsListing(directory.path))
        listed.append(watch.needsListing(directory.path))
        listed.append(watch.needsListing(directory.path))
        #expect(listed == [true, true, true, false, false])
    }

    @Test func anEntryAddedOrRemovedAfterASettledListingIsSeen() {
        let directory = TemporaryDirectory()
        var watch = DirectoryWatch()
        var listed: [Bool] = []
        Self.waitToSettle()
        listed.append(watch.needsListing(directory.path))
        listed.append(watch.needsListing(directory.path))
        // A piece set aside: listed, and again while its time is too recent to trust.
        let piece = "\(directory.path)/damaged-00000001-64.bin"
        FileManager.default.createFile(atPath: piece, contents: Data([1]))
        listed.append(watch.needsListing(directory.path))
        listed.append(watch.needsListing(directory.path))
        Self.waitToSettle()
        listed.append(watch.needsListing(directory.path))
        listed.append(watch.needsListing(directory.path))
        // The piece acknowledged (moved away).
        try? FileManager.default.removeItem(atPath: piece)
        listed.append(watch.needsListing(directory.path))
        #expect(listed == [true, false, true, true, true, false, true])
    }

    @Test func aMissingDirectoryIsAlwaysListed() {
        var watch = DirectoryWatch()
        let listed = [
            watch.needsListing("/nonexistent/onepool-directory-watch"),
            watch.needsListing("/nonexistent/onepool-directory-watch"),
        ]
        #expect(listed == [true, true])
    }

    /// Through the store: a writer whose directories have settled still removes a dead writer's
    /// temporary and reports a damaged piece that appear later.
    @Test func aSettledWriterStillSeesNewTemporariesAndPieces() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        let adjust = ProposedChange(.adjusted(sku: "MUG", delta: 1, reason: "test"))
        Self.waitToSettle()
        _ = try store.transact(actor: "t", time: testTime) { _ in ([adjust], ()) }
        _ = try store.transact(actor: "t", time: testTime) { _ in ([adjust], ()) }
        let dead = "\(store.layout.snapshots)/.tmp-999999-abc-\(StoreLayout.padded(9, width: 20)).ops"
        RawFile.write([1, 2, 3], to: dead)
        RawFile.write([9], to: "\(store.layout.journal)/damaged-00000001-64.bin")
        _ = try store.transact(actor: "t", time: testTime) { _ in ([adjust], ()) }
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(store.warnings.contains { $0.contains("damaged piece") })
    }
}
