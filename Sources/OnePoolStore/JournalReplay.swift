import Dispatch
import OnePoolCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Folds the records of a segment into a state: on the calling thread for small reads (catching
/// up with another writer's commits), and in two stages on two cores for large ones (opening a
/// store).
///
/// Stage one reads a window of the file and checks and decodes its records on a worker thread:
/// `RecordScanner` with the fold's decoder (checksums, sequences, batch rules, decoding). Stage
/// two applies the previous window's events on the calling thread, at the same time. Each window
/// is scanned by `RecordScanner` itself, and the next window starts where the last complete batch
/// of the previous one ended, so the events applied, their order and the verdict on the tail are
/// exactly those of one scan of the whole range:
/// - a scan of a prefix of the range delivers a prefix of the whole scan's batches: every record
///   lying wholly inside the prefix passes or fails the same checks, and a batch is delivered
///   only once its last record has passed;
/// - a scan started at a batch boundary with the right next sequence continues exactly as the
///   whole scan would from there (between batches the scanner keeps no other state);
/// - only the window that reaches the end of the range decides the tail (clean, unfinished or
///   damaged). An earlier window cut mid-record, or stopped by what may be damage, only ends
///   early; its rest is scanned again by the next window, which grows until it makes progress
///   (a batch larger than a window) or reaches the end (where the verdict is final).
///
/// Within a window, the worker frames the records first (checksums, sequences, batches), then
/// decodes them in chunks (`ChunkedScan`); when the calling thread has applied its window before
/// the worker is done, it decodes the remaining chunks too (`ChunkSharing`), so decoding, which
/// costs more than folding, does not leave one core idle. The window's result is still exactly
/// what `RecordScanner.scan` with `EventCodec.decodeForFold` returns for its bytes.
enum JournalReplay {
    /// What folding a range found, and the read error that stopped it early, if any. The scan
    /// always describes what was applied, so the caller can record how far the state got.
    struct Outcome {
        var scan: RecordScan
        var readFailure: StoreError?
    }

    /// Ranges smaller than this are folded on the calling thread: handing work over costs more.
    static let parallelThreshold = 1 << 20
    /// Bytes per window, about 5,000 order events: the first window (which nothing overlaps)
    /// stays short, and a window's bytes and events stay in cache while they are worked on.
    static let windowSize = 512 << 10

    /// Bytes of journal per idempotency key when estimating how many keys a range holds: an
    /// order-line event with its key and record framing takes 80–100 bytes (93 in the
    /// benchmark's journal). Slightly below that, so that rounding the table up to a power of two
    /// leaves room for the real count; events without keys only make the estimate larger. The
    /// index bounds the estimate (`IdempotencyIndex.largestReservation`), so a large file never
    /// reserves more than that, and reserving too little only leaves the table to grow as before.
    static let bytesPerKey = 64

    /// How many idempotency keys `bytes` bytes of journal may hold (an estimate, see `bytesPerKey`).
    static func expectedKeys(inBytes bytes: Int) -> Int { max(0, bytes) / bytesPerKey }

    /// Bytes of journal per shipped line when estimating how many lines a range ships: a line
    /// is placed and shipped, two keyed events, so twice `bytesPerKey`. A journal of placements
    /// alone over-reserves; the table bounds that (`ShippedLineTable.largestReservation`, 48 MiB),
    /// and an estimate too small only leaves the table to grow by doubling as before.
    static let bytesPerShippedLine = 2 * bytesPerKey

    /// How many lines `bytes` bytes of journal may ship (an estimate, see `bytesPerShippedLine`).
    static func expectedShippedLines(inBytes bytes: Int) -> Int { max(0, bytes) / bytesPerShippedLine }

    /// Folds the records in `file` from `start` to `end` (a batch boundary, and the file's size
    /// when it was looked at) into `state`.
    static func fold(
        _ file: PosixFile, from start: Int, to end: Int, nextSequence: UInt64, into state: inout StockState
    ) -> Outcome {
        if end - start >= parallelThreshold {
            // Opening a store: its key index is sized once for the keys these bytes may hold,
            // rather than doubled (and rehashed) a dozen times on the way.
            state.reserveIdempotencyKeys(expectedKeys(inBytes: end - start))
            // Likewise the shipped-line table, which doubled (copying every line) ~16 times here.
            state.reserveShippedLines(expectedShippedLines(inBytes: end - start))
        }
        if end - start >= parallelThreshold && Machine.processorCount > 1 {
            return foldInTwoStages(file, from: start, to: end, nextSequence: nextSequence, into: &state)
        }
        return foldOnThisThread(file, from: start, to: end, nextSequence: nextSequence, into: &state)
    }

    private static func foldOnThisThread(
        _ file: PosixFile, from start: Int, to end: Int, nextSequence: UInt64, into state: inout StockState
    ) -> Outcome {
        let bytes: [UInt8]
        do { bytes = try file.read(at: start, count: end - start) } catch {
            return Outcome(scan: .nothing(at: start, nextSequence: nextSequence), readFailure: error)
        }
        let scan = bytes.withUnsafeBytes { buffer in
            RecordScanner.scan(buffer, fileOffset: start, nextSequence: nextSequence, decode: EventCodec.decodeForFold)
            {
                state.apply($0)
            }
        }
        return Outcome(scan: scan, readFailure: nil)
    }

    /// The two-stage fold; `windowSize` is a parameter so that tests can cut windows anywhere.
    static func foldInTwoStages(
        _ file: PosixFile, from rangeStart: Int, to rangeEnd: Int, nextSequence: UInt64, into state: inout StockState,
        windowSize: Int = windowSize
    ) -> Outcome {
        // One table of recurring strings for both windows: they are scanned one after the other,
        // never at once, and a table per window met every code once more in each.
        let strings = SharedStringTable()
        // The calling thread's own, for the chunks it decodes when its fold finishes first.
        let helperStrings = SharedStringTable()
        var ready = Window(file, rangeEnd: rangeEnd, strings: strings)
        var spare = Window(file, rangeEnd: rangeEnd, strings: strings)
        var start = rangeStart
        var size = windowSize
        ready.scan(from: start, size: size, nextSequence: nextSequence)
        var delivered = 0
        var lastRecordStart: Int? = nil
        let handOver = DispatchSemaphore(value: 0)
        while true {
            let scan = ready.result
            delivered += scan.eventCount
            lastRecordStart = scan.lastRecordStart ?? lastRecordStart
            if ready.readFailure != nil || ready.isLast {
                ready.apply(to: &state)
                let whole = RecordScan(
                    committedEnd: scan.committedEnd, lastSequence: scan.lastSequence, eventCount: delivered,
                    tail: scan.tail,
                    lastRecordStart: lastRecordStart)
                return Outcome(scan: whole, readFailure: ready.readFailure)
            }
            if scan.committedEnd > start {
                start = scan.committedEnd
                size = windowSize
            } else {
                size *= 2
            }
            let (worker, from, bytes, sequence) = (spare, start, size, scan.lastSequence + 1)
            worker.expectHelper()
            DispatchQueue.global(qos: .userInitiated).async {
                worker.scan(from: from, size: bytes, nextSequence: sequence)
                handOver.signal()
            }
            ready.apply(to: &state)
            // Folding is done before decoding: decode the rest of the next window alongside.
            worker.help(strings: helperStrings.table)
            handOver.wait()
            swap(&ready, &spare)
        }
    }

    /// The recurring strings the windows' decoders share (`StringTable`): only ever used by the
    /// one window being scanned (see `Window`), so `@unchecked Sendable` is sound here too.
    private final class SharedStringTable: @unchecked Sendable {
        /// Outlives every reader that points at it (they live only inside `Window.scan`).
        let table = UnsafeMutablePointer<StringTable>.allocate(capacity: 1)

        init() { table.initialize(to: StringTable()) }

        deinit {
            table.deinitialize(count: 1)
            table.deallocate()
        }
    }

    /// One window: its bytes, what scanning them found, and the events decoded.
    ///
    /// Shared by the calling thread and the worker but never used by both at once: the worker
    /// fills it between `async` and `signal()`, and the calling thread touches it only before
    /// handing it over or after `wait()` (the semaphore orders the memory accesses). That is why
    /// `@unchecked Sendable` is sound here. The file is only read with `pread`, which keeps no
    /// shared position.
    private final class Window: @unchecked Sendable {
        private let file: PosixFile
        private let rangeEnd: Int
        private var buffer = UnsafeMutableRawBufferPointer(start: nil, count: 0)
        private var events = EventBuffer()
        private var framed = ChunkedScan.Framed()
        private var outcomes = UnsafeMutableBufferPointer<ChunkedScan.ChunkOutcome>(start: nil, count: 0)
        /// The owner's table: the thread scanning this window (one at a time) decodes through it.
        private let strings: SharedStringTable
        /// Shares the decoding of this window's chunks with the thread that folds (`help`).
        private let sharing = ChunkSharing()
        private(set) var result = RecordScan.nothing(at: 0, nextSequence: 1)
        /// The scan reached the end of the range (or of the file, if it shrank): its tail is final.
        private(set) var isLast = false
        private(set) var readFailure: StoreError?

        init(_ file: PosixFile, rangeEnd: Int, strings: SharedStringTable) {
            self.file = file
            self.rangeEnd = rangeEnd
            self.strings = strings
        }

        deinit {
            buffer.deallocate()
            outcomes.deallocate()
        }

        /// Before handing the window to a worker: the calling thread will `help` with its scan.
        func expectHelper() { sharing.expectHelper() }

        /// Decodes chunks of the scan under way (once its records are framed) with `strings`, the
        /// helping thread's own table, until none are left; the owner finishes the scan.
        func help(strings: UnsafeMutablePointer<StringTable>) { sharing.help(strings: strings) }

        func scan(from start: Int, size: Int, nextSequence: UInt64) {
            let wanted = min(size, rangeEnd - start)
            if buffer.count < wanted {
                buffer.deallocate()
                buffer = .allocate(byteCount: wanted, alignment: 16)
            }
            let got: Int
            do {
                got = try file.read(at: start, into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<wanted]))
            } catch {
                readFailure = error
                result = .nothing(at: start, nextSequence: nextSequence)
                sharing.nothingToShare()
                return
            }
            // A short read means the file shrank (a writer cut a torn tail): what is there is all.
            isLast = start + wanted == rangeEnd || got < wanted
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[..<got])
            ChunkedScan.frame(bytes, fileOffset: start, nextSequence: nextSequence, into: &framed)
            let count = framed.payloads.count
            let chunks = (count + ChunkedScan.chunkSize - 1) / ChunkedScan.chunkSize
            if outcomes.count < chunks {
                outcomes.deallocate()
                outcomes = .allocate(capacity: max(chunks, 64))
            }
            let slots = events.prepare(count)
            let (isLast, batches) = (isLast, framed.batches)
            let (failure, kept) = framed.payloads.withUnsafeBufferPointer { payloads in
                // Only pointers cross to the helper: the payloads stay put until `close` returns.
                let job = DecodeJob(payloads: payloads, slots: slots, outcomes: outcomes)
                sharing.open(chunks: chunks) { index, strings in job.run(chunk: index, strings: strings) }
                sharing.work(strings: strings.table)
                sharing.close()
                let done = UnsafeBufferPointer(rebasing: outcomes[..<chunks])
                let failure = ChunkedScan.firstFailure(done)
                let kept = failure.map { Self.eventsKept(before: $0.index, isLast: isLast, batches: batches) } ?? count
                if kept < count { Self.destroy(done, from: kept, in: slots) }
                outcomes.baseAddress?.deinitialize(count: chunks)
                return (failure, kept)
            }
            events.filled(kept)
            result = ChunkedScan.result(
                framed, failure: failure, bytes: bytes, fileOffset: start, nextSequence: nextSequence)
            result.eventCount = kept
        }

        /// How many events a scan that failed to decode event `failure` delivers. One scan of
        /// the whole range delivers the events before it, even those of its unfinished batch, and
        /// stops: so does the last window. An earlier window keeps only its whole batches, as the
        /// next window scans the rest again (from the end of the last whole batch) and would
        /// deliver the unfinished batch's events a second time.
        private static func eventsKept(before failure: Int, isLast: Bool, batches: [ChunkedScan.Committed]) -> Int {
            if isLast { return failure }
            return batches.last { $0.eventCount <= failure }?.eventCount ?? 0
        }

        /// Destroys the events decoded from slot `first` on (a scan delivers none of them).
        private static func destroy(
            _ outcomes: UnsafeBufferPointer<ChunkedScan.ChunkOutcome>, from first: Int,
            in slots: UnsafeMutablePointer<FoldEvent>
        ) {
            for (chunk, outcome) in outcomes.enumerated() {
                let start = chunk * ChunkedScan.chunkSize
                let end = start + outcome.decoded
                let from = max(start, first)
                if from < end { (slots + from).deinitialize(count: end - from) }
            }
        }

        /// What a chunk's decoder needs: pointers into the window, valid while its scan runs.
        private struct DecodeJob: @unchecked Sendable {
            let payloads: UnsafeBufferPointer<UnsafeRawBufferPointer>
            let slots: UnsafeMutablePointer<FoldEvent>
            let outcomes: UnsafeMutableBufferPointer<ChunkedScan.ChunkOutcome>

            func run(chunk index: Int, strings: UnsafeMutablePointer<StringTable>) {
                let outcome = ChunkedScan.decode(chunk: index, of: payloads, into: slots, strings: strings)
                // `open` is given one chunk per outcome slot: the base is there.
                outcomes.baseAddress.map { ($0 + index).initialize(to: outcome) }
            }
        }

        /// Discarded, but stored so that the reads which warm the cache are not optimised away.
        private var touched: UInt64 = 0

        func apply(to state: inout StockState) {
            var touched: UInt64 = 0
            events.drain { (digest: IdempotencyDigest?, shippedLine: ShippedLineKey?) -> Void in
                if let digest { touched ^= state.touchIdempotency(digest) }
                if let shippedLine { touched ^= state.returns.shipped.touch(shippedLine) }
            } apply: { sequence, time, digest, facts, shippedLine, change in
                state.apply(
                    change, sequence: sequence, time: time, digest: digest, facts: facts, shippedLine: shippedLine)
            }
            self.touched = touched
        }
    }

    /// The decoded events of a window: decoded into their slots by the worker (and a helper), then
    /// moved out in order by the thread that folds. Unlike an `Array`, it hands each event over
    /// without copying it (a copy retains every string of the event, and both copies must then be
    /// destroyed).
    private struct EventBuffer: ~Copyable {
        private var base: UnsafeMutablePointer<FoldEvent>
        private var capacity: Int
        private var count = 0

        /// Room for `wanted` events, which the caller initialises in place (any order) and then
        /// declares with `filled`. The buffer must be empty.
        mutating func prepare(_ wanted: Int) -> UnsafeMutablePointer<FoldEvent> {
            if wanted > capacity {
                base.deallocate()
                capacity = max(wanted, capacity * 2)
                base = .allocate(capacity: capacity)
            }
            return base
        }

        /// The first `count` slots `prepare` gave now hold events.
        mutating func filled(_ count: Int) { self.count = count }

        init(capacity: Int = 8192) {
            base = .allocate(capacity: capacity)
            self.capacity = capacity
        }

        deinit {
            base.deinitialize(count: count)
            base.deallocate()
        }

        /// Moves every event out to `apply` in parts, oldest first, leaving the buffer empty. Before
        /// each group of events, `touch` sees their idempotency digests and shipped lines (see
        /// `StockState.touchIdempotency`, `ShippedLineTable.touch`).
        mutating func drain(
            touch: (IdempotencyDigest?, ShippedLineKey?) -> Void,
            apply: (UInt64, Timestamp, IdempotencyDigest?, FactDigest, ShippedLineKey?, consuming Change) -> Void
        ) {
            let group = 32
            var start = 0
            while start < count {
                let end = min(count, start + group)
                for index in start..<end {
                    touch(base[index].digest, base[index].shippedLine)
                }
                for event in (base + start)..<(base + end) {
                    // The change is the only part of an event that needs destroying, so moving it
                    // out (and reading the plain fields) empties the slot. Moving the whole event
                    // into a closure made the compiler copy it anyway.
                    // A stored property always has an address: the pointer is never nil.
                    guard let change = event.pointer(to: \.change) else { continue }
                    apply(
                        event.pointee.sequence, event.pointee.time, event.pointee.digest, event.pointee.facts,
                        event.pointee.shippedLine, change.move())
                }
                start = end
            }
            count = 0
        }
    }

}

/// What the store needs to know about the machine.
enum Machine {
    /// Cores online: the two-stage replay and concurrent encoding need a second one.
    static let processorCount = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
}

extension RecordScan {
    /// A scan that applied nothing (it never started: the bytes could not be read).
    static func nothing(at offset: Int, nextSequence: UInt64) -> RecordScan {
        RecordScan(committedEnd: offset, lastSequence: nextSequence - 1, eventCount: 0, tail: .clean)
    }
}

extension StockState {
    mutating func apply(_ event: FoldEvent) {
        apply(
            event.change, sequence: event.sequence, time: event.time, digest: event.digest, facts: event.facts,
            shippedLine: event.shippedLine)
    }
}
