// console-bench: release-mode measurements of the console (OnePoolConsole) on a shop of
// 100,000 SKUs. See Benchmarks/CONSOLE.md; Benchmarks/console.sh runs it all.
//
//   console-bench setup STORE_DIR [--skus N] [--seed S]
//       writes the generated shop into a new store (Store API, big batches) and snapshots it
//   console-bench all --store STORE_DIR [--skus N] [--seed S] [--keys N] [--queries N]
//                     [--startup-runs N] [--size WxH]
//       1. input-to-frame: update + render per key of a browsing mix (in memory)
//       2. lookup narrowing: update + render per character typed in the lookup (in memory)
//       3. start-up to the first frame: fresh processes opening STORE_DIR from its snapshot,
//          without and with ncurses painting into a pty
//       4. ncurses painting the frames of 1 into a 200×60 pty, against our part of each frame
//       5. journal news: an appended order line absorbed by update, then a frame (no target)
//       then prints the table (standard output; progress on standard error)
//   console-bench lookup [--skus N] [--seed S] [--queries N] [--rounds R]
//       measure 2 alone, in memory (no store needed): update and render per keystroke apart,
//       by kind of query; R measured rounds after a short warm-up
//   console-bench startup-child STORE_DIR [--ncurses] [--size WxH]
//       one start-up (spawned by `all`)
//   console-bench live --store STORE_DIR [--size WxH] [--pace-ms 40] [--keys-after 500] [--seconds 900]
//       6. the real runtime (loop, background loader, store) in a fresh process on a terminal
//          that presses a key every --pace-ms: spawn → first key answered, keystroke → frame
//          while history and forecasts load and after (see CONSOLE.md)
//   console-bench live-child STORE_DIR …
//       one run of 6 (spawned by `live`)

#if canImport(Glibc)
import Glibc
#endif
import BenchSupport
import Foundation
import OnePoolConsole
import OnePoolConsoleRuntime

// MARK: - Arguments

var arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    fail("usage: console-bench setup STORE_DIR | all --store STORE_DIR | startup-child STORE_DIR (see CONSOLE.md)")
}
arguments.removeFirst()

@MainActor func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
@MainActor func intOption(_ name: String, _ fallback: Int) -> Int { option(name).flatMap { Int($0.filter { $0 != "_" }) } ?? fallback }
@MainActor func flag(_ name: String) -> Bool { arguments.contains(name) }

let skuCount = intOption("--skus", 100_000)
let seed = UInt64(intOption("--seed", 7))
let size = (option("--size") ?? "200x60").split(separator: "x").compactMap { Int($0) }
guard size.count == 2 else { fail("--size takes WIDTHxHEIGHT, e.g. 200x60") }
let (width, height) = (size[0], size[1])

// MARK: - Commands

switch command {
case "setup":
    guard let path = arguments.first, !path.hasPrefix("--") else { fail("setup needs the store directory") }
    log("generating \(skuCount) SKUs (seed \(seed)) and writing them to \(path)…")
    do { try writeStore(at: path, shop: Shop(skuCount: skuCount, seed: seed)) } catch { fail("setup: \(error)") }

case "startup-child":
    guard let path = arguments.first else { fail("startup-child needs the store directory") }
    do {
        try startupChild(store: path, ncurses: flag("--ncurses"), width: width, height: height, today: Shop.defaultToday)
    } catch { fail("startup-child: \(error)") }

case "lookup":
    runLookupOnly()

case "live-child":
    guard let path = arguments.first else { fail("live-child needs the store directory") }
    do {
        try liveChild(
            store: path, width: width, height: height, pace: Double(intOption("--pace-ms", 40)) / 1000,
            keysAfter: intOption("--keys-after", 500), seconds: Double(intOption("--seconds", 900)))
    } catch { fail("live-child: \(error)") }

case "live":
    guard let storePath = option("--store") else { fail("live needs --store STORE_DIR (made by `console-bench setup`)") }
    let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    runLive(
        executable: executable, store: storePath, width: width, height: height, pace: Double(intOption("--pace-ms", 40)) / 1000,
        keysAfter: intOption("--keys-after", 500), seconds: Double(intOption("--seconds", 900)))

case "news":
    runNewsOnly()

case "all":
    guard let storePath = option("--store") else { fail("all needs --store STORE_DIR (made by `console-bench setup`)") }
    guard FileManager.default.fileExists(atPath: storePath + "/onepool-store.json") else {
        fail("no store at \(storePath): run `console-bench setup \(storePath)` first")
    }
    runAll(storePath: storePath)

default:
    fail("unknown command \(command)")
}

// MARK: - The whole run

