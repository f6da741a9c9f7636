import OnePoolCore
import Testing

@Suite struct SyncLagTests {
    private func at(_ seconds: Int64) -> Timestamp { Timestamp(millisecondsSince1970: seconds * 1000) }

    @Test func theLagCountsFromTheLaterOfTheRecordedAndTheReadPull() {
        // A pull that found nothing (read at 900) is as good as one that recorded orders (at 100).
        #expect(SyncLag.seconds(lastRecordedPull: at(100), lastReadPull: at(900), now: at(1000)) == 100)
        #expect(SyncLag.seconds(lastRecordedPull: at(950), lastReadPull: at(900), now: at(1000)) == 50)
        #expect(SyncLag.seconds(lastRecordedPull: nil, lastReadPull: at(400), now: at(1000)) == 600)
        #expect(SyncLag.seconds(lastRecordedPull: at(400), lastReadPull: nil, now: at(1000)) == 600)
        #expect(SyncLag.seconds(lastRecordedPull: nil, lastReadPull: nil, now: at(1000)) == nil)
    }

    @Test func theLagIsNeverNegativeAndNeverOverflows() {
        #expect(SyncLag.seconds(lastRecordedPull: at(2000), lastReadPull: nil, now: at(1000)) == 0)
        let far = Timestamp(millisecondsSince1970: .min)
        let end = Timestamp(millisecondsSince1970: .max)
        #expect(SyncLag.seconds(lastRecordedPull: far, lastReadPull: nil, now: end) == nil)
    }
}
