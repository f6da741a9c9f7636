import Dispatch
import Foundation
import OnePoolCore
import Synchronization

extension Store {
    /// `forEachEvent` on two threads: a worker reads and decodes the journal while `body` folds
    /// what it decoded before, in runs of consecutive events (oldest first, each run non-empty).
    ///
    /// `body` sees exactly the events `forEachEvent` delivers, in the same order, and the call
    /// throws exactly what `forEachEvent` throws, at the same point: the worker scans each segment
    /// as `forEachEvent` does and hands over every event of a complete batch before the error
    /// that stops it (an unreadable segment, a damaged tail), which is thrown only once `body`
    /// has seen them. An error thrown by `body` stops the reading and is rethrown.
    ///
    /// Reorder and the briefing read the whole journal this way (decoding is most of reading).
    public func forEachEventRun(_ body: ([Event]) throws -> Void) throws {
        try forEachEventRun(runLength: EventRunReader.runLength, body)
    }

    /// `runLength` is a parameter so that tests can cut runs anywhere.
    func forEachEventRun(runLength: Int, _ body: ([Event]) throws -> Void) throws {
        try forEachEventRun(
            from: JournalPosition(segment: 1, offset: SegmentHeader.size), nextSequence: 1, runLength: runLength, body)
    }

    /// From `start` (where event `nextSequence` begins: a batch's end, as a history checkpoint
    /// records it) to this store's position.
    func forEachEventRun(
        from start: JournalPosition, nextSequence: UInt64, runLength: Int, _ body: ([Event]) throws -> Void
    ) throws {
        let end = journalPosition
        let numbers = try layout.segmentNumbers().filter { $0 >= start.segment && $0 <= end.segment }
        let segments = numbers.map { number in
            EventRunReader.Segment(
                path: layout.segment(number), start: number == start.segment ? start.offset : SegmentHeader.size,
                limit: number == end.segment ? end.offset : nil)
        }
        let queue = EventRunQueue()
        // A thread of its own, not one of a pool: this one waits on it, so it must run even when
        // every pool thread is busy (tests run many readers at once).
        let worker = Thread {
            EventRunReader.read(segments, nextSequence: nextSequence, runLength: runLength, into: queue)
        }
        worker.qualityOfService = .userInitiated
        worker.start()
        var failure: Error? = nil
        while true {
            switch queue.take() {
            case .events(let events):
                // After `body` failed, what the worker still hands over is dropped until it ends.
                guard failure == nil else { continue }
                do { try body(events) } catch {
                    failure = error
                    queue.stop()
                }
            case .end(let error):
                if let failure { throw failure }
                if let error { throw error }
                return
            }
        }
    }
}

/// The worker's side of `forEachEventRun`: `forEachEvent`'s loop, handing events over in runs.
enum EventRunReader {
    struct Segment: Sendable {
        var path: String
        /// Where to start reading: after the segment header, or where a checkpoint ends.
        var start = SegmentHeader.size
        /// Where to stop reading: the store's position in its last segment; nil for the whole file.
        var limit: Int?
    }

    /// Events per run: enough that handing a run over (a few microseconds) is lost in its work,
    /// few enough that the runs in flight stay small (about a megabyte each).
    static let runLength = 4096

    static func read(_ segments: [Segment], nextSequence first: UInt64 = 1, runLength: Int, into queue: EventRunQueue) {
        var run: [Event] = []
        run.reserveCapacity(runLength)
        var nextSequence = first
        // Read from the queue at each hand-over only: a lock per event would cost more than it saves.
        var stopped = false
        // Segments are read one after another, as by `forEachEvent`; one table for all of them,
        // as the codes an order names recur across segments.
        let strings = UnsafeMutablePointer<StringTable>.allocate(capacity: 1)
        strings.initialize(to: StringTable())
        defer {
            strings.deinitialize(count: 1)
            strings.deallocate()
        }
        do {
            for segment in segments {
                guard !stopped else { break }
                let file = try PosixFile.open(segment.path, .read)
                let limit = try segment.limit ?? file.size()
                let bytes = try file.read(at: segment.start, count: max(0, limit - segment.start))
                let scan = bytes.withUnsafeBytes { buffer in
                    RecordScanner.scan(
                        buffer, fileOffset: segment.start, nextSequence: nextSequence,
                        decode: { (reader: inout ByteReader) throws(DecodeError) -> Event in
                            reader.strings = strings
                            return try EventCodec.decode(from: &reader)
                        },
                        deliver: { (event: consuming Event) in
                            guard !stopped else { return }
                            run.append(event)
                            if run.count == runLength {
                                queue.put(.events(run))
                                run.removeAll(keepingCapacity: true)
                                stopped = queue.isStopped
                            }
                        })
                }
                if case .damaged(let offset, let detail) = scan.tail {
                    throw StoreError.damaged(path: file.path, offset: offset, detail: detail)
                }
                nextSequence = scan.lastSequence + 1
            }
            if !run.isEmpty { queue.put(.events(run)) }
            queue.put(.end(nil))
        } catch {
            if !run.isEmpty { queue.put(.events(run)) }
            queue.put(.end(error))
        }
    }
}

/// Runs handed from the worker that decodes to the thread that folds: at most `capacity` wait
/// at once, so a worker faster than the fold does not decode the whole journal into memory.
final class EventRunQueue: Sendable {
    enum Message: Sendable {
        case events([Event])
        /// The last message: the error that ended the reading, if any.
        case end(Error?)
    }

    private struct Contents: ~Copyable {
        /// At most `capacity`: removing the first moves only a few.
        var messages: [Message] = []
        var stopped = false
    }

    private let contents = Mutex(Contents())
    /// Messages waiting; and free places for more.
    private let waiting = DispatchSemaphore(value: 0)
    private let free: DispatchSemaphore

    init(capacity: Int = 4) { free = DispatchSemaphore(value: capacity) }

    /// Called by the worker; waits while the queue is full.
    func put(_ message: Message) {
        free.wait()
        contents.withLock { $0.messages.append(message) }
        waiting.signal()
    }

    /// Called by the folding thread; waits for the next message.
    func take() -> Message {
        waiting.wait()
        let message = contents.withLock { $0.messages.removeFirst() }
        free.signal()
        return message
    }

    /// Asks the worker to stop decoding; it still ends with `.end`, which the folding thread waits for.
    func stop() { contents.withLock { $0.stopped = true } }

    var isStopped: Bool { contents.withLock { $0.stopped } }
}
