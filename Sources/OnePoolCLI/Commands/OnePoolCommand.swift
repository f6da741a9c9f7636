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

            Run `onepool` with no verb at a terminal for the console (? lists its keys).
            Start with `onepool demo` to try a generated store, or `onepool init` to begin your own.
            Every verb takes --store DIR; read verbs take --format table|csv|json.
            """,
        version: "0.1.0",
        subcommands: [
            InitCommand.self, DemoCommand.self, ChannelCommand.self, SKUCommand.self,
            StockCommand.self, ReceiveCommand.self, CountCommand.self, AdjustCommand.self,
            HoldCommand.self, ReleaseCommand.self, DamageCommand.self, RestoreCommand.self, SafetyCommand.self,
            SellCommand.self, ReserveCommand.self, CancelCommand.self, ShipCommand.self,
            ReturnCommand.self, InspectCommand.self, ReturnsCommand.self,
            ImportCommand.self, MapCommand.self, AllocationCommand.self, PublishCommand.self, ForecastCommand.self,
            SupplierCommand.self, ApproverCommand.self, AutonomyCommand.self, POCommand.self, BriefingCommand.self,
            SettingsCommand.self, ShadowCommand.self, BundleCommand.self, AssembleCommand.self, DisassembleCommand.self,
            ReorderCommand.self, SimulateCommand.self,
            ConnectCommand.self, SyncCommand.self,
            LogCommand.self, DoctorCommand.self, SnapshotCommand.self, StressAppendCommand.self,
        ]
    )

    @OptionGroup public var options: StoreOptions

    @Option(
        help: ArgumentHelp(
            "Colour theme for the console: default, light, high-contrast, monochrome (or $ONEPOOL_THEME). NO_COLOR is honoured.",
            valueName: "name"))
    public var theme: String?

    public init() {}

    /// With no verb: the console at a terminal; otherwise (a pipe, cron) a short overview.
    /// With no store yet: where it looked and how to start.
    public func run() throws {
        let path = options.resolvedPath
        let opened = Result { () throws(StoreError) in try Store.open(at: path) }
        if case .failure(.noStore) = opened {
            say(
                """
                No OnePool store at \(path).
                  onepool demo      generate a demo store to try OnePool
                  onepool init      begin your own store here (or pass --store DIR)
                """)
            return
        }
        let store = try opened.get()
        store.takeNewWarnings().forEach(Console.warn)
        if ConsoleLauncher.isInteractive {
            try ConsoleLauncher.run(store: store, theme: theme, actor: try options.actor(.operator))
        } else {
            say(StoreOverview(store: store).render())
        }
    }
}
