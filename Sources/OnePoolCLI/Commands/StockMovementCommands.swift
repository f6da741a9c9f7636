import ArgumentParser
import OnePoolCore
import OnePoolStore

/// Verbs that move units within one SKU's pool. Each appends one audited event and prints
/// the SKU's quantities afterwards.
struct ReceiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive",
        abstract: "Record units that arrived (on hand grows; what was incoming shrinks).",
        discussion: "Example: onepool receive MUG-BLUE 48 --ref PO-1042")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The SKU code.") var sku: String
    @Argument(help: OptionRanges.units.help("Units received."), transform: OptionRanges.units.read) var quantity: Int
    @Option(help: "Delivery or purchase-order reference.") var ref: String?
    @Flag(help: "These units were not on order: leave incoming as it is.") var unexpected = false

    func run() throws {
        let (store, _) = try options.commit { state in
            let incoming = state.stock(sku)?.incoming ?? 0
            let fromIncoming = unexpected ? 0 : min(max(quantity, 0), incoming)
            return ([ProposedChange(.received(sku: sku, quantity: quantity, reference: ref, fromIncoming: fromIncoming))], ())
        }
        printStock(store, sku, "Received \(quantity) × \(sku)")
    }
}

struct CountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "count",
        abstract: "Record a physical count: on hand becomes the counted quantity.",
        discussion: "Example: onepool count MUG-BLUE 41 --reason \"cycle count aisle 3\"")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The SKU code.") var sku: String
    @Argument(help: OptionRanges.unitsOrZero.help("Units counted on the shelf."),
        transform: OptionRanges.unitsOrZero.read) var quantity: Int
    @Option(help: "Why (required: every change is audited).") var reason: String

    func run() throws {
        let (store, _) = try options.commitOne(.counted(sku: sku, quantity: quantity, reason: reason))
        printStock(store, sku, "Counted \(sku): \(quantity) on hand")
    }
}

struct AdjustCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adjust",
        abstract: "Add or remove units from on hand, with a reason.",
        discussion: "Example: onepool adjust MUG-BLUE -2 --reason \"broken in store\" (or +5)")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The SKU code.") var sku: String
    @Argument(
        help: OptionRanges.delta.help("Units to add (5 or +5) or remove (-2).", valueName: "delta"),
        transform: OptionRanges.delta.read)
    var delta: Int
    @Option(help: "Why (required: every change is audited).") var reason: String

    func run() throws {
        let (store, _) = try options.commitOne(.adjusted(sku: sku, delta: delta, reason: reason))
        printStock(store, sku, "Adjusted \(sku) by \(delta > 0 ? "+" : "")\(delta)")
    }
}

struct HoldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold",
        abstract: "Set units aside for a commitment (they stop being available).",
        discussion: "Example: onepool hold MUG-BLUE 24 --reason \"wholesale promise to Harper & Co\"")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The SKU code.") var sku: String
    @Argument(help: OptionRanges.units.help("Units to hold."), transform: OptionRanges.units.read) var quantity: Int
    @Option(help: "Why (required: every change is audited).") var reason: String

    func run() throws {
        let (store, _) = try options.commitOne(.held(sku: sku, quantity: quantity, reason: reason))
        printStock(store, sku, "Held \(quantity) × \(sku)")
    }
}

struct ReleaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release", abstract: "Release held units back to available.")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The SKU code.") var sku: String
    @Argument(help: OptionRanges.units.help("Units to release."), transform: OptionRanges.units.read) var quantity: Int
    @Option(help: "Why.") var reason: String?

    func run() throws {
        let (store, _) = try options.commitOne(.released(sku: sku, quantity: quantity, reason: reason))
        printStock(store, sku, "Released \(quantity) × \(sku)")
    }
}

struct DamageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "damage", abstract: "Mark units unsellable (damaged or in quality control).")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The SKU code.") var sku: String
    @Argument(help: OptionRanges.units.help("Units found unsellable."),
        transform: OptionRanges.units.read) var quantity: Int
    @Option(help: "Why (required: every change is audited).") var reason: String

    func run() throws {
        let (store, _) = try options.commitOne(.markedUnsellable(sku: sku, quantity: quantity, reason: reason))
        printStock(store, sku, "Marked \(quantity) × \(sku) unsellable")
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Return unsellable units to sellable stock.")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The SKU code.") var sku: String
    @Argument(help: OptionRanges.units.help("Units restored."), transform: OptionRanges.units.read) var quantity: Int
    @Option(help: "Why.") var reason: String?

    func run() throws {
        let (store, _) = try options.commitOne(.restored(sku: sku, quantity: quantity, reason: reason))
        printStock(store, sku, "Restored \(quantity) × \(sku)")
    }
}

struct SafetyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "safety", abstract: "Set the safety quantity: units never offered to any channel.")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The SKU code.") var sku: String
    @Argument(help: OptionRanges.unitsOrZero.help("Units to keep back."),
        transform: OptionRanges.unitsOrZero.read) var quantity: Int

    func run() throws {
        let (store, _) = try options.commitOne(.safetySet(sku: sku, quantity: quantity))
        printStock(store, sku, "Safety for \(sku) set to \(quantity)")
    }
}

func printStock(_ store: Store, _ sku: String, _ headline: String) {
    say(headline)
    if let stock = store.state.stock(sku) { say("  \(stock.summary)") }
}
