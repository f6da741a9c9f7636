// `console-bench lookup`: measure 2 alone (no store, no start-up, no browsing), quicker for
// A/B runs of lookup changes. Per keystroke it times update (the search) and render apart,
// and labels keystrokes by the kind of query being typed.

#if canImport(Glibc)
import Glibc
#endif
import BenchSupport
import OnePoolConsole

struct LookupOnlyResult {
    var total = KeyedSamples()  // update + render, labelled as measure 2 labels them
    var update = Samples()
    var render = Samples()
    var byKind: [String: Samples] = [:]  // update + render of typed characters, by query kind and position
    var checksum = 0  // over the results shown, to check two builds find the same
    var slowest: [(Double, String)] = []
    var sequence: [(label: String, wall: Double)] = []  // every keystroke in order, for the best of several rounds  // update alone, with the query and how many matched before and after
}

func measureLookupOnly(_ start: ConsoleState, shop: Shop, queries: Int, seed: UInt64) -> LookupOnlyResult {
    var state = start
    var result = LookupOnlyResult()
    var kind = ""
    for step in LookupScript.make(shop: shop, queries: queries, seed: seed) {
        let key = step.key
        let queryBefore = state.lookup?.query ?? ""
        let countBefore = state.lookup?.matchCount ?? 0
        var screen: Screen? = nil
        let t0 = now(), c0 = cpuNow()
        _ = ConsoleProgram.send(&state, .keyPressed(key))
        let t1 = now()
        screen = ConsoleView.render(state)
        let c2 = cpuNow(), t2 = now()
        consume(screen!)
        let wall = (t2 - t0) * 1000
        switch step {
        case .open, .close: continue
        case .type:
            let query = state.lookup?.query ?? ""
            if queryBefore.isEmpty {
                kind = query.first.map { $0.isNumber ? "barcode" : $0.isUppercase ? "code" : "title" } ?? "?"
            }
            let label = queryBefore.isEmpty ? "type the first character (every SKU)" : "type a further character (narrows)"
            result.total.add(wall, cpu: (c2 - c0) * 1000, label: label)
            result.sequence.append((label, wall))
            result.byKind["\(kind) query, \(queryBefore.isEmpty ? "1st char" : "further char")", default: Samples()].add(wall)
        case .backspace:
            result.total.add(wall, cpu: (c2 - c0) * 1000, label: "Backspace")
            result.sequence.append(("Backspace", wall))
        }
        result.update.add((t1 - t0) * 1000)
        result.slowest.append(((t1 - t0) * 1000, "'\(queryBefore)' → '\(state.lookup?.query ?? "")': \(countBefore) → \(state.lookup?.matchCount ?? 0)"))
        result.render.add((t2 - t1) * 1000)
        if let lookup = state.lookup {
            result.checksum = result.checksum &* 31 &+ lookup.matchCount
            for match in lookup.results.prefix(20) { result.checksum = result.checksum &* 31 &+ match.row &+ match.score }
        }
    }
    return result
}

