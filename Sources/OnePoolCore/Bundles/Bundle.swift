/// A bundle (a kit sold as one SKU) and its parts.
///
/// A bundle SKU has no stock of its own: its units are made, at the moment of sale, of its
/// components' units. One level deep only — a component is an ordinary SKU, never a bundle, and
/// a SKU that is a component cannot become a bundle — so a bundle's stock is always one `min`
/// away from the pools, and no definition can form a cycle. A kit assembled in advance is an
/// ordinary SKU with stock of its own; assembling one is a movement of stock (count the kits in,
/// adjust the parts out).
public struct BundleComponent: Hashable, Sendable, Comparable {
    /// The component's SKU code (an ordinary SKU).
    public var sku: SKUCode
    /// Units of the component in one unit of the bundle (`Bounds.bundleQuantity`).
    public var quantity: Int

    public init(sku: SKUCode, quantity: Int) {
        self.sku = sku
        self.quantity = quantity
    }

    public static func < (lhs: BundleComponent, rhs: BundleComponent) -> Bool {
        (lhs.sku, lhs.quantity) < (rhs.sku, rhs.quantity)
    }

    /// "MUG-BLUE × 2"
    public var text: String { "\(sku) × \(quantity)" }
}

/// What one bundle SKU is made of: its components, sorted by SKU code (so two definitions that
/// list the same parts in another order are the same fact).
public struct BundleDefinition: Hashable, Sendable {
    public var code: SKUCode
    public private(set) var components: [BundleComponent]

    public init(code: SKUCode, components: [BundleComponent]) {
        self.code = code
        self.components = components.sorted()
    }

    /// The units of `component` in one bundle (0 if it is not a part).
    public func quantity(of component: SKUCode) -> Int {
        components.first { $0.sku == component }?.quantity ?? 0
    }

    /// "MUG-BLUE × 2 + TEA-50G × 1"
    public var text: String { components.map(\.text).joined(separator: " + ") }
}

/// Bundle facts in the journal (under one tag, like purchasing and sync).
public enum BundleChange: Hashable, Sendable {
    /// The bundle is made of these components from now on (a new bundle, or a new recipe for
    /// one: open lines keep the components they took).
    case defined(BundleDefinition)
    /// The SKU is no longer a bundle (its open lines keep the components they took).
    case removed(code: SKUCode)

    public static let kinds = ["bundle-defined", "bundle-removed"]

    public var kind: String {
        switch self {
        case .defined: "bundle-defined"
        case .removed: "bundle-removed"
        }
    }

    public var code: SKUCode {
        switch self {
        case .defined(let definition): definition.code
        case .removed(let code): code
        }
    }

    public var text: String {
        switch self {
        case .defined(let definition): "bundle \(definition.code) = \(definition.text)"
        case .removed(let code): "bundle \(code) removed (now an ordinary SKU)"
        }
    }
}

/// The store's bundle definitions, with the reverse index the allocation and the forecasts read
/// (which bundles use a component).
public struct BundleBook: Hashable, Sendable {
    public private(set) var definitions: [SKUCode: BundleDefinition] = [:]
    /// Component code → the bundles that use it, sorted by code. Derived from `definitions`.
    public private(set) var containing: [SKUCode: [SKUCode]] = [:]
    /// Bundle code → every component its lines may hold: its definitions' since the state was
    /// built, and the open lines' (`StockState.skusMoved(by:)` reads it, so that closing a line
    /// taken under an older recipe refreshes the right pools). Not part of the book's value.
    private var everUsed: [SKUCode: Set<SKUCode>] = [:]

    public init() {}

    public init(_ definitions: [BundleDefinition]) {
        for definition in definitions { set(definition) }
    }

    /// The book a snapshot restores: its definitions, and the open bundle lines' components
    /// (which may be an older recipe's).
    public init(_ definitions: [BundleDefinition], openLines: [OpenOrderLine]) {
        self.init(definitions)
        for line in openLines { if let components = line.components { noteUsed(components, by: line.sku) } }
    }

    public var isEmpty: Bool { definitions.isEmpty }

    public subscript(code: SKUCode) -> BundleDefinition? { definitions[code] }

    public func isBundle(_ code: SKUCode) -> Bool { !definitions.isEmpty && definitions[code] != nil }

    /// Bundles that use `component`, sorted by code (empty for most SKUs).
    public func bundles(using component: SKUCode) -> [SKUCode] {
        containing.isEmpty ? [] : containing[component] ?? []
    }

    /// Every definition, sorted by bundle code.
    public var sorted: [BundleDefinition] { definitions.values.sorted { $0.code < $1.code } }

    /// Every SKU a line of `code` may have committed (see `everUsed`).
    public func componentsEverUsed(by code: SKUCode) -> Set<SKUCode> { everUsed.isEmpty ? [] : everUsed[code] ?? [] }

    mutating func noteUsed(_ components: [BundleComponent], by code: SKUCode) {
        everUsed[code, default: []].formUnion(components.map(\.sku))
    }

    public static func == (lhs: BundleBook, rhs: BundleBook) -> Bool { lhs.definitions == rhs.definitions }

    public func hash(into hasher: inout Hasher) { hasher.combine(definitions) }

    mutating func set(_ definition: BundleDefinition) {
        remove(definition.code)
        noteUsed(definition.components, by: definition.code)
        definitions[definition.code] = definition
        for component in definition.components {
            var users = containing[component.sku] ?? []
            users.append(definition.code)
            users.sort()
            containing[component.sku] = users
        }
    }

    mutating func remove(_ code: SKUCode) {
        guard let old = definitions.removeValue(forKey: code) else { return }
        for component in old.components {
            let users = (containing[component.sku] ?? []).filter { $0 != code }
            containing[component.sku] = users.isEmpty ? nil : users
        }
    }
}
