import ArgumentParser
import OnePoolCore
import OnePoolStore

/// `onepool assemble` and `onepool disassemble`: kits made in advance move stock between SKUs.
struct AssembleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assemble",
        abstract: "Assemble kits in advance: components' on hand down, the kit's on hand up, in one step.",
        discussion: """
            A kit assembled in advance is an ordinary SKU with stock of its own (unlike a bundle, \
            whose units are made when it sells: `onepool bundle`). Assembling KIT QTY takes each \
            component's units × QTY off its on hand and adds QTY to the kit's, as adjustments in \
            one journal batch: all or nothing. Refused, with nothing written, when a component \
            has fewer units free than it must give (free: on hand − committed − held − \
            unsellable; safety stock may be used).
            The recipe is --component SKU:QTY (repeat, QTY the units in one kit), or --from BUNDLE \
            to use a bundle's recipe. --ref names the work order: the same reference and kit is \
            one assembly, so a retry after a crash never assembles twice.
            Examples:
              onepool assemble GIFT-BOX 10 --component MUG-BLUE:2 --component TEA-50G:1
              onepool assemble GIFT-BOX 10 --from GIFT-SET --ref WO-118
              onepool disassemble GIFT-BOX 2 --from GIFT-SET
            """)

    @OptionGroup var options: StoreOptions
    @OptionGroup var output: FormatOptions
    @Argument(help: "The kit's SKU code (an ordinary SKU, not a bundle).") var kit: SKUCode
    @Argument(help: OptionRanges.units.help("Kits to assemble."), transform: OptionRanges.units.read)
    var quantity: Int
    @OptionGroup var recipe: RecipeOptions

    func validate() throws { try recipe.validate() }

    func run() throws { try Self.move(.assemble, kit: kit, quantity: quantity, recipe, options, output) }

    /// Plans the adjustments in Core (`StockState.adjustments(for:)`), commits them as one batch,
    /// and prints what moved.
    static func move(
        _ direction: Assembly.Direction, kit: SKUCode, quantity: Int, _ recipe: RecipeOptions, _ options: StoreOptions,
        _ output: FormatOptions
    ) throws {
        let (store, commit) = try options.commit(as: .recorder) { state -> ([ProposedChange], Assembly) in
            let assembly = Assembly(
                direction, kit: kit, quantity: quantity, components: try recipe.components(in: state))
            let changes: [Change]
            do throws(Refusal) { changes = try state.adjustments(for: assembly) } catch {
                throw StoreError.refused(error)
            }
            let keys = changes.map { change in
                recipe.ref.map { "\(direction.rawValue):\($0):\(kit):\(change.skuCode ?? "")" }
            }
            return (zip(changes, keys).map { ProposedChange($0, idempotencyKey: $1) }, assembly)
        }
        let assembly = commit.result
        let state = store.state
        let sign = direction == .assemble ? 1 : -1
        var moves = [(sku: assembly.kit, units: sign * quantity)]
        for component in assembly.components {
            moves.append((component.sku, -sign * quantity * component.quantity))
        }
        let moved = moves.map { move -> AssemblyRow in
            let stock = state.stock(move.sku)
            return AssemblyRow(
                sku: Identifier(move.sku), moved: move.units, onHand: stock?.onHand ?? 0,
                available: stock?.available ?? 0)
        }
        let document = AssemblyDocument(
            direction: direction.rawValue, kit: Identifier(kit), kits: quantity, written: !commit.appended.isEmpty,
            skus: moved)
        guard output.format == .table else {
            print(Output.record(document, format: output.format))
            return
        }
        if commit.appended.isEmpty {
            say("Already recorded: \(assembly.reason) (reference \(recipe.ref ?? "")); nothing changed")
        } else {
            say("\(direction == .assemble ? "Assembled" : "Disassembled") \(quantity) × \(kit)")
        }
        print(Output.rows(moved, format: .table))
    }
}

struct DisassembleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disassemble",
        abstract: "Take kits assembled in advance apart: the kit's on hand down, components' up.",
        discussion: """
            The reverse of `onepool assemble`: QTY kits leave the kit's on hand and their \
            components come back onto theirs, in one journal batch. Refused, with nothing \
            written, when the kit has fewer units free than QTY (on hand − committed − held − \
            unsellable).
            Examples:
              onepool disassemble GIFT-BOX 2 --component MUG-BLUE:2 --component TEA-50G:1
              onepool disassemble GIFT-BOX 2 --from GIFT-SET
            """)

    @OptionGroup var options: StoreOptions
    @OptionGroup var output: FormatOptions
    @Argument(help: "The kit's SKU code.") var kit: SKUCode
    @Argument(help: OptionRanges.units.help("Kits to take apart."), transform: OptionRanges.units.read)
    var quantity: Int
    @OptionGroup var recipe: RecipeOptions

    func validate() throws { try recipe.validate() }

    func run() throws { try AssembleCommand.move(.disassemble, kit: kit, quantity: quantity, recipe, options, output) }
}

/// What a kit is made of: components given one by one, or a bundle's recipe.
struct RecipeOptions: ParsableArguments {
    @Option(
        name: .customLong("component"),
        help: ArgumentHelp(
            "A component as SKU:QTY, QTY its units in one kit (at most \(Bounds.bundleQuantity.upperBound)); "
                + "repeat for each.",
            valueName: "sku:qty"),
        transform: BundleCommand.component)
    var components: [BundleComponent] = []
    @Option(help: ArgumentHelp("Use this bundle's recipe (as it is defined now).", valueName: "bundle"))
    var from: SKUCode?
    @Option(help: "The work order or reference: the same reference and kit is one assembly.") var ref: String?

    func validate() throws {
        if components.isEmpty == (from == nil) {
            throw ValidationError(
                "give the recipe once: --component SKU:QTY (repeat for each) or --from BUNDLE, not both or neither")
        }
    }

    func components(in state: StockState) throws -> [BundleComponent] {
        guard let from else { return components }
        guard state.pools[from] != nil else { throw StoreError.refused(.unknownSKU(from)) }
        guard let definition = state.bundles[from] else {
            throw CLIError("--from \(from): \(from) is not a bundle (see `onepool bundle list`); nothing was written")
        }
        return definition.components
    }
}

/// `onepool assemble|disassemble --format json|csv`: what moved, and each SKU's stock after.
struct AssemblyDocument: Codable {
    var direction: String
    var kit: Identifier
    var kits: Int
    /// False when the same --ref was recorded before (nothing written).
    var written: Bool
    var skus: [AssemblyRow]
}

struct AssemblyRow: Codable {
    var sku: Identifier
    var moved: Int
    var onHand: Int
    var available: Int
}
