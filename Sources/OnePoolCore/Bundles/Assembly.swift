/// Kits assembled in advance. A kit is an ordinary SKU with stock of its own (unlike a bundle,
/// whose units are made at the moment of sale); assembling kits is a movement of stock — each
/// component's on hand down by its units × the kits, the kit's on hand up by the kits — and
/// disassembling moves it back. Both are adjustments in one batch, so the journal says why each
/// SKU moved and the batch is applied whole or not at all.
public struct Assembly: Hashable, Sendable {
    public enum Direction: String, Hashable, Sendable {
        case assemble, disassemble
    }

    public var direction: Direction
    /// The kit's SKU code (an ordinary SKU, never a bundle).
    public var kit: SKUCode
    /// Kits assembled or taken apart (`Bounds.eventUnits`).
    public var quantity: Int
    /// What one kit is made of (each `Bounds.bundleQuantity` units, `Bounds.bundleComponents` SKUs).
    public var components: [BundleComponent]

    public init(_ direction: Direction, kit: SKUCode, quantity: Int, components: [BundleComponent]) {
        self.direction = direction
        self.kit = kit
        self.quantity = quantity
        self.components = components
    }

    /// "assembled 5 × GIFT-BOX (MUG × 2 + TEA × 1)": the reason every adjustment of the batch carries.
    public var reason: String {
        // A long recipe is named by its size: the reason must stay within `Bounds.textBytes`.
        let recipe = BundleDefinition(code: kit, components: components).text
        let made = recipe.utf8.count <= 300 ? recipe : "\(components.count) components"
        return "\(direction == .assemble ? "assembled" : "disassembled") \(quantity) × \(kit) (\(made))"
    }
}

extension StockState {
    /// Units of `code` that may go into kits (or, for a kit, be taken apart): on hand that is not
    /// committed to an order, held or unsellable. Safety stock is a selling buffer, not a shelf
    /// reservation: it may be assembled.
    public func unitsFreeToAssemble(_ code: SKUCode) -> Int {
        guard let stock = pools[code]?.stock else { return 0 }
        return stock.onHand - stock.committed - stock.held - stock.unsellable
    }

    /// The adjustments that carry out `assembly`, kit last when assembling and first when taking
    /// apart: refused, with nothing to apply, if a SKU is unknown or a bundle, the recipe is out of
    /// bounds, or a SKU that gives units has fewer free than it must give (`unitsFreeToAssemble`).
    public func adjustments(for assembly: Assembly) throws(Refusal) -> [Change] {
        let kit = assembly.kit
        guard pools[kit] != nil else { throw .unknownSKU(kit) }
        guard !bundles.isBundle(kit) else {
            throw .bundle(
                kit,
                "is a bundle: its stock is made at the moment of sale, never assembled",
                remedy: .assembleUnderAnotherCode(bundle: kit))
        }
        guard Bounds.eventUnitRange(allowZero: false).contains(assembly.quantity) else {
            throw .invalidValue(
                field: "kits", value: "\(assembly.quantity)", expected: "1–\(Bounds.eventUnits) kits in one movement")
        }
        try checkRecipe(of: assembly)
        var moves: [(sku: SKUCode, delta: Int)] = []
        for component in assembly.components {
            let (units, overflow) = assembly.quantity.multipliedReportingOverflow(by: component.quantity)
            guard !overflow, units <= Bounds.eventUnits else {
                throw .invalidValue(
                    field: "units of \(component.sku) for \(assembly.quantity) × \(kit)",
                    value: "\(assembly.quantity) × \(component.quantity)",
                    expected: "at most \(Bounds.eventUnits) units in one movement")
            }
            moves.append((component.sku, assembly.direction == .assemble ? -units : units))
        }
        let kitMove = (sku: kit, delta: assembly.direction == .assemble ? assembly.quantity : -assembly.quantity)
        moves = assembly.direction == .assemble ? moves + [kitMove] : [kitMove] + moves
        for move in moves where move.delta < 0 {
            let free = unitsFreeToAssemble(move.sku)
            guard -move.delta <= free else {
                throw .notEnough(
                    sku: move.sku, wanted: -move.delta, have: max(0, free),
                    of: "units free to \(assembly.direction.rawValue) (on hand − committed − held − unsellable)")
            }
        }
        return moves.map { Change.adjusted(sku: $0.sku, delta: $0.delta, reason: assembly.reason) }
    }

    private func checkRecipe(of assembly: Assembly) throws(Refusal) {
        let components = assembly.components
        guard Bounds.bundleComponents.contains(components.count) else {
            throw .invalidValue(
                field: "components of \(assembly.kit)", value: "\(components.count)",
                expected: "\(Bounds.bundleComponents.lowerBound)–\(Bounds.bundleComponents.upperBound) different SKUs")
        }
        var seen: Set<SKUCode> = []
        for component in components {
            guard component.sku != assembly.kit else {
                throw .bundle(assembly.kit, "lists itself as a component; a kit is made of other SKUs")
            }
            guard seen.insert(component.sku).inserted else {
                throw .bundle(assembly.kit, "lists \(component.sku) twice; give it once with the total quantity")
            }
            guard pools[component.sku] != nil else { throw .unknownSKU(component.sku) }
            guard !bundles.isBundle(component.sku) else {
                throw .bundle(
                    component.sku, "is a bundle (no stock of its own): list its components instead")
            }
            guard Bounds.bundleQuantity.contains(component.quantity) else {
                throw .invalidValue(
                    field: "quantity of \(component.sku) in \(assembly.kit)", value: "\(component.quantity)",
                    expected: "\(Bounds.bundleQuantity.lowerBound)–\(Bounds.bundleQuantity.upperBound) units per kit")
            }
        }
    }
}
