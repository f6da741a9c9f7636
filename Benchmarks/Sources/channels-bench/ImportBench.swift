// 1. Day-one import through the real code path: the catalogue first (generic catalogue CSV),
// then the generated Shopify orders export, each read by OnePoolChannels and committed with
// Store.transact as ONE durable batch, as `onepool import` does.

#if canImport(Glibc)
import Glibc
#endif
import BenchSupport
import OnePoolChannels
import OnePoolCore
import OnePoolStore

/// The store's staged batch is where the import stages its changes (as in OnePoolCLI).
extension StagedBatch: @retroactive ChangeStaging {}

/// Resets the process's peak resident memory (VmHWM) to its current size (Linux 4.0+).
func resetPeakRSS() {
    guard let file = fopen("/proc/self/clear_refs", "w") else { return }
    fputs("5", file)
    fclose(file)
}

func fileSize(_ path: String) -> Int {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : 0
}

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

        // The orders export, streamed as `onepool import FILE --channel shopify` does it: rows from
        // the file to order lines to one staged batch, one fdatasync at the end.
        // Peak memory is measured from here: the kernel's high-water mark is reset (clear_refs 5)
        // once the store is open, so `peak above open` is what the import itself added.
        resetPeakRSS()
        let openRSS = procStatusKB("VmRSS")
        let cpu0 = cpuNow()
        let t0 = now()
        var options = OrderFileImport.Options(file: ordersPath, format: nil, channel: "shopify")
        options.keepRejectedRows = false
        var bodySeconds = 0.0
        var bodyPeak = 0
        var bodyRSS = 0
        var bodyTrimmed = 0
        let commit = try store.transactStaged(actor: "import:shopify", time: now0) { batch in
            var stage = batch
            let outcome = try OrderFileImport.run(path: ordersPath, options: options, into: &stage)
            bodySeconds = now() - t0
            bodyPeak = procStatusKB("VmHWM")
            bodyRSS = procStatusKB("VmRSS")
            _ = mallocTrim(0)
            bodyTrimmed = procStatusKB("VmRSS")
            if !outcome.rejected.isEmpty { fail("rejected rows: \(outcome.problems.prefix(3))") }
            return outcome
        }
        let t1 = now()
        let cpu = cpuNow() - cpu0
        let hwm = procStatusKB("VmHWM")
        // What stays once the import is over and freed memory is given back: the state it built.
        _ = mallocTrim(0)
        let keptRSS = procStatusKB("VmRSS")
        let outcome = commit.result
        let summary = outcome.summary

        // What `onepool import` would do next with the default snapshotInterval (100,000).
        let s0 = now()
        _ = try store.writeSnapshot()
        let snapshotSeconds = now() - s0

        let events = commit.appended
        let total = t1 - t0
        let rows = outcome.lines + outcome.skipped.values.reduce(0, +) + outcome.rejected.count
        print(json([
            ("benchmark", "import"), ("rows", rows), ("order_lines", outcome.lines), ("events", events),
            ("stream_s", bodySeconds), ("commit_s", total - bodySeconds), ("total_s", total), ("cpu_s", cpu),
            ("events_per_second", Double(events) / total), ("rows_per_second", Double(rows) / total),
            ("snapshot_s", snapshotSeconds), ("placed", summary.placed), ("shipped", summary.shipped),
            ("cancelled", summary.cancelled), ("history_only", summary.historyOnly), ("parked", summary.parked),
            ("unchanged", summary.unchanged), ("problems", outcome.rejected.count), ("duplicates", 0),
            ("skipped", outcome.skipped.values.reduce(0, +)), ("catalogue_skus", catalogue.rows.count),
            ("catalogue_events", catalogueCommit.appended.count), ("catalogue_s", catalogueSeconds),
            ("file_bytes", fileSize(ordersPath)), ("vmhwm_kb", hwm), ("open_rss_kb", openRSS),
            ("peak_above_open_kb", hwm - openRSS), ("kept_above_open_kb", keptRSS - openRSS),
            ("stream_peak_above_open_kb", bodyPeak - openRSS), ("stream_end_above_open_kb", bodyRSS - openRSS),
            ("stream_end_trimmed_above_open_kb", bodyTrimmed - openRSS), ("idempotency_keys", store.state.idempotency.count),
            ("open_lines", store.state.openLines.count), ("bookkeeping_bytes", outcome.bookkeepingBytes),
            ("spilled_bytes", Int(outcome.spilledBytes)),
            ("on_hand_total", store.state.pools.values.reduce(0) { $0 + $1.stock.onHand }),
            ("committed_total", store.state.pools.values.reduce(0) { $0 + $1.stock.committed }),
        ]))
    } catch {
        fail("import: \(error)")
    }
}
