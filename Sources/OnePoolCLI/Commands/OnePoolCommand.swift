import ArgumentParser
import OnePoolCore
import OnePoolStore

/// `onepool`: one stock pool per SKU, shared by every channel.
public struct OnePoolCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "onepool",
        abstract: "One stock pool per SKU, allocated to every sales channel from a single source of truth.",
        discussion: """
            Every change is an event in an append-only journal under the store directory; \
            quantities follow Shopify's states (on hand, committed, held, unsellable, safety, \
            incoming, available).

            Start with `onepool demo` to try a generated store, or `onepool init` to begin your own.
            Every verb takes --store DIR; read verbs take --format table|csv|json.
            """,
        version: "0.1.0",
        subcommands: [
            InitCommand.self, DemoCommand.self, ChannelCommand.self, SKUCommand.self,
            StockCommand.self, ReceiveCommand.self, CountCommand.self, AdjustCommand.self,
            HoldCommand.self, ReleaseCommand.self, DamageCommand.self, RestoreCommand.self, SafetyCommand.self,
            SellCommand.self, ReserveCommand.self, CancelCommand.self, ShipCommand.self,
            LogCommand.self, DoctorCommand.self, SnapshotCommand.self, StressAppendCommand.self,
        ]
    )

    @OptionGroup public var options: StoreOptions

    public init() {}

    /// With no verb: a short overview of the store, or where it looked and how to start.
    public func run() throws {
        let path = options.resolvedPath
        let store: Store
        do {
            store = try Store.open(at: path)
        } catch StoreError.noStore {
            print("""
                No OnePool store at \(path).
                  onepool demo      generate a demo store to try OnePool
                  onepool init      begin your own store here (or pass --store DIR)
                """)
            return
        }
        print(StoreOverview(store: store).render())
    }
}
