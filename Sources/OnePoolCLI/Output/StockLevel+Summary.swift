import OnePoolCore

extension StockLevel {
    /// The one-line summary printed after a stock change.
    var summary: String {
        "on hand \(onHand), committed \(committed), held \(held), unsellable \(unsellable), available \(available)"
    }
}
