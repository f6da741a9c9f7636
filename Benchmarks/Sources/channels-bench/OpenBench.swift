import Glibc

import BenchSupport
import OnePoolStore

/// The memory the store's state holds once opened, with nothing else in flight: what "the
/// state's own entries" weigh, to set an import's peak growth against (issue 15). Resident memory
/// is read before the open and after it, once freed memory is given back (`malloc_trim`: the
/// replay's passing buffers are then not counted).
func openOnce(store path: String) {
    let before = procStatusKB("VmRSS")
    do {
        let store = try Store.open(at: path)
        _ = mallocTrim(0)
        let after = procStatusKB("VmRSS")
        print(json([
            ("benchmark", "open"), ("rss_before_kb", before), ("rss_open_kb", after), ("state_kb", after - before),
            ("idempotency_keys", store.state.idempotency.count), ("open_lines", store.state.openLines.count),
        ]))
    } catch {
        fail("open: \(error)")
    }
}

/// glibc's `malloc_trim` (malloc.h is not in the Glibc module).
@_silgen_name("malloc_trim") func mallocTrim(_ pad: Int) -> Int32
