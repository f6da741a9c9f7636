// 1. Day-one import through the real code path: the catalogue first (generic catalogue CSV),
// then the generated Shopify orders export, each read by OnePoolChannels and committed with
// Store.transact as ONE durable batch, as `onepool import` does.

import BenchSupport
import OnePoolChannels
import OnePoolCore
import OnePoolStore

/// Writes the catalogue and the orders export into `directory` unless they are there already
/// (a `.complete` marker is written last, so a file cut short by an interrupted run is redone).
func generateFiles(_ plan: ExportPlan, directory: String) {
    let orders = directory + "/" + plan.ordersFile, catalogue = directory + "/" + plan.catalogueFile
    if fileExists(orders + ".complete") && fileExists(catalogue) {
        log("reusing \(orders)")
        return
    }
    let began = now()
    let skus = generatedCatalogue(plan)
    writeFile(catalogue, catalogueCSV(plan, skus))
    let (bytes, stats) = shopifyOrdersCSV(plan, skus)
    writeFile(orders, bytes)
    writeFile(orders + ".complete", Array(json([
        ("orders", stats.orders), ("lines", stats.lines), ("cancelled_orders", stats.cancelledOrders),
        ("fulfilled_lines", stats.fulfilledLines), ("open_lines", stats.openLines), ("custom_lines", stats.customLines),
        ("retired_sku_lines", stats.retiredLines), ("multiline_notes", stats.multilineNotes), ("bytes", stats.bytes),
    ]).utf8) + [10])
    log("wrote \(orders): \(stats.lines) lines in \(stats.orders) orders, \(stats.bytes >> 20) MiB (\(Int((now() - began) * 1000)) ms)")
}

/// One import in this (fresh) process: prints one JSON line.
func importOnce(_ plan: ExportPlan, directory: String, store path: String) {
    let ordersPath = directory + "/" + plan.ordersFile, cataloguePath = directory + "/" + plan.catalogueFile
    guard fileExists(ordersPath + ".complete") else { fail("no generated export at \(ordersPath): run `channels-bench generate` first") }
    let now0 = Timestamp(millisecondsSince1970: plan.end.millisecondsSince1970 + 3_600_000)
    do {
        let store = try Store.create(at: path, metadata: StoreMetadata(name: "channels-bench", createdAt: 0, timeZone: "UTC"))
        // Snapshots are measured on their own below, not inside the import's commit.
        store.snapshotInterval = 0
        _ = try store.transact(actor: "bench-setup", time: now0) { _ in
            ([ProposedChange(.channelAdded(Channel(name: "shopify", kind: .shopify)))], ())
        }

        // The catalogue (day one: SKUs and counts as of `plan.asOf`).
        let catalogueBegan = now()
        guard let catalogueBytes = readFile(cataloguePath) else { fail("cannot read \(cataloguePath)") }
        let catalogueTable = try DelimitedFile.read(bytes: catalogueBytes, file: cataloguePath)
        guard CatalogueFormat.detect(catalogueTable) == .generic else { fail("the catalogue is not detected as generic") }
        let catalogue = try CatalogueFormat.read(catalogueTable, as: .generic)
        let catalogueCommit = try store.transact(actor: "import:catalogue", time: now0) { state in
            let made = CatalogueImportPlan.make(rows: catalogue.rows, file: cataloguePath, asOf: plan.asOf, state: state, time: now0)
            if !made.problems.isEmpty { fail("catalogue plan problems: \(made.problems.prefix(3))") }
            return (made.changes, made.created)
        }
        let catalogueSeconds = now() - catalogueBegan

        // The orders export, phase by phase.
        let cpu0 = cpuNow()
        let t0 = now()
        guard let bytes = readFile(ordersPath) else { fail("cannot read \(ordersPath)") }
        let t1 = now()
        let table = try DelimitedFile.read(bytes: bytes, file: ordersPath)
        let t2 = now()
        guard let format = OrderFileFormat.detect(table), format == .shopify else { fail("the export is not detected as Shopify") }
        let reading = try OrderFileFormat.read(table, as: format)
        let t3 = now()
        if !reading.rejected.isEmpty { fail("rejected rows: \(reading.rejected.prefix(3).flatMap(\.problems))") }
        var planSeconds = 0.0
        var problems = 0
        let commit = try store.transact(actor: "import:shopify", time: now0) { state in
            let began = now()
            let made = OrderImportPlan.make(lines: reading.lines, channel: "shopify", file: ordersPath, state: state, time: now0)
            planSeconds = now() - began
            problems = made.problems.count
            if !made.problems.isEmpty { fail("order plan problems: \(made.problems.prefix(3))") }
            return (made.changes, made.summary)
        }
        let t4 = now()
        let cpu = cpuNow() - cpu0
        let hwm = procStatusKB("VmHWM")
        let summary = commit.result

        // What `onepool import` would do next with the default snapshotInterval (100,000).
        let s0 = now()
        _ = try store.writeSnapshot()
        let snapshotSeconds = now() - s0

        let events = commit.appended.count
        let total = t4 - t0
        print(json([
            ("benchmark", "import"), ("rows", table.rows.count), ("order_lines", reading.lines.count), ("events", events),
            ("read_file_s", t1 - t0), ("csv_s", t2 - t1), ("orders_s", t3 - t2), ("plan_s", planSeconds),
            ("commit_s", (t4 - t3) - planSeconds), ("total_s", total), ("cpu_s", cpu),
            ("events_per_second", Double(events) / total), ("rows_per_second", Double(table.rows.count) / total),
            ("snapshot_s", snapshotSeconds), ("placed", summary.placed), ("shipped", summary.shipped),
            ("cancelled", summary.cancelled), ("history_only", summary.historyOnly), ("parked", summary.parked),
            ("unchanged", summary.unchanged), ("problems", problems), ("duplicates", commit.duplicates.count),
            ("skipped", reading.skipped.values.reduce(0, +)), ("catalogue_skus", catalogue.rows.count),
            ("catalogue_events", catalogueCommit.appended.count), ("catalogue_s", catalogueSeconds),
            ("file_bytes", bytes.count), ("vmhwm_kb", hwm),
            ("on_hand_total", store.state.pools.values.reduce(0) { $0 + $1.stock.onHand }),
            ("committed_total", store.state.pools.values.reduce(0) { $0 + $1.stock.committed }),
        ]))
    } catch {
        fail("import: \(error)")
    }
}