@MainActor func runAll(storePath: String) {
    let keys = intOption("--keys", 3000)
    let queries = intOption("--queries", 300)
    let startupRuns = intOption("--startup-runs", 10)
    let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]

    // 3. Start-up first, while this process is still small: fresh children, alternating
    //    without and with ncurses, after one unmeasured run of each (warm page cache).
    log("start-up: \(startupRuns) fresh processes each, without and with ncurses, on \(storePath)…")
    var plain: [StartupRun] = [], painted: [StartupRun] = []
    do {
        _ = try spawnStartup(executable: executable, store: storePath, ncurses: false, width: width, height: height)
        _ = try spawnStartup(executable: executable, store: storePath, ncurses: true, width: width, height: height)
        for _ in 0..<startupRuns {
            plain.append(try spawnStartup(executable: executable, store: storePath, ncurses: false, width: width, height: height))
            painted.append(try spawnStartup(executable: executable, store: storePath, ncurses: true, width: width, height: height))
        }
    } catch { fail("start-up: \(error)") }

    // The shop in memory, for 1, 2, 4 and 5.
    log("building \(skuCount) SKUs and their journal in memory…")
    let shop = Shop(skuCount: skuCount, seed: seed)
    let console = InMemoryConsole(shop: shop, width: width, height: height)
    let start = console.state
    let data = start.data
    let conditions = data.rows.reduce(into: [0, 0, 0, 0]) { counts, row in
        switch row.condition {
        case .oversold: counts[0] += 1
        case .belowSafety: counts[1] += 1
        case .outOfStock: counts[2] += 1
        case .normal: if row.stock.held > 0 { counts[3] += 1 }
        }
    }
    let selling = data.history.series.count
    log("  \(console.events) events folded in \(fixed(console.seconds, 1)) s: \(data.rows.count) SKUs, \(selling) with sales, "
        + "\(conditions[0]) oversold, \(conditions[1]) below safety, \(conditions[2]) out of stock, \(conditions[3]) more with held units, "
        + "\(start.alerts.alerts.count) alerts")

    log("1. input-to-frame: \(keys) keys of the browsing mix…")
    let browsing = measureBrowsing(start, keys: keys, warmUp: 50, seed: seed &+ 100)
    log("2. lookup: \(queries) queries typed…")
    let lookup = measureLookup(start, shop: shop, queries: queries, seed: seed &+ 200)
    log("4. ncurses: the same \(keys) keys painted into a \(width)×\(height) pty…")
    let catalog = ThemeCatalog(environment: ProcessInfo.processInfo.environment, executablePath: CommandLine.arguments[0])
    let (theme, problem) = catalog.load("default")
    if let problem { log("  theme: \(problem)") }
    let paint = measurePaint(start, keys: keys, warmUp: 50, seed: seed &+ 100, theme: theme)
    log("5. journal news: 100 appended order lines, twice…")
    let news = measureNews(start, stock: console.stock, count: 100, seed: seed &+ 300)

    report(
        browsing: browsing, lookup: lookup, plain: plain, painted: painted, paint: paint, news: news, keys: keys,
        events: console.events, skus: data.rows.count, themeName: problem == nil ? "default" : "built-in")
}

// MARK: - The report

