import OnePoolCore
import Testing

@Suite struct StockLevelTests {
    @Test func availableIsOnHandLessEveryClaimOnIt() {
        let stock = StockLevel(onHand: 20, committed: 5, held: 3, unsellable: 2, safety: 4, incoming: 50)
        #expect(stock.available == 6)
        #expect(stock.unreserved == 10)
        #expect(!stock.isOversold)
    }

    @Test func incomingIsNotAvailable() {
        #expect(StockLevel(onHand: 0, incoming: 100).available == 0)
    }

    @Test func sellingMoreThanExistsIsAnOversellNotAnError() {
        #expect(StockLevel(onHand: 2, committed: 3).isOversold)
    }
}

/// Oversold has one definition (issue 13): committed beyond on hand − held − unsellable. A SKU
/// one unit into its safety buffer is "into safety", not oversold, wherever it is shown.
@Suite struct OversoldDefinitionTests {
    @Test func intoSafetyIsNotOversold() {
        let intoSafety = StockLevel(onHand: 10, committed: 9, safety: 2)
        #expect(intoSafety.available == -1)
        #expect(!intoSafety.isOversold)
        #expect(intoSafety.isIntoSafety)
        let oversold = StockLevel(onHand: 10, committed: 9, held: 1, unsellable: 1, safety: 2)
        #expect(oversold.isOversold)
        #expect(!oversold.isIntoSafety)
        let fine = StockLevel(onHand: 10, committed: 5, safety: 2)
        #expect(!fine.isOversold && !fine.isIntoSafety)
    }
}
