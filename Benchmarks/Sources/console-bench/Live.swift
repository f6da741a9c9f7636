// Measure 6: the real runtime (ConsoleRuntime: its loop, the background loader, the store) on a
// terminal that types for the operator. Time from spawning the process to the first key
// answered, and keystroke-to-frame while history and forecasts load in the background and after.

#if canImport(Glibc)
import Glibc
#endif
import BenchSupport
import Foundation
import OnePoolConsole
import OnePoolConsoleRuntime
import OnePoolCore
import OnePoolStore

/// A terminal that presses keys at a steady pace and times each until the frame that answers
/// it. Whether history and forecasts are still loading is read from the alerts pane's title
/// (its progress line). The first key is `3` (the alerts pane), pressed as soon as the first
/// frame is out; then a browsing mix on the alerts list (j, k, PgDn, PgUp, g, G).
final class BenchTerminal: Terminal {
    let width: Int, height: Int
    var charset: Charset { .unicode }
    var colorCount: Int { 256 }
    var notice: String? { nil }
    private let pace: Double
    private let keysAfter: Int
    private let deadline: Double
    private var random = SplitMixRandom(seed: 11)

    private(set) var firstFrame: Double = .nan
    private(set) var firstKeySent: Double = .nan
    private(set) var firstKeyAnswered: Double = .nan
    private(set) var loadedAt: Double = .nan
    /// When the title first stopped saying "reading the journal…": the history is in.
    private(set) var historyAt: Double = .nan
    private(set) var loading = Samples()
    private(set) var after = Samples()
    private var sentAt: Double? = nil
    private var sentWhileLoading = true
    private var stillLoading = true

    init(width: Int, height: Int, pace: Double, keysAfter: Int, seconds: Double) {
        self.width = width
        self.height = height
        self.pace = pace
        self.keysAfter = keysAfter
        deadline = now() + seconds
    }

    func start() throws(TerminalError) {}
    func stop() {}
    var size: (width: Int, height: Int) { (width, height) }
    func use(_ theme: Theme) {}
    func invalidate() {}
    func suspend() {}

    func draw(_ screen: Screen) {
        let time = now()
        if firstFrame.isNaN { firstFrame = time }
        if let sent = sentAt {
            let latency = (time - sent) * 1000
            if firstKeyAnswered.isNaN {
                firstKeyAnswered = time
            } else if sentWhileLoading {
                loading.add(latency)
            } else {
                after.add(latency)
            }
            sentAt = nil
        }
        // The title row says what is still coming ("reading the journal…", "forecasting 45%…").
        let title = (0..<screen.width).map { screen[$0, 1].text }.joined()
        if historyAt.isNaN && !firstKeyAnswered.isNaN && title.contains("alerts") && !title.contains("reading the journal") {
            historyAt = time
        }
        if !firstKeyAnswered.isNaN && stillLoading && !title.contains("forecasting") && !title.contains("reading the journal")
            && title.contains("alerts")
        {
            stillLoading = false
            loadedAt = time
        }
    }

    func read(timeoutMilliseconds: Int) -> TerminalInput {
        let time = now()
        if firstKeySent.isNaN {
            firstKeySent = time
            return press(.character(UInt32(UInt8(ascii: "3"))), at: time)
        }
        if (!stillLoading && after.count >= keysAfter) || time > deadline {
            return .input(.character(UInt32(UInt8(ascii: "q"))))
        }
        let wait = pace - (time - (lastSent ?? 0))
        if wait > 0 {
            usleep(useconds_t(min(wait, Double(timeoutMilliseconds) / 1000) * 1_000_000))
            return .timeout
        }
        let roll = random.next() % 100
        let key: RawInput
        switch roll {
        case 0..<50: key = .character(UInt32(UInt8(ascii: "j")))
        case 50..<70: key = .character(UInt32(UInt8(ascii: "k")))
        case 70..<85: key = .key(.pageDown)
        case 85..<90: key = .key(.pageUp)
        case 90..<95: key = .character(UInt32(UInt8(ascii: "g")))
        default: key = .character(UInt32(UInt8(ascii: "G")))
        }
        return press(key, at: time)
    }

    private var lastSent: Double? = nil

    private func press(_ key: RawInput, at time: Double) -> TerminalInput {
        sentAt = time
        lastSent = time
        sentWhileLoading = stillLoading
        return .input(key)
    }
}