@MainActor func report(
    browsing: KeyedSamples, lookup: LookupResult, plain: [StartupRun], painted: [StartupRun], paint: PaintResult,
    news: [(String, Samples)], keys: Int, events: Int, skus: Int, themeName: String
) {
    func verdict(_ value: Double, under target: Double) -> String { value < target ? "met" : "MISSED" }
    func samples(_ values: [Double]) -> Samples {
        var result = Samples()
        values.forEach { result.add($0) }
        return result
    }
    let frame = browsing.all
    let typing = lookup.keystrokes.all
    let plainWhole = samples(plain.map(\.wholeProcess)), plainInside = samples(plain.map(\.inProcess))
    let paintedWhole = samples(painted.map(\.wholeProcess)), paintedInside = samples(painted.map(\.inProcess))
    let screen = "\(width)×\(height)"

    print("""
        ## Console benchmark — \(skus) SKUs, \(events) events, \(screen) screen (release build)

        """)
    print(table(["measure", "median", "p99", "target", "met?"], [
        ["1. input-to-frame: update + render, \(frame.count) keys of the browsing mix", ms(frame.median), ms(frame.p99), "p99 < 8 ms",
         verdict(frame.p99, under: 8)],
        ["   same keys, thread CPU time (without waits for a core)", ms(browsing.cpu.median), ms(browsing.cpu.p99), "(p99 < 8 ms)",
         "(\(verdict(browsing.cpu.p99, under: 8)))"],
        ["2. lookup narrowing: update + render per keystroke, \(typing.count) keystrokes", ms(typing.median), ms(typing.p99), "p99 < 5 ms",
         verdict(typing.p99, under: 5)],
        ["   same keystrokes, thread CPU time", ms(lookup.keystrokes.cpu.median), ms(lookup.keystrokes.cpu.p99), "(p99 < 5 ms)",
         "(\(verdict(lookup.keystrokes.cpu.p99, under: 5)))"],
        ["3. start-up to first Screen, fresh process (spawn → render), \(plain.count) runs", ms(plainWhole.median), ms(plainWhole.p99),
         "< 300 ms", verdict(plainWhole.p99, under: 300)],
        ["   same, inside the process (main → render)", ms(plainInside.median), ms(plainInside.p99), "< 300 ms",
         verdict(plainInside.p99, under: 300)],
        ["3b. start-up to first frame painted by ncurses in a \(screen) pty (spawn → doupdate), \(painted.count) runs",
         ms(paintedWhole.median), ms(paintedWhole.p99), "< 300 ms", verdict(paintedWhole.p99, under: 300)],
        ["   same, inside the process (main → doupdate)", ms(paintedInside.median), ms(paintedInside.p99), "< 300 ms",
         verdict(paintedInside.p99, under: 300)],
        ["4. ncurses paint of the frames of 1 (werase + runs + doupdate), \(paint.paint.count) frames", ms(paint.paint.median),
         ms(paint.paint.p99), "—", "—"],
        ["   our frame in that run: update + render", ms(paint.ours.median), ms(paint.ours.p99), "—", "—"],
        ["   our Screen → ncurses runs (NcursesTerminal.draw's Swift loop)", ms(paint.prepare.median), ms(paint.prepare.p99), "—", "—"],
    ] + news.map { name, samples in ["5. \(name), \(samples.count) times", ms(samples.median), ms(samples.p99), "—", "—"] }))
    let oursTotal = paint.ours.sum + paint.prepare.sum
    let ratioMedian = paint.ours.median / paint.paint.median
    let ratioTotal = paint.ours.sum / paint.paint.sum
    print("""

        Our frame vs ncurses: update + render is \(fixed(ratioMedian, 2))× ncurses' paint at the median, \
        \(fixed(ratioTotal, 2))× in total time over the \(paint.paint.count) frames; with the Screen → runs loop, \
        our share of a painted frame is \(Int((oursTotal / (oursTotal + paint.paint.sum) * 100).rounded()))%. \
        First full paint of a blank terminal: \(ms(paint.firstPaint)). ncurses sent \(paint.bytes / max(1, paint.paint.count + 1)) \
        bytes per frame on average (\(paint.colors) colours, theme \(themeName)).

        ### 1. By key (update + render)

        """)
    let keyOrder = ["j/k", "PgDn", "g/G", "Tab", "Enter", "Esc"]
        + StockColumn.allCases.map { "s sort → \($0.heading)" } + StockFilter.allCases.map { "o filter → \($0.label)" }
    print(table(["key", "presses", "median", "p99", "max"], browsing.breakdown(ranking: keyOrder)))
    print("""

        ### 2. Lookup (\(lookup.queries) queries: code prefixes, title words, barcode prefixes)

        """)
    var lookupRows = lookup.keystrokes.breakdown(ranking: ["type the first", "type a further", "Backspace"])
    lookupRows.append(["'/' open the lookup", "\(lookup.opens.count)", ms(lookup.opens.median), ms(lookup.opens.p99), ms(lookup.opens.max)])
    lookupRows.append(["Esc close the lookup", "\(lookup.closes.count)", ms(lookup.closes.median), ms(lookup.closes.p99), ms(lookup.closes.max)])
    print(table(["key", "presses", "median", "p99", "max"], lookupRows))
    print("""

        ### 3. Start-up phases (median of \(plain.count) runs each, ms)

        """)
    func phaseMedian(_ runs: [StartupRun], _ name: String) -> String {
        let values = runs.compactMap { $0.phases[name] }
        return values.isEmpty ? "—" : ms(samples(values).median)
    }
    let names = ["open", "theme", "ncursesStart", "clock", "data", "state", "render", "prepare", "paint"]
    let labels = [
        "Store.open (snapshot)", "theme (ThemeCatalog.load)", "ncurses start (newterm on the pty)",
        "time zone + DateFormatter (header date)", "ConsoleData.init",
        "ConsoleState.init (refreshDerived)", "ConsoleView.render", "Screen → runs", "ncurses paint (first, full)",
    ]
    var phaseRows = zip(names, labels).map { name, label in [label, phaseMedian(plain, name), phaseMedian(painted, name)] }
    phaseRows.append(["exec → main (spawn, loading, runtime)", ms(plainWhole.median - plainInside.median), ms(paintedWhole.median - paintedInside.median)])
    func mebibytes(_ runs: [StartupRun]) -> String {
        runs.isEmpty ? "—" : "\(Int(samples(runs.map { Double($0.hwmKiB) }).median) / 1024) MiB"
    }
    phaseRows.append(["peak RSS (VmHWM)", mebibytes(plain), mebibytes(painted)])
    print(table(["phase", "without ncurses", "with ncurses"], phaseRows))
}
