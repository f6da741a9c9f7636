import Foundation
import OnePoolConsole
import OnePoolCore
import OnePoolStore
import OnePoolTestSupport
import Testing

@testable import OnePoolConsoleRuntime

/// The console's loader started from the history checkpoint shows what it shows after reading
/// the whole journal: the same demand history, forecasts, briefing and activity pane — with
/// events after the checkpoint, and an activity pane reaching back before it.
@Suite(.serialized) struct ConsoleCheckpointTests {
    @Test func theCheckpointGivesTheWholeJournalsConsole() throws {
        let home = TemporaryDirectory("onepool-console-checkpoint")
        let path = home.child("store")
        // The demo writes a checkpoint at its end; `channel set`, a receipt and a sale come after it.
        try ConsoleBriefingParityTests.makeStarvedDemo(at: path, home: home.path)
        let pinned = ["ONEPOOL_NOW": ConsoleBriefingParityTests.now]
        try ConsoleBriefingParityTests.succeed(
            ["receive", "BMT-COT-CHR", "5", "--ref", "after-the-checkpoint"], home: home.path, extra: pinned,
            store: path)
        try ConsoleBriefingParityTests.succeed(
            ["sell", "--channel", "shopify", "--order", "AFTER-1", "BMT-COT-DEG", "2"], home: home.path, extra: pinned,
            store: path)
        let store = try Store.open(at: path)
        let today = ConsoleBriefingParityTests.nowStamp.day(offsetSeconds: 0)
        let lookup = BackgroundLoader.checkpoint(store.historyCheckpointFinder, today: today, utcOffsetSeconds: 0)
        let checkpoint = try #require(lookup.checkpoint, "the demo wrote a checkpoint: \(lookup.warnings)")
        #expect(lookup.warnings.isEmpty)
        let after = store.state.lastSequence - checkpoint.sequence
        #expect(after >= 2, "events after the checkpoint: \(after)")
        // More activity than the journal holds after the checkpoint: the pane reaches back before it.
        let keep = Int(after) + 40
        let whole = try ConsoleBriefingParityTests.loadedConsole(store: path, checkpoint: false, keepEvents: keep)
        let fromCheckpoint = try ConsoleBriefingParityTests.loadedConsole(
            store: path, checkpoint: true, keepEvents: keep)
        #expect(whole.data.history == fromCheckpoint.data.history, "demand history")
        #expect(whole.data.forecasts == fromCheckpoint.data.forecasts, "forecasts")
        #expect(whole.data.briefing.map(\.id) == fromCheckpoint.data.briefing.map(\.id), "briefing")
        #expect(whole.data.briefing.map(\.money) == fromCheckpoint.data.briefing.map(\.money), "briefing money")
        #expect(Array(whole.data.activity) == Array(fromCheckpoint.data.activity), "activity")
        #expect(whole.data.activity.count == keep, "the pane holds \(whole.data.activity.count) of \(keep)")
        #expect(!whole.data.briefing.isEmpty)
    }

    /// A damaged checkpoint is passed over with one warning naming it (the console prints it when
    /// it ends), and left where it is.
    @Test func aDamagedCheckpointIsPassedOverWithAWarning() throws {
        let home = TemporaryDirectory("onepool-console-checkpoint-damaged")
        let path = home.child("store")
        try ConsoleBriefingParityTests.makeStarvedDemo(at: path, home: home.path)
        let snapshots = path + "/snapshots"
        let files = try FileManager.default.contentsOfDirectory(atPath: snapshots).filter { $0.hasSuffix(".oph") }
        let name = try #require(files.first, "the demo wrote a checkpoint")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: snapshots + "/" + name))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: snapshots + "/" + name))
        let store = try Store.open(at: path)
        let today = ConsoleBriefingParityTests.nowStamp.day(offsetSeconds: 0)
        let lookup = BackgroundLoader.checkpoint(store.historyCheckpointFinder, today: today, utcOffsetSeconds: 0)
        #expect(lookup.checkpoint == nil)
        #expect(lookup.warnings.count == 1)
        #expect(lookup.warnings.first?.contains(name) == true, "\(lookup.warnings)")
        #expect(FileManager.default.fileExists(atPath: snapshots + "/" + name))
    }
}
