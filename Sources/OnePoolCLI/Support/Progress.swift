import Foundation

/// Progress on standard error for long work, shown only once it has taken more than a second
/// (a quick run prints nothing) and at most four times a second.
final class Progress {
    private let label: String
    private let start = Date()
    private var lastShown: Date?
    private var counting = false

    init(label: String) { self.label = label }

    /// A step of the work finished ("read 1,000,000 rows").
    func phase(_ message: String) {
        let elapsed = Date().timeIntervalSince(start)
        guard elapsed > 1 || lastShown != nil else { return }
        endCount()
        lastShown = Date()
        Console.note("\(label): \(message) (\(String(format: "%.1f", elapsed)) s)")
    }

    /// Shown at once: a note about what is about to take a while.
    func note(_ message: String) {
        endCount()
        lastShown = Date()
        Console.note("\(label): \(message)")
    }

    /// "n/total unit", rewritten in place.
    func count(done: Int, of total: Int, unit: String) {
        guard done % 16 == 0 else { return }
        let now = Date()
        guard now.timeIntervalSince(start) > 1 else { return }
        if let lastShown, now.timeIntervalSince(lastShown) < 0.25 { return }
        lastShown = now
        counting = true
        FileHandle.standardError.write(Data("\r\(label): \(done)/\(total) \(unit)".utf8))
    }

    func finish() { endCount() }

    private func endCount() {
        guard counting else { return }
        counting = false
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
