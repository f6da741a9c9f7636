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

    /// Folds the records in `file` from `start` to `end` (a batch boundary, and the file's size
    /// when it was looked at) into `state`.
    static func fold(
        _ file: PosixFile, from start: Int, to end: Int, nextSequence: UInt64, into state: inout StockState
    ) -> Outcome {
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
        var ready = Window(file, rangeEnd: rangeEnd)
        var spare = Window(file, rangeEnd: rangeEnd)
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
            DispatchQueue.global(qos: .userInitiated).async {
                worker.scan(from: from, size: bytes, nextSequence: sequence)
                handOver.signal()
            }
            ready.apply(to: &state)
            handOver.wait()
            swap(&ready, &spare)
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
        /// Outlives every reader that points at it (they live only inside `scan`).
        private let strings = UnsafeMutablePointer<StringTable>.allocate(capacity: 1)
        private(set) var result = RecordScan.nothing(at: 0, nextSequence: 1)
        /// The scan reached the end of the range (or of the file, if it shrank): its tail is final.
        private(set) var isLast = false
        private(set) var readFailure: StoreError?

        init(_ file: PosixFile, rangeEnd: Int) {
            self.file = file
            self.rangeEnd = rangeEnd
            strings.initialize(to: StringTable())
        }

        deinit {
            strings.deinitialize(count: 1)
            strings.deallocate()
            buffer.deallocate()
        }

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
                return
            }
            // A short read means the file shrank (a writer cut a torn tail): what is there is all.
            isLast = start + wanted == rangeEnd || got < wanted
            result = Self.scan(
                UnsafeRawBufferPointer(rebasing: buffer[..<got]), fileOffset: start, nextSequence: nextSequence,
                strings: strings, into: &events)
        }

        /// Static, with the events `inout`, so that appending each event needs no run-time
        /// exclusivity check on the window's stored property.
        private static func scan(
            _ bytes: UnsafeRawBufferPointer, fileOffset: Int, nextSequence: UInt64,
            strings: UnsafeMutablePointer<StringTable>, into events: inout EventBuffer
        ) -> RecordScan {
            RecordScanner.scan(
                bytes, fileOffset: fileOffset, nextSequence: nextSequence,
                decode: { (reader: inout ByteReader) throws(DecodeError) in
                    reader.strings = strings
                    return try EventCodec.decodeForFold(from: &reader)
                },
                deliver: { events.append($0) })
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

    /// The decoded events of a window: appended by the worker, then moved out in order by the
    /// thread that folds. Unlike an `Array`, it hands each event over without copying it (a copy
    /// retains every string of the event, and both copies must then be destroyed).
    private struct EventBuffer: ~Copyable {
        private var base: UnsafeMutablePointer<FoldEvent>
        private var capacity: Int
        private var count = 0

        init(capacity: Int = 8192) {
            base = .allocate(capacity: capacity)
            self.capacity = capacity
        }

        deinit {
            base.deinitialize(count: count)
            base.deallocate()
        }

        mutating func append(_ event: consuming FoldEvent) {
            if count == capacity {
                let larger = UnsafeMutablePointer<FoldEvent>.allocate(capacity: capacity * 2)
                larger.moveInitialize(from: base, count: count)
                base.deallocate()
                base = larger
                capacity *= 2
            }
            (base + count).initialize(to: event)
            count += 1
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
