import Glibc

/// Digests sighted while a file streams, kept on disk instead of in memory: what lets an import
/// of millions of lines remember every order's name without memory that grows with the file.
///
/// Each sighting goes to one of 256 buckets by its digest's top byte; a bucket's buffer of 170
/// sightings (4 KiB with its header) is written to a scratch file when full, chained to the
/// bucket's chunk before it. At the end `resolve` reads one bucket at a time (every sighting of
/// a digest is in one bucket) and returns only the sightings whose digest came more than once:
/// what the import must look at again. Memory: the buffers (~1 MiB) and one bucket at a time.
///
/// The scratch file is made in `TMPDIR` (or /tmp) and unlinked at once, so nothing is left
/// behind by a crash. If it cannot be made or written (a full disk), the chunks stay in memory
/// and `fallback` says why: the import still works, only its memory grows.
final class RepeatSpill {
    /// One sighting: 24 bytes.
    struct Sighting: Equatable {
        var digest: UInt64
        /// The order of sightings in the import.
        var sequence: UInt64
        var line: UInt32
        var kind: UInt32
    }

    static let bucketCount = 256
    private static let headerBytes = 16

    let chunkSightings: Int
    private let buffers: UnsafeMutablePointer<Sighting>
    /// One chunk as written and read back (its header, then its sightings), reused for each.
    private let chunk: UnsafeMutableRawPointer
    private let chunkBytes: Int
    private var buffered: [Int]
    /// The file offset of each bucket's newest chunk (-1: none).
    private var newestChunk: [Int64]
    private var totals: [Int]
    private var inMemory: [[Sighting]]
    private var descriptor: Int32 = -1
    private var fileEnd: Int64 = 0
    private var nextSequence: UInt64 = 0
    private let directory: String
    /// Why the chunks are kept in memory, if they are.
    private(set) var fallback: String?

    /// `chunkSightings` is 170 in an import (a 4 KiB chunk); tests make it small to write chunks
    /// from a few lines.
    init(chunkSightings: Int = 170, directory: String? = nil) {
        self.chunkSightings = max(1, chunkSightings)
        self.directory = directory ?? Self.temporaryDirectory()
        buffers = .allocate(capacity: Self.bucketCount * self.chunkSightings)
        chunkBytes = Self.headerBytes + self.chunkSightings * MemoryLayout<Sighting>.stride
        chunk = .allocate(byteCount: chunkBytes, alignment: 8)
        buffered = Array(repeating: 0, count: Self.bucketCount)
        newestChunk = Array(repeating: -1, count: Self.bucketCount)
        totals = Array(repeating: 0, count: Self.bucketCount)
        inMemory = Array(repeating: [], count: Self.bucketCount)
    }

    deinit {
        buffers.deallocate()
        chunk.deallocate()
        if descriptor >= 0 { close(descriptor) }
    }

    /// Bytes of memory held (the buffers, and chunks kept in memory if the file failed).
    var bytes: Int {
        Self.bucketCount * chunkSightings * MemoryLayout<Sighting>.stride + chunkBytes
            + inMemory.reduce(0) { $0 + $1.count * MemoryLayout<Sighting>.stride }
    }

    /// Sightings recorded so far.
    var count: Int { Int(nextSequence) }

    /// Bytes written to the scratch file.
    var spilledBytes: Int64 { fileEnd }

    func record(_ digest: UInt64, line: Int, kind: UInt32) {
        let bucket = Int(truncatingIfNeeded: digest >> 56)
        let sighting = Sighting(
            digest: digest, sequence: nextSequence, line: UInt32(clamping: line), kind: kind)
        nextSequence &+= 1
        let slot = bucket * chunkSightings
        buffers[slot + buffered[bucket]] = sighting
        buffered[bucket] += 1
        totals[bucket] += 1
        if buffered[bucket] == chunkSightings { flush(bucket) }
    }

    /// Every sighting whose (kind's space, digest) came more than once, in the order recorded.
    /// `space` maps a kind to the table it was looked up in (kinds of one space meet). Throws if
    /// the scratch file cannot be read back: a sighting lost would be a repeat let through.
    func resolve(space: (UInt32) -> UInt32) throws(ScratchFileFailure) -> [Sighting] {
        var repeated: [Sighting] = []
        for bucket in 0..<Self.bucketCount where totals[bucket] > 1 {
            let sightings = try load(bucket)
            repeated.append(contentsOf: Self.repeats(in: sightings, space: space))
        }
        repeated.sort { $0.sequence < $1.sequence }
        return repeated
    }

