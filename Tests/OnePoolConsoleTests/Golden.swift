import Foundation
import OnePoolConsole
import Testing

/// Golden screens: a text dump (and a role dump) compared with a file in Goldens/.
///
/// Set ONEPOOL_RECORD_GOLDENS=1 to (re)write them. Recording fails the test that recorded it
/// (as swift-argument-parser's snapshot helper does), so a run that wrote goldens can never pass:
/// review the new files with `git diff`, then run again without the variable. A missing golden is
/// written and fails the same way — a screen nobody has looked at is not a test.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")
    static var recording: Bool { ProcessInfo.processInfo.environment["ONEPOOL_RECORD_GOLDENS"] == "1" }

    static func check(
        _ screen: Screen, named name: String, roles: Bool = true, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        compare(screen.textDump(), file: "\(name).txt", sourceLocation: sourceLocation)
        if roles { compare(screen.roleDump(), file: "\(name).roles.txt", sourceLocation: sourceLocation) }
    }

    /// One letter per cell naming the style a terminal with `colors` colours draws it in (the
    /// legend says which), so a golden records what an 8-colour terminal shows.
    static func styleDump(_ screen: Screen, theme: Theme, colors: Int) -> String {
        var letters: [ResolvedStyle: Character] = [:]
        var legend: [String] = []
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var rows: [String] = []
        for y in 0..<screen.height {
            var row = ""
            for x in 0..<screen.width {
                let style = theme.style(for: screen[x, y].role).resolved(colors: colors)
                if letters[style] == nil {
                    let letter = letters.count < alphabet.count ? alphabet[letters.count] : "?"
                    letters[style] = letter
                    legend.append("\(letter) = \(style)")
                }
                row.append(letters[style] ?? "?")
            }
            rows.append(row)
        }
        return (legend + ["---"] + rows).joined(separator: "\n")
    }

    /// Compares any text with a golden file (a style dump, a theme table).
    static func compare(_ actual: String, file: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(file)
        let existing = try? String(contentsOf: url, encoding: .utf8)
        if recording || existing == nil {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            do {
                try (actual + "\n").write(to: url, atomically: true, encoding: .utf8)
            } catch {
                Issue.record("could not write golden \(file): \(error)", sourceLocation: sourceLocation)
                return
            }
            let why = existing == nil ? "was missing" : "ONEPOOL_RECORD_GOLDENS=1"
            Issue.record(
                "recorded golden \(file) (\(why)): review it with git diff, then run again without recording",
                sourceLocation: sourceLocation)
            return
        }
        guard let expected = existing, expected != actual + "\n" else { return }
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = (actual + "\n").split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }
        let detail =
            first.map { "line \($0.offset + 1):\n  expected: \($0.element.0)\n  actual:   \($0.element.1)" }
            ?? "line counts differ (\(expectedLines.count) vs \(actualLines.count))"
        Issue.record("screen differs from golden \(file) — \(detail)", sourceLocation: sourceLocation)
    }
}
