// channels-bench: release-mode measurements of the channel paths (issue 4). See
// Benchmarks/CHANNELS.md; Benchmarks/channels.sh runs it all next to channels_sqlite_peer.py.
//
//   channels-bench generate --dir DIR [--lines N] [--skus S] [--seed X]
//       writes the catalogue and the Shopify orders export into DIR (reused when present)
//   channels-bench import --dir DIR --store STORE [--lines N] [--skus S] [--seed X]
//       one day-one import (catalogue, then the orders export) into a new store: one JSON line
//   channels-bench open --store STORE
//       opens a store and reports the resident memory its state holds: one JSON line
//   channels-bench allocation [--skus 100000] [--events 20000] [--runs 5] [--seed X]
//       full recompute (AllocationBook and a raw Allocator loop) and incremental update: one JSON line
//   channels-bench publish [--listings 100000] [--runs 5] [--seed X]
//       PublishPlan.make + UploadWriter.amazonPriceQuantity, full: one JSON line

import BenchSupport

let arguments = CommandLine.arguments
guard arguments.count >= 2 else { fail("usage: channels-bench generate|import|allocation|publish [options] (see CHANNELS.md)") }
let options = Options(arguments.dropFirst(2))
let seed = UInt64(options.int("seed", 42))
let plan = ExportPlan(lines: options.int("lines", 1_000_000), skus: options.int("skus", 10_000), seed: seed)

switch arguments[1] {
case "generate":
    generateFiles(plan, directory: options.require("dir"))
case "import":
    importOnce(plan, directory: options.require("dir"), store: options.require("store"))
case "open":
    openOnce(store: options.require("store"))
case "allocation":
    allocationBench(skus: options.int("skus", 100_000), events: options.int("events", 20_000), runs: options.int("runs", 5), seed: seed)
case "publish":
    publishBench(listings: options.int("listings", 100_000), runs: options.int("runs", 5), seed: seed)
default:
    fail("unknown command \(arguments[1])")
}