@MainActor func runLookupOnly() {
    let queries = intOption("--queries", 300)
    let rounds = intOption("--rounds", 1)
    log("building \(skuCount) SKUs and their journal in memory…")
    let shop = Shop(skuCount: skuCount, seed: seed)
    let withJournal = flag("--journal")
    let console = InMemoryConsole(shop: shop, width: width, height: height, journal: withJournal)
    log("  \(console.events) events folded in \(fixed(console.seconds, 1)) s\(withJournal ? ", with the briefing's journal" : "")")
    // One unmeasured round first (caches, page faults), then the measured rounds.
    _ = measureLookupOnly(console.state, shop: shop, queries: min(queries, 50), seed: seed &+ 999)
    var best: [(label: String, wall: Double)] = []
    for round in 0..<rounds {
        let result = measureLookupOnly(console.state, shop: shop, queries: queries, seed: seed &+ 200)
        let all = result.total.all
        print("\n## Lookup only, round \(round + 1): \(skuCount) SKUs, \(queries) queries, load \(loadAverage())\n")
        var rows = result.total.breakdown(ranking: ["type the first", "type a further", "Backspace"])
        rows.insert(["all keystrokes: update + render", "\(all.count)", ms(all.median), ms(all.p99), ms(all.max)], at: 0)
        rows.insert(["   same, thread CPU time", "\(result.total.cpu.count)", ms(result.total.cpu.median), ms(result.total.cpu.p99), ms(result.total.cpu.max)], at: 1)
        rows.append(["update alone (the search)", "\(result.update.count)", ms(result.update.median), ms(result.update.p99), ms(result.update.max)])
        rows.append(["render alone", "\(result.render.count)", ms(result.render.median), ms(result.render.p99), ms(result.render.max)])
        for label in result.byKind.keys.sorted() {
            let samples = result.byKind[label]!
            rows.append([label, "\(samples.count)", ms(samples.median), ms(samples.p99), ms(samples.max)])
        }
        print(table(["keystrokes", "count", "median", "p99", "max"], rows))
        print("\nresults checksum: \(result.checksum)")
        best = best.isEmpty ? result.sequence : zip(best, result.sequence).map { ($0.label, min($0.wall, $1.wall)) }
        if flag("--slowest") {
            print("\nslowest updates:")
            for (time, text) in result.slowest.sorted(by: { $0.0 > $1.0 }).prefix(40) { print("  \(ms(time))  \(text)") }
        }
    }
    if rounds > 1 {
        // Each keystroke's fastest of the rounds: what the work costs without the waits for a core
        // that a shared machine adds to single samples.
        var samples = KeyedSamples()
        for (label, wall) in best { samples.add(wall, cpu: wall, label: label) }
        print("\n## Lookup only, each keystroke's best of \(rounds) rounds (update + render), load \(loadAverage())\n")
        var rows = samples.breakdown(ranking: ["type the first", "type a further", "Backspace"])
        rows.insert(["all keystrokes", "\(samples.all.count)", ms(samples.all.median), ms(samples.all.p99), ms(samples.all.max)], at: 0)
        print(table(["keystrokes", "count", "median", "p99", "max"], rows))
    }
}

func loadAverage() -> String {
    guard let file = fopen("/proc/loadavg", "r") else { return "?" }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 128)
    guard fgets(&line, Int32(line.count), file) != nil else { return "?" }
    let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return text.split(separator: " ").prefix(3).joined(separator: " ")
}

/// `console-bench news [--count N]`: measure 5 alone (journal news absorbed + a frame), for
/// profiling what an appended order line costs the console.
@MainActor func runNewsOnly() {
    let count = intOption("--count", 100)
    log("building \(skuCount) SKUs and their journal in memory…")
    let shop = Shop(skuCount: skuCount, seed: seed)
    // `--journal`: also the briefing's journal (channel sales: starved SKUs priced by channel share).
    // `--forecasts`: every SKU forecast and installed first (as the runtime's loader does), then
    // each line's forecast update timed as the UI takes it, and updates of `--update-ks` SKUs.
    let forecasts = flag("--forecasts")
    let console = InMemoryConsole(
        shop: shop, width: width, height: height, journal: flag("--journal"), forecasts: forecasts)
    log("  \(console.events) events folded in \(fixed(console.seconds, 1)) s")
    if flag("--journal") {
        log(
            "  starved channels priced with the journal's shares (the loader's part, not timed below) in "
                + "\(fixed(console.starvedRefreshSeconds, 2)) s")
    }
    if forecasts {
        log("  every SKU forecast in \(fixed(console.forecastSeconds, 1)) s; briefing of \(console.state.data.briefing.count) items")
    }
    func show(_ results: [(String, Samples)]) {
        for (label, samples) in results {
            print(
                "\(label): median \(ms(samples.median)), p99 \(ms(samples.p99)), max \(ms(samples.max)), "
                    + "first \(ms(samples.first)), n \(samples.count) (load \(loadAverage()))")
        }
    }
    show(measureNews(console.state, stock: console.stock, count: count, seed: seed &+ 77, follower: console.follower))
    if let follower = console.follower {
        let ks = (option("--update-ks") ?? "1,10,100,1000").split(separator: ",").compactMap { Int($0) }
        show(
            measureForecastUpdates(
                console.state, stock: console.stock, follower: follower, ks: ks, reps: intOption("--update-reps", 20),
                seed: seed &+ 91))
    }
}
