import ArgumentParser
import Foundation
import OnePoolCore
import OnePoolDemo
import OnePoolStore

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate a realistic demo store from a seed and show it.",
        discussion: """
            The demo store lives in its own directory (default: the 'demo' store next to the default \
            one), so it never touches your real store. Run it again to reopen it; --force regenerates it.
            The same seed on the same day gives the same store (ONEPOOL_NOW pins the day).
            Without --store the demo goes to $XDG_DATA_HOME/onepool/demo (else ~/.local/share/onepool/demo).
            """)

    /// `--store` here defaults to the demo store ($XDG_DATA_HOME/onepool/demo or
    /// ~/.local/share/onepool/demo), not the default one: a demo never touches a real store.
    @OptionGroup var options: StoreOptions
    @Option(
        help: OptionRanges.demoSeed.help("Random seed: the same seed gives the same store.", default: 42),
        transform: OptionRanges.demoSeed.read)
    var seed: Int = 42
    @Option(
        help: OptionRanges.demoSKUs.help("Number of SKUs.", default: 300), transform: OptionRanges.demoSKUs.read)
    var skus: Int = 300
    @Option(
        help: OptionRanges.demoDays.help("Days of history.", default: 730), transform: OptionRanges.demoDays.read)
    var days: Int = 730
    @Flag(help: "Replace an existing demo store.") var force = false
    @Flag(help: "Print a summary instead of opening the console (also when not at a terminal).") var noConsole = false

    func run() throws {
        let location = StoreLocation.resolve(
            explicit: options.store, environment: ProcessInfo.processInfo.environment, name: "demo")
        let path = location.path

        if FileManager.default.fileExists(atPath: "\(path)/\(StoreMetadata.fileName)") {
            if !force {
                let existing = try Store.open(at: path)
                existing.takeNewWarnings().forEach(Console.warn)
                let what = DemoStore.isDemoStore(at: path) ? "A demo store" : "A store (not a demo)"
                say("\(what) already exists at \(path); not regenerating it (--force generates it again).\n")
                try showStore(existing, stats: nil)
                return
            }
            guard DemoStore.isDemoStore(at: path) else {
                let name = DemoStore.existingName(at: path).map { "'\($0)'" } ?? "unreadable"
                throw CLIError(
                    "refusing to replace \(path): it is not a OnePool demo store (its name is \(name)). "
                        + "--force only replaces a store that `onepool demo` made; pass another --store DIR, or remove that directory yourself."
                )
            }
        } else if let entries = try? FileManager.default.contentsOfDirectory(atPath: path), !entries.isEmpty {
            throw CLIError("\(path) is not empty and is not a OnePool store; pass another --store DIR")
        }

        let now = Clock.now()
        let zone = TimeZone.current
        let parameters = DemoParameters.inZone(zone, seed: UInt64(seed), skuCount: skus, days: days, today: now)
        Console.note("Generating the demo store (seed \(seed), \(skus) SKUs, \(days) days of history) at \(path)…")
        let started = Date()
        var reported = 0
        let outcome = try DemoStore.build(
            at: path, parameters: parameters, timeZone: zone.identifier, createdAt: now, replacing: force,
            user: UserName(OperatingSystemUser.name())
        ) { done, total, batch in
            // A line every ~10%: the history is written day by day, one durable batch each.
            let tenth = done * 10 / total
            guard tenth > reported, !batch.isSetup else { return }
            reported = tenth
            let date = DemoDate(dayNumber: batch.time.day(offsetSeconds: parameters.utcOffsetSeconds))
            Console.note("  day \(batch.day + 1)/\(days) (\(date))…")
        }
        let seconds = Date().timeIntervalSince(started)
        Console.note(
            "Wrote \(NumberText.units(Int(outcome.events))) events in \(NumberText.fixed(seconds, places: 1)) s.\n")
        let store = try Store.open(at: path)
        // The history a reorder or briefing of the demo reads from: the journal is long.
        let history = try HistoryCheckpointWriting.write(store)
        history.warnings.forEach(Console.warn)
        try showStore(store, stats: outcome.stats)
    }

    private func showStore(_ store: Store, stats: DemoStats?) throws {
        // At a terminal the console opens on the demo store; with --no-console, or when output
        // goes to a pipe or a file, the summary is printed instead.
        if !noConsole && ConsoleLauncher.isInteractive {
            try ConsoleLauncher.run(store: store, theme: nil, actor: try options.actor(.operator))
            return
        }
        say(try DemoSummary(store: store).render(stats: stats))
    }
}
