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
