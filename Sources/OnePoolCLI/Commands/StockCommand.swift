import ArgumentParser
import OnePoolCore
import OnePoolStore

struct StockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stock",
        abstract: "The quantities table: every SKU's pool in Shopify's states.",
        discussion: """
            available = on hand − committed − held − unsellable − safety. A negative available is an \
            oversell: channels sold more than the pool holds.
            --at TIME shows the pool as it stood then (the journal folded up to the first event recorded \
            later; the last event included is named).
            Examples: onepool stock · onepool stock MUG-BLUE MUG-RED · onepool stock --only oversold --format csv · \
            onepool stock --at "2026-11-27 14:02"
            """)

    enum Filter: String, CaseIterable, ExpressibleByArgument {
        case oversold, out, held, unsellable
    }

    @OptionGroup var options: StoreOptions
    @OptionGroup var output: FormatOptions
    @Option(
        help:
            "Only rows that are: oversold (committed beyond on hand − held − unsellable), out (of stock), held, unsellable."
    ) var only: Filter?
    @OptionGroup var pointInTime: PointInTimeOptions
    @Argument(help: "SKU codes (default: all).") var skus: [String] = []

    func run() throws {
        let store = try options.openStore()
        let cut = try pointInTime.at.map { try PointInTimeReading.fold(store, option: "--at", text: $0) }
        let state = cut?.state ?? store.state
        for code in skus where state.pools[code] == nil { throw StoreError.refused(.unknownSKU(code)) }
        var rows: [StockRow] = []
        for code in skus.isEmpty ? state.skuCodes : skus {
            guard let pool = state.pools[code] else { continue }
            let stock = pool.stock
            switch only {
            case .oversold?: if !stock.isOversold { continue }
            case .out?: if stock.available > 0 { continue }
            case .held?: if stock.held == 0 { continue }
            case .unsellable?: if stock.unsellable == 0 { continue }
            case nil: break
            }
            rows.append(StockRow(sku: pool.sku, stock: stock, status: Self.status(stock)))
        }
        print(AsOfReport.render(rows, cut: cut, store: store, format: output.format))
    }

    static func status(_ stock: StockLevel) -> String {
        if stock.isOversold { return "OVERSOLD" }
        if stock.isIntoSafety { return "SAFETY" }
        if stock.available == 0 { return "OUT" }
        return ""
    }
}
