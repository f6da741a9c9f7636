// Clocks, seeded randomness, percentiles, JSON lines and the printed table.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BenchSupport

/// Monotonic time in nanoseconds (for per-event samples).
@inline(__always)
func nowNanoseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
}

/// CPU time of this process in seconds (user + system): unlike `now()` it does not count time
/// spent waiting for a core while others compile on the machine.
func cpuNow() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// SplitMix64: small, fast and the same on every platform, so the generated files are a pure
/// function of the seed.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0..<bound.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// A fraction in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { unit() < p }
}

/// Nearest-rank percentile of sorted values (p in 0...100).
func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
    return sorted[min(sorted.count - 1, max(0, rank - 1))]
}

func median(_ values: [Double]) -> Double { percentile(values.sorted(), 50) }

/// Writes `bytes` to `path` (created or truncated).
func writeFile(_ path: String, _ bytes: [UInt8]) {
    guard let file = fopen(path, "wb") else { fail("cannot write \(path)") }
    defer { fclose(file) }
    let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
    if written != bytes.count { fail("short write to \(path)") }
}

/// Reads a whole file with read(2), or nil.
func readFile(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { return nil }
    let size = Int(info.st_size)
    var bytes = [UInt8](repeating: 0, count: size)
    var done = 0
    while done < size {
        let got = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, size - done) }
        if got <= 0 { return nil }
        done += got
    }
    return bytes
}

func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }

/// Command-line options: `--name value` pairs and `--flag`s after the command.
struct Options {
    var positional: [String] = []
    var values: [String: String] = [:]

    init(_ raw: ArraySlice<String>) {
        var iterator = raw.makeIterator()
        while let item = iterator.next() {
            if item.hasPrefix("--") {
                let name = String(item.dropFirst(2))
                values[name] = iterator.next() ?? ""
            } else {
                positional.append(item)
            }
        }
    }

    func int(_ name: String, _ fallback: Int) -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text.filter { $0 != "_" }) else { fail("--\(name): not a whole number: \(text)") }
        return value
    }

    func string(_ name: String) -> String? { values[name] }

    func require(_ name: String) -> String {
        guard let value = values[name], !value.isEmpty else { fail("--\(name) is required") }
        return value
    }
}