    /// The sightings of `sightings` whose digest and space another one shares: an open-addressed
    /// table of indices, twice the bucket's size (a bucket of a million-line file is a few
    /// thousand sightings, so the table stays in the cache).
    static func repeats(in sightings: [Sighting], space: (UInt32) -> UInt32) -> [Sighting] {
        var capacity = 16
        while capacity < sightings.count * 2 { capacity <<= 1 }
        let mask = capacity - 1
        var slots = [Int32](repeating: -1, count: capacity)
        var shared = [Bool](repeating: false, count: sightings.count)
        var any = false
        for (index, sighting) in sightings.enumerated() {
            let own = space(sighting.kind)
            // The low bits: the top byte chose the bucket.
            var probe = Int(truncatingIfNeeded: sighting.digest) & mask
            while true {
                let other = Int(slots[probe])
                if other < 0 {
                    slots[probe] = Int32(index)
                    break
                }
                if sightings[other].digest == sighting.digest && space(sightings[other].kind) == own {
                    shared[other] = true
                    shared[index] = true
                    any = true
                    break
                }
                probe = (probe + 1) & mask
            }
        }
        guard any else { return [] }
        var result: [Sighting] = []
        for index in sightings.indices where shared[index] { result.append(sightings[index]) }
        return result
    }

    // MARK: - The scratch file

    private func flush(_ bucket: Int) {
        let start = buffers + bucket * chunkSightings
        let count = buffered[bucket]
        buffered[bucket] = 0
        if fallback == nil, openFile(), write(bucket, start, count) { return }
        inMemory[bucket].append(contentsOf: UnsafeBufferPointer(start: start, count: count))
    }

    private func openFile() -> Bool {
        if descriptor >= 0 { return true }
        var template = Array((directory + "/onepool-import-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard made >= 0 else {
            fallback = "cannot make a scratch file in \(directory): \(String(cString: strerror(errno)))"
            return false
        }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        unlink(path)
        _ = fcntl(made, F_SETFD, FD_CLOEXEC)
        descriptor = made
        return true
    }

    /// Writes one chunk: its header (the bucket's chunk before it, its count), then its sightings.
    private func write(_ bucket: Int, _ start: UnsafeMutablePointer<Sighting>, _ count: Int) -> Bool {
        let bytes = Self.headerBytes + count * MemoryLayout<Sighting>.stride
        chunk.storeBytes(of: newestChunk[bucket], toByteOffset: 0, as: Int64.self)
        chunk.storeBytes(of: Int64(count), toByteOffset: 8, as: Int64.self)
        (chunk + Self.headerBytes).copyMemory(from: start, byteCount: count * MemoryLayout<Sighting>.stride)
        var done = 0
        while done < bytes {
            let wrote = pwrite(descriptor, chunk + done, bytes - done, off_t(fileEnd) + off_t(done))
            if wrote < 0 && errno == EINTR { continue }
            guard wrote > 0 else {
                fallback = "cannot write a scratch file in \(directory): \(String(cString: strerror(errno)))"
                return false
            }
            done += wrote
        }
        newestChunk[bucket] = fileEnd
        fileEnd += Int64(bytes)
        return true
    }

    /// A bucket's sightings: its chunks on disk (newest first), those kept in memory, its buffer.
    private func load(_ bucket: Int) throws(ScratchFileFailure) -> [Sighting] {
        var sightings: [Sighting] = []
        sightings.reserveCapacity(totals[bucket])
        var offset = newestChunk[bucket]
        while offset >= 0 {
            try readFully(chunk, count: chunkBytes, at: offset)
            let previous = chunk.load(fromByteOffset: 0, as: Int64.self)
            let count = chunk.load(fromByteOffset: 8, as: Int64.self)
            // Every chunk is written full, each after the one it names.
            guard count == chunkSightings, previous < offset else {
                throw ScratchFileFailure(message: "the import's scratch file in \(directory) changed under it")
            }
            let records = UnsafeRawPointer(chunk + Self.headerBytes).bindMemory(
                to: Sighting.self, capacity: chunkSightings)
            sightings.append(contentsOf: UnsafeBufferPointer(start: records, count: chunkSightings))
            offset = previous
        }
        sightings.append(contentsOf: inMemory[bucket])
        sightings.append(
            contentsOf: UnsafeBufferPointer(start: buffers + bucket * chunkSightings, count: buffered[bucket]))
        return sightings
    }

    private func readFully(
        _ buffer: UnsafeMutableRawPointer, count: Int, at offset: Int64
    ) throws(ScratchFileFailure) {
        var done = 0
        while done < count {
            let got = pread(descriptor, buffer + done, count - done, off_t(offset) + off_t(done))
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else {
                let reason = got < 0 ? String(cString: strerror(errno)) : "it ended early"
                throw ScratchFileFailure(
                    message: "cannot read back the import's scratch file in \(directory): \(reason)")
            }
            done += got
        }
    }

    private static func temporaryDirectory() -> String {
        if let value = getenv("TMPDIR"), value.pointee != 0 { return String(cString: value) }
        return "/tmp"
    }
}

/// The import's scratch file could not be read back: the import stops rather than miss a repeat.
public struct ScratchFileFailure: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
