import OnePoolCore
import Testing

@testable import OnePoolStore

/// The store settings ride at the end of a snapshot's payload, after the sync state: a snapshot
/// written before them (main's layout) still reads, with the standard settings.
@Suite struct SnapshotSettingsTests {
    private let settings = StoreSettings(
        horizonDays: 45, cancellationPenalty: Money(cents: 750), carryingRateBasisPoints: 2250,
        defaultMarginBasisPoints: 3500)

    private func loaded(_ withSettings: Bool) throws -> (SnapshotCodec.Loaded, StockState) {
        var state = StockState()
        let changes: [Change] = [
            .channelAdded(Channel(name: "shopify", kind: .shopify)),
            .skuCreated(SKU(code: "MUG", title: "Mug", price: Money(cents: 1200))), .storeSettingsSet(settings),
        ]
        for (index, change) in changes.enumerated() {
            try state.check(change)
            state.apply(
                Event(
                    sequence: UInt64(index + 1), time: Timestamp(secondsSince1970: 1_780_000_000 + Int64(index)),
                    actor: "tester", idempotencyKey: nil, change: change))
        }
        let bytes = SnapshotCodec.encode(
            state, position: JournalPosition(segment: 1, offset: 0), anchor: .none,
            identity: [UInt8](repeating: 7, count: 16), withSettings: withSettings)
        return (try SnapshotCodec.decode(bytes), state)
    }

    @Test func settingsRoundTripThroughASnapshot() throws {
        let (loaded, state) = try loaded(true)
        #expect(loaded.state.settings == settings)
        #expect(loaded.state == state)
    }

    @Test func aSnapshotWrittenBeforeSettingsReadsWithTheStandardOnes() throws {
        let (loaded, state) = try loaded(false)
        #expect(loaded.state.settings == .standard)
        #expect(loaded.state.pools == state.pools && loaded.state.channels == state.channels)
    }
}
