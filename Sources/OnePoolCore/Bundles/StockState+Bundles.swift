/// Bundles in the fold: their definitions' checks, and how a bundle's order line commits,
/// releases and ships its components (`BundleDefinition`).
extension StockState {
    // MARK: - Checks

    func checkBundles(_ change: BundleChange) throws(Refusal) {
        switch change {
        case .defined(let definition):
            try checkDefinition(definition)
        case .removed(let code):
            guard pools[code] != nil else { throw .unknownSKU(code) }
            guard bundles[code] != nil else { throw .notABundle(code) }
        }
    }

    private func checkDefinition(_ definition: BundleDefinition) throws(Refusal) {
        let code = definition.code
        guard let pool = pools[code] else { throw .unknownSKU(code) }
        let components = definition.components
        guard Bounds.bundleComponents.contains(components.count) else {
            throw .bundle(
                code,
                "has \(components.count) components; expected \(Bounds.bundleComponents.lowerBound)–"
                    + "\(Bounds.bundleComponents.upperBound) different SKUs")
        }
        if let user = bundles.bundles(using: code).first {
            throw .bundle(
                code, "is a component of bundle \(user); a bundle cannot be made of bundles (one level deep)")
        }
        var seen: Set<SKUCode> = []
        for component in components {
            guard component.sku != code else {
                throw .bundle(code, "lists itself as a component; a bundle is made of other SKUs")
            }
            guard seen.insert(component.sku).inserted else {
                throw .bundle(code, "lists \(component.sku) twice; give it once with the total quantity")
            }
            guard pools[component.sku] != nil else { throw .unknownSKU(component.sku) }
            guard !bundles.isBundle(component.sku) else {
                throw .bundle(
                    code,
                    "component \(component.sku) is itself a bundle; components must be ordinary SKUs "
                        + "(one level deep: list \(component.sku)'s own components instead)")
            }
            guard Bounds.bundleQuantity.contains(component.quantity) else {
                throw .invalidValue(
                    field: "quantity of \(component.sku) in \(code)", value: "\(component.quantity)",
                    expected: "\(Bounds.bundleQuantity.lowerBound)–\(Bounds.bundleQuantity.upperBound) units per bundle"
                )
            }
        }
        guard bundles[code] == nil else { return }
        let stock = pool.stock
        let own = [
            ("on hand", stock.onHand), ("committed", stock.committed), ("held", stock.held),
            ("unsellable", stock.unsellable), ("safety", stock.safety), ("incoming", stock.incoming),
        ].filter { $0.1 != 0 }
        guard own.isEmpty else {
            throw .bundle(
                code,
                "has stock of its own (" + own.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
                    + "); a bundle's stock is its components'. Bring it to 0 first, or keep it as a kit "
                    + "assembled in advance (an ordinary SKU) under another code")
        }
    }

    /// A bundle has no stock of its own: every movement of a bundle SKU's own quantities is refused.
    func checkNotBundleStock(_ change: Change) throws(Refusal) {
        for code in change.ownStockSKUs where bundles.isBundle(code) {
            throw .bundle(
                code,
                "has no stock of its own (its stock is its components': \(bundles[code]?.text ?? "")); "
                    + "move the components' stock, or keep a kit assembled in advance as an ordinary SKU")
        }
    }

    /// Selling `line.quantity` of a bundle commits quantity × each component's units: each must
    /// stay within the SKU bounds (the product is overflow-checked).
    func checkBundleCommit(_ line: OrderLineFacts) throws(Refusal) {
        guard !bundles.isEmpty, let definition = bundles[line.sku] else { return }
        for component in definition.components {
            let (units, overflow) = line.quantity.multipliedReportingOverflow(by: component.quantity)
            let committed = pools[component.sku]?.stock.committed ?? 0
            guard !overflow, Bounds.skuSum(committed, units) != nil else {
                throw .invalidValue(
                    field: "committed units of \(component.sku) (for \(line.quantity) × \(line.sku))",
                    value: "\(committed) + \(line.quantity) × \(component.quantity)",
                    expected: "a total of at most \(Bounds.skuUnits) units")
            }
        }
    }

    // MARK: - Fold

    mutating func applyBundles(_ change: BundleChange) {
        switch change {
        case .defined(let definition): bundles.set(definition)
        case .removed(let code): bundles.remove(code)
        }
    }

    func bundlesChangeNothing(_ change: BundleChange) -> Bool {
        switch change {
        case .defined(let definition): bundles[definition.code] == definition
        case .removed(let code): bundles[code] == nil
        }
    }

    /// Commits `units` bundles' worth of `components` to the channel (a bundle line placed).
    mutating func commitComponents(_ components: [BundleComponent], units: Int, channel: ChannelName) {
        for component in components {
            guard let pool = pools.index(forKey: component.sku) else { continue }
            pools.values[pool].commit(Bounds.held(units.multipliedClamped(by: component.quantity)), channel: channel)
        }
    }

