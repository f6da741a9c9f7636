import ArgumentParser
import OnePoolCore
import OnePoolStore

/// Verbs that move units within one SKU's pool. Each appends one audited event and prints
/// the SKU's quantities afterwards.
struct ReceiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive",
        abstract: "Record units that arrived (on hand grows; what was incoming shrinks).",
        discussion: """
            Example: onepool receive MUG-BLUE 48 --ref DN-20931

            --ref names one delivery (its delivery note): the same delivery of the same SKU is \
            recorded once however often the command runs, so a retry after a crash or a lost \
            answer never doubles the stock. Two partial deliveries carry two delivery notes.
            """)

    @OptionGroup var options: StoreOptions
    @Argument(help: "The SKU code.") var sku: SKUCode
    @Argument(help: OptionRanges.units.help("Units received."), transform: OptionRanges.units.read) var quantity: Int
    @Option(help: "The delivery note or reference: the same reference and SKU is one receipt.") var ref: String?
    @Flag(help: "These units were not on order: leave incoming as it is.") var unexpected = false

    func run() throws {
        let (store, commit) = try options.commit(as: .recorder) { state in
            let incoming = state.stock(sku)?.incoming ?? 0
            let fromIncoming = unexpected ? 0 : min(max(quantity, 0), incoming)
            let change = Change.received(sku: sku, quantity: quantity, reference: ref, fromIncoming: fromIncoming)
            return (
                [ProposedChange(change, idempotencyKey: ref.map { ReferenceKeys.receipt(reference: $0, sku: sku) })], ()
            )
        }
        if commit.appended.isEmpty, let ref {
            printStock(store, sku, "Already recorded: delivery \(ref) of \(sku) was received before (nothing changed)")
        } else {
            printStock(store, sku, "Received \(quantity) × \(sku)")
        }
    }
}

struct CountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "count",
        abstract: "Record a physical count: on hand becomes the counted quantity.",
        discussion: """
            Example: onepool count MUG-BLUE 41 --reason "cycle count aisle 3" --ref CC-2026-12-06

            --ref names one count sheet: the same sheet and SKU is recorded once, so a retry \
            never records the count again over sales made since.
            """)

    @OptionGroup var options: StoreOptions
    @Argument(help: "The SKU code.") var sku: SKUCode
    @Argument(
        help: OptionRanges.unitsOrZero.help("Units counted on the shelf."),
        transform: OptionRanges.unitsOrZero.read) var quantity: Int
    @Option(help: "Why (required: every change is audited).") var reason: String
    @Option(help: "The count sheet or reference: the same reference and SKU is one count.") var ref: String?

    func run() throws {
        let key = ref.map { ReferenceKeys.count(reference: $0, sku: sku) }
        let (store, appended) = try options.commitOne(
            .counted(sku: sku, quantity: quantity, reason: reason), key: key, as: .recorder)
        if !appended, let ref {
            printStock(store, sku, "Already recorded: count \(ref) of \(sku) was recorded before (nothing changed)")
        } else {
            printStock(store, sku, "Counted \(sku): \(quantity) on hand")
        }
    }
}

struct AdjustCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adjust",
        abstract: "Add or remove units from on hand, with a reason.",
        discussion: "Example: onepool adjust MUG-BLUE -2 --reason \"broken in store\" (or +5)")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The SKU code.") var sku: SKUCode
    @Argument(
        help: OptionRanges.delta.help("Units to add (5 or +5) or remove (-2).", valueName: "delta"),
        transform: OptionRanges.delta.read)
    var delta: Int
    @Option(help: "Why (required: every change is audited).") var reason: String

    func run() throws {
        let (store, _) = try options.commitOne(.adjusted(sku: sku, delta: delta, reason: reason), as: .recorder)
        printStock(store, sku, "Adjusted \(sku) by \(delta > 0 ? "+" : "")\(delta)")
    }
}

struct HoldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold",
        abstract: "Set units aside for a commitment (they stop being available).",
        discussion: "Example: onepool hold MUG-BLUE 24 --reason \"wholesale promise to Harper & Co\"")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The SKU code.") var sku: SKUCode
    @Argument(help: OptionRanges.units.help("Units to hold."), transform: OptionRanges.units.read) var quantity: Int
    @Option(help: "Why (required: every change is audited).") var reason: String

    func run() throws {
        let (store, _) = try options.commitOne(.held(sku: sku, quantity: quantity, reason: reason), as: .recorder)
        printStock(store, sku, "Held \(quantity) × \(sku)")
    }
}

struct ReleaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release", abstract: "Release held units back to available.")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The SKU code.") var sku: SKUCode
    @Argument(help: OptionRanges.units.help("Units to release."), transform: OptionRanges.units.read) var quantity: Int
    @Option(help: "Why.") var reason: String?

    func run() throws {
        let (store, _) = try options.commitOne(.released(sku: sku, quantity: quantity, reason: reason), as: .recorder)
        printStock(store, sku, "Released \(quantity) × \(sku)")
    }
}

struct DamageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "damage", abstract: "Mark units unsellable (damaged or in quality control).")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The SKU code.") var sku: SKUCode
    @Argument(
        help: OptionRanges.units.help("Units found unsellable."),
        transform: OptionRanges.units.read) var quantity: Int
    @Option(help: "Why (required: every change is audited).") var reason: String

    func run() throws {
        let (store, _) = try options.commitOne(
            .markedUnsellable(sku: sku, quantity: quantity, reason: reason), as: .recorder)
        printStock(store, sku, "Marked \(quantity) × \(sku) unsellable")
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Return unsellable units to sellable stock.")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The SKU code.") var sku: SKUCode
    @Argument(help: OptionRanges.units.help("Units restored."), transform: OptionRanges.units.read) var quantity: Int
    @Option(help: "Why.") var reason: String?

    func run() throws {
        let (store, _) = try options.commitOne(.restored(sku: sku, quantity: quantity, reason: reason), as: .recorder)
        printStock(store, sku, "Restored \(quantity) × \(sku)")
    }
}

struct SafetyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "safety", abstract: "Set the safety quantity: units never offered to any channel.")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The SKU code.") var sku: SKUCode
    @Argument(
        help: OptionRanges.unitsOrZero.help("Units to keep back."),
        transform: OptionRanges.unitsOrZero.read) var quantity: Int

    func run() throws {
        let (store, appended) = try options.commitOne(.safetySet(sku: sku, quantity: quantity))
        let outcome = appended ? "set to \(quantity)" : "is \(quantity) already (nothing written)"
        printStock(store, sku, "Safety for \(sku) \(outcome)")
    }
}

func printStock(_ store: Store, _ sku: SKUCode, _ headline: String) {
    say(headline)
    if let stock = store.state.stock(sku) { say("  \(stock.summary)") }
}
