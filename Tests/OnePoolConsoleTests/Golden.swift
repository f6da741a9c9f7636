import Foundation
import OnePoolConsole
import Testing

/// Golden screens: a text dump (and a role dump) compared with a file in Goldens/.
///
/// Set ONEPOOL_RECORD_GOLDENS=1 to (re)write them. A missing golden fails: a screen nobody has
/// looked at is not a test.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")
    static var recording: Bool { ProcessInfo.processInfo.environment["ONEPOOL_RECORD_GOLDENS"] == "1" }

    static func check(_ screen: Screen, named name: String, roles: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) {
        compare(screen.textDump(), file: "\(name).txt", sourceLocation: sourceLocation)
        if roles { compare(screen.roleDump(), file: "\(name).roles.txt", sourceLocation: sourceLocation) }
    }

    private static func compare(_ actual: String, file: String, sourceLocation: SourceLocation) {
        let url = directory.appendingPathComponent(file)
        if recording {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? (actual + "\n").write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("golden \(file) is missing: run with ONEPOOL_RECORD_GOLDENS=1 and review it", sourceLocation: sourceLocation)
            return
        }
        if expected != actual + "\n" {
            let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let actualLines = (actual + "\n").split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }
            let detail = first.map { "line \($0.offset + 1):\n  expected: \($0.element.0)\n  actual:   \($0.element.1)" }
                ?? "line counts differ (\(expectedLines.count) vs \(actualLines.count))"
            Issue.record("screen differs from golden \(file) — \(detail)", sourceLocation: sourceLocation)
        }
    }
}
