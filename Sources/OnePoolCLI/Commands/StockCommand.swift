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
            Examples: onepool stock · onepool stock MUG-BLUE MUG-RED · onepool stock --only oversold --format csv
            """)

    enum Filter: String, CaseIterable, ExpressibleByArgument {
        case oversold, out, held, unsellable
    }

    @OptionGroup var options: StoreOptions
    @OptionGroup var output: FormatOptions
    @Option(help: "Only rows that are: oversold, out (of stock), held, unsellable.") var only: Filter?
    @Argument(help: "SKU codes (default: all).") var skus: [String] = []

    func run() throws {
        let state = try options.openStore().state
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
        print(Output.rows(rows, format: output.format))
    }

    static func status(_ stock: StockLevel) -> String {
        if stock.isOversold { return "OVERSOLD" }
        if stock.available == 0 { return "OUT" }
        return ""
    }
}
