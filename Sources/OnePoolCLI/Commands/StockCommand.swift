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
            A bundle (`onepool bundle`) has no stock of its own: its row shows what its components \
            make (min of ⌊component available / quantity⌋), its components and the limiting one.
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
    @Argument(help: "SKU codes (default: all).") var skus: [SKUCode] = []

    func run() throws {
        let store = try options.openStore()
        let cut = try pointInTime.at.map { try PointInTimeReading.fold(store, option: "--at", text: $0) }
        let state = cut?.state ?? store.state
        for code in skus where state.pools[code] == nil { throw StoreError.refused(.unknownSKU(code)) }
        var rows: [StockRow] = []
        for code in skus.isEmpty ? state.skuCodes : skus {
            guard let pool = state.pools[code] else { continue }
            if let bundle = state.bundleStock(code), let definition = state.bundles[code] {
                // A bundle has no stock of its own: only "out" can apply to it.
                if only != nil && (only != .out || bundle.available > 0) { continue }
                rows.append(StockRow(sku: pool.sku, bundle: bundle, definition: definition))
                continue
            }
            let stock = pool.stock
            switch only {
            case .oversold?: if !stock.isOversold { continue }
            case .out?: if !stock.isOutOfStock { continue }
            case .held?: if stock.held == 0 { continue }
            case .unsellable?: if stock.unsellable == 0 { continue }
            case nil: break
            }
            rows.append(StockRow(sku: pool.sku, stock: stock, status: Self.status(stock)))
        }
        show(AsOfReport.render(rows, cut: cut, store: store, format: output.format), format: output.format)
    }

    static func status(_ stock: StockLevel) -> String {
        switch stock.condition {
        case .oversold: "OVERSOLD"
        case .belowSafety: "SAFETY"
        case .outOfStock: "OUT"
        case .normal: ""
        }
    }
}