    /// The components' side of closing `units` of a bundle line: no longer committed; shipped
    /// units also leave on hand.
    mutating func takeComponents(_ components: [BundleComponent], units: Int, of line: OrderLineFacts, _ change: Change)
    {
        takeComponents(components, units: units, of: line, shipped: change.isShipment)
    }

    /// `takeComponents`, told whether the line shipped (else it was cancelled).
    mutating func takeComponents(_ components: [BundleComponent], units: Int, of line: OrderLineFacts, shipped: Bool) {
        for component in components {
            guard let pool = pools.index(forKey: component.sku) else { continue }
            let taken = Bounds.held(units.multipliedClamped(by: component.quantity))
            pools.values[pool].commit(-taken, channel: line.id.channel)
            if shipped {
                pools.values[pool].stock.onHand = Bounds.held(pools.values[pool].stock.onHand - taken)
            }
        }
        // The line may come back: it is kept with the components it took (in bundle units).
        if shipped {
            returns.recordShipment(line.id, sku: line.sku, units: units, components: components)
        }
    }

    // MARK: - Reading

    /// Every SKU whose pool `change` may move, bundles resolved: `Change.touchedSKUs`, and for a
    /// bundle every component its lines may hold (a line keeps the recipe it was sold under).
    public func skusMoved(by change: Change) -> [SKUCode] {
        let touched = change.touchedSKUs
        guard !bundles.isEmpty || touched.contains(where: { !bundles.componentsEverUsed(by: $0).isEmpty }) else {
            return touched
        }
        var result = touched
        for code in touched {
            var parts = bundles.componentsEverUsed(by: code)
            if let definition = bundles[code] { parts.formUnion(definition.components.map(\.sku)) }
            result += parts.sorted()
        }
        return result
    }

    /// A bundle's stock now, worked out from its components (nil if `code` is not a bundle).
    public func bundleStock(_ code: SKUCode) -> BundleStock? {
        guard let definition = bundles[code] else { return nil }
        let parts = definition.components.map { component in
            BundleStock.Part(
                sku: component.sku, quantity: component.quantity,
                available: pools[component.sku]?.stock.available ?? 0)
        }
        return BundleStock(code: code, parts: parts)
    }
}

/// What a bundle can sell now: for each component its available and how many bundles that
/// makes, and the limiting one (the bundle's available).
public struct BundleStock: Hashable, Sendable {
    public struct Part: Hashable, Sendable {
        public var sku: SKUCode
        public var quantity: Int
        public var available: Int
        /// ⌊available / quantity⌋ (rounded down, also below zero: an oversold component
        /// makes the bundle's available negative too).
        public var bundles: Int { Self.floorDivide(available, max(1, quantity)) }

        public init(sku: SKUCode, quantity: Int, available: Int) {
            self.sku = sku
            self.quantity = quantity
            self.available = available
        }

        static func floorDivide(_ a: Int, _ b: Int) -> Int {
            let quotient = a / b
            return (a % b != 0 && a < 0) ? quotient - 1 : quotient
        }
    }

    public var code: SKUCode
    /// In component-code order.
    public var parts: [Part]

    public init(code: SKUCode, parts: [Part]) {
        self.code = code
        self.parts = parts
    }

    /// min over the components of ⌊component available / quantity⌋.
    public var available: Int { parts.map(\.bundles).min() ?? 0 }

    /// The component that sets `available` (the first in code order on a tie).
    public var limiting: Part? {
        parts.min { ($0.bundles, $0.sku) < ($1.bundles, $1.sku) }
    }
}

extension OpenOrderLine {
    /// The units this line holds committed, per SKU: its own SKU, or a bundle's components.
    public var committedUnits: [(sku: SKUCode, units: Int)] {
        guard let components else { return [(sku, quantity)] }
        return components.map { ($0.sku, Bounds.held(quantity.multipliedClamped(by: $0.quantity))) }
    }
}

extension Int {
    /// `self × other`, saturating at `Int.max` / `Int.min` rather than trapping.
    @inline(__always)
    public func multipliedClamped(by other: Int) -> Int {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        guard overflow else { return product }
        return (self < 0) != (other < 0) ? Int.min : Int.max
    }
}

extension Change {
    /// SKUs whose own quantities (on hand, held, unsellable, safety, incoming) this change moves
    /// directly — what a bundle SKU may never be the subject of.
    var ownStockSKUs: [SKUCode] {
        switch self {
        case .safetySet(let sku, _), .received(let sku, _, _, _), .incomingChanged(let sku, _, _),
            .counted(let sku, _, _), .adjusted(let sku, _, _), .held(let sku, _, _), .released(let sku, _, _),
            .markedUnsellable(let sku, _, _), .restored(let sku, _, _), .countedAsOf(let sku, _, _, _):
            [sku]
        case .orderReturned(let line, _): [line.sku]
        case .purchasing(.received(_, let sku, _)), .purchasing(.edited(_, let sku, _)): [sku]
        case .purchasing(.drafted(let order)): order.lines.map(\.sku)
        default: []
        }
    }
}
