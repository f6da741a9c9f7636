// Measure 3: start-up to the first frame, in fresh processes, on a real store of the
// generated shop opened from its snapshot. And the setup step that writes that store.

#if canImport(Glibc)
import Glibc
#endif
import BenchSupport
import Foundation
import OnePoolConsole
import OnePoolConsoleRuntime
import OnePoolCore
import OnePoolStore

// MARK: - Setup: the store on disk

/// Writes the generated shop into a new store with the Store API, 20,000 changes per
/// `transact` (one durable batch each, automatic snapshots off), then one snapshot.
func writeStore(at path: String, shop: Shop) throws {
    let started = now()
    let store = try Store.create(
        at: path, metadata: StoreMetadata(name: "Harbour & Co", createdAt: 1_795_000_000_000, timeZone: "UTC"))
    store.snapshotInterval = 0
    var batches = 0
    try shop.forEachBatch(batchLimit: 20_000) { batch in
        let commit = try store.transact(actor: batch.actor, time: batch.time) { _ in (batch.changes, ()) }
        guard commit.duplicates.isEmpty else { fail("the generated journal repeats idempotency keys") }
        batches += 1
        if batches % 20 == 0 { log("  \(store.state.lastSequence) events…") }
    }
    let file = try store.writeSnapshot()
    let snapshotBytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
    log("wrote \(store.state.lastSequence) events in \(batches) batches and a snapshot of \(snapshotBytes / 1024) KiB in \(fixed(now() - started, 1)) s")
}

// MARK: - The child: one fresh process, one first frame

/// In a fresh process: open the store, then what ConsoleRuntime.run does up to its first
/// `terminal.draw` (with `ncurses`: load the theme, start ncurses on a 200×60 pty, paint).
/// `today` is the shop's last day rather than the clock's, so runs on any date draw the same.
/// Prints one line of `name=value` timings (ms) as soon as the first frame is out, then tidies up.
func startupChild(store path: String, ncurses: Bool, width: Int, height: Int, today: Int) throws {
    let mainEntered = now()
    var phases: [(String, Double)] = []
    func phase<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let start = now()
        let value = try body()
        phases.append((name, (now() - start) * 1000))
        return value
    }
    let store = try phase("open") { try Store.open(at: path) }
    var painter: CursesPainter? = nil
    if ncurses {
        // ConsoleRuntime.run: theme, then the terminal, then the data.
        let theme = phase("theme") {
            let catalog = ThemeCatalog(environment: ProcessInfo.processInfo.environment, executablePath: CommandLine.arguments[0])
            return catalog.load("default").theme
        }
        painter = phase("ncursesStart") { CursesPainter(width: width, height: height, theme: theme) }
    }
    // ConsoleRuntime: the store's time zone and the header's date, through Foundation.
    let dateText = phase("clock") {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: store.metadata.timeZone) ?? TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE d MMM yyyy HH:mm"
        return formatter.string(from: Date())
    }
    let data = phase("data") { ConsoleData(storeName: store.metadata.name, state: store.state, today: today, utcOffsetSeconds: 0, deferSecondary: true) }
    let state = phase("state") { ConsoleState(data: data, width: width, height: height, themeName: "default", dateText: dateText, pane: .briefing) }
    let screen = phase("render") { ConsoleView.render(state) }
    if let painter {
        var frame = CursesPainter.Frame()
        phase("prepare") { painter.prepare(screen, into: &frame) }
        phase("paint") { painter.paint(frame) }
    }
    let done = now()
    var line = "mainEntered=\(mainEntered) firstFrame=\(done) inProcess=\((done - mainEntered) * 1000)"
    for (name, value) in phases { line += " \(name)=\(value)" }
    line += " hwmKiB=\(procStatusKB("VmHWM")) skus=\(state.data.rows.count)\n"
    _ = line.utf8CString.withUnsafeBufferPointer { write(1, $0.baseAddress, $0.count - 1) }
    if let painter { _ = painter.close() }
}

// MARK: - The parent: spawn, wait for the first frame's line

struct StartupRun {
    /// Spawn → the child's first-frame line: exec, dynamic loading, runtime start and our work.
    var wholeProcess: Double
    /// main() → first frame, inside the child.
    var inProcess: Double
    var phases: [String: Double]
    var hwmKiB: Int
}

func spawnStartup(executable: String, store: String, ncurses: Bool, width: Int, height: Int) throws -> StartupRun {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = ["startup-child", store, "--size", "\(width)x\(height)"] + (ncurses ? ["--ncurses"] : [])
    let pipe = Pipe()
    process.standardOutput = pipe
    let spawned = now()
    try process.run()
    // Read up to the first newline: the child writes it right after its first frame.
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    let fd = pipe.fileHandleForReading.fileDescriptor
    while !bytes.contains(10) {
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { break }
        bytes += buffer[0..<count]
    }
    let lineArrived = now()
    process.waitUntilExit()
    guard process.terminationStatus == 0, let newline = bytes.firstIndex(of: 10) else {
        fail("startup-child exited with status \(process.terminationStatus)")
    }
    var values: [String: Double] = [:]
    for field in String(decoding: bytes[..<newline], as: UTF8.self).split(separator: " ") {
        let parts = field.split(separator: "=", maxSplits: 1)
        if parts.count == 2, let value = Double(parts[1]) { values[String(parts[0])] = value }
    }
    // The child's clock is the same CLOCK_MONOTONIC: its first frame, less our spawn call.
    let wholeProcess = ((values["firstFrame"] ?? lineArrived) - spawned) * 1000
    return StartupRun(
        wholeProcess: wholeProcess, inProcess: values["inProcess"] ?? .nan, phases: values,
        hwmKiB: Int(values["hwmKiB"] ?? -1))
}