/// A small seeded generator (the bench's results do not depend on the system's).
struct SplitMixRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// In a fresh process: open the store and run the console on a BenchTerminal; one line of
/// results on standard output.
func liveChild(store path: String, width: Int, height: Int, pace: Double, keysAfter: Int, seconds: Double) throws {
    let mainEntered = now()
    let store = try Store.open(at: path)
    let terminal = BenchTerminal(width: width, height: height, pace: pace, keysAfter: keysAfter, seconds: seconds)
    let catalog = ThemeCatalog(environment: ProcessInfo.processInfo.environment, executablePath: CommandLine.arguments[0])
    let runtime = ConsoleRuntime(
        store: store, terminal: terminal, themeName: "default", catalog: catalog, actor: "bench", environment: [:])
    _ = try runtime.run()
    var line = "mainEntered=\(mainEntered) firstFrame=\(terminal.firstFrame) firstKeySent=\(terminal.firstKeySent)"
    line += " firstKeyAnswered=\(terminal.firstKeyAnswered) loadedAt=\(terminal.loadedAt)"
    line += " historyAt=\(terminal.historyAt)"
    line += " loading=" + terminal.loading.values.map { String($0) }.joined(separator: ",")
    line += " after=" + terminal.after.values.map { String($0) }.joined(separator: ",")
    line += " hwmKiB=\(procStatusKB("VmHWM"))\n"
    _ = line.utf8CString.withUnsafeBufferPointer { write(1, $0.baseAddress, $0.count - 1) }
}

/// Spawns `live-child` and reads its line; times are from just before the spawn.
func runLive(executable: String, store: String, width: Int, height: Int, pace: Double, keysAfter: Int, seconds: Double) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = [
        "live-child", store, "--size", "\(width)x\(height)", "--pace-ms", "\(Int(pace * 1000))", "--keys-after", "\(keysAfter)",
        "--seconds", "\(Int(seconds))",
    ]
    let pipe = Pipe()
    process.standardOutput = pipe
    let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    let spawned = now()
    do { try process.run() } catch { fail("live: \(error)") }
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { fail("live-child exited with status \(process.terminationStatus)") }
    var values: [String: String] = [:]
    for field in String(decoding: output, as: UTF8.self).split(separator: " ") {
        let parts = field.split(separator: "=", maxSplits: 1)
        if parts.count == 2 { values[String(parts[0])] = String(parts[1]).trimmingCharacters(in: .whitespacesAndNewlines) }
    }
    func time(_ name: String) -> Double { (Double(values[name] ?? "") ?? .nan) }
    func samples(_ name: String) -> Samples {
        var result = Samples()
        for value in (values[name] ?? "").split(separator: ",") { if let number = Double(value) { result.add(number) } }
        return result
    }
    let loading = samples("loading"), after = samples("after")
    print("")
    print("6. The runtime on \(store) (\(width)×\(height)), a key every \(Int(pace * 1000)) ms; load at the start \(load)")
    print("")
    print("| measure | value |")
    print("|---|---|")
    print("| spawn → first frame | \(ms((time("firstFrame") - spawned) * 1000)) |")
    print("| spawn → first key answered (`3`, pressed at the first frame) | \(ms((time("firstKeyAnswered") - spawned) * 1000)) |")
    print("| first key: pressed → its frame | \(ms((time("firstKeyAnswered") - time("firstKeySent")) * 1000)) |")
    print("| spawn → history in (the title stops saying \"reading the journal\") | \(ms((time("historyAt") - spawned) * 1000)) |")
    print("| spawn → history and forecasts all in | \(ms((time("loadedAt") - spawned) * 1000)) |")
    print("| keystroke → frame while loading: \(loading.count) keys, median / p99 / max | \(ms(loading.median)) / \(ms(loading.p99)) / \(ms(loading.max)) |")
    print("| keystroke → frame after: \(after.count) keys, median / p99 / max | \(ms(after.median)) / \(ms(after.p99)) / \(ms(after.max)) |")
    print("| peak RSS (VmHWM) | \((Int(values["hwmKiB"] ?? "") ?? 0) / 1024) MiB |")
    let end = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    print("")
    print("Load average at the end: \(end).")
}
