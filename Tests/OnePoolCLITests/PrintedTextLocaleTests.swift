import Foundation
import OnePoolConsole
import OnePoolTestSupport
import Testing

/// What the read verbs print for people, on a terminal whose locale is not UTF-8 (LANG=C over
/// ssh): the real binary in tmux under `env -i LANG=C`, its screen read back. Every verb prints
/// through `say`, so the screen is ASCII only, and each line is exactly the UTF-8 text the same
/// verb writes into a pipe, folded as the console folds its frames (`TerminalText.foldedToASCII`):
/// same number of columns, every column in place.
@Suite struct PrintedTextLocaleTests {
    /// One small demo store (gift-set bundles, returns, POs), read by every run.
    nonisolated(unsafe) static let home: TemporaryDirectory = {
        let home = TemporaryDirectory("onepool-printed")
        _ = try? OnePoolBinary.succeed(
            ["demo", "--store", home.child("store"), "--skus", "40", "--days", "30", "--no-console"], home: home.path)
        return home
    }()

    static let verbs: [[String]] = [
        ["stock"], ["allocation"], ["po", "list"], ["returns"], ["bundle", "list"], ["briefing"], ["reorder"],
        ["sku", "list"], ["channel", "list"], ["log", "--limit", "30"], ["settings"], ["supplier", "list"],
        ["doctor"],
    ]

    @Test(.enabled(if: ConsoleEndToEndTests.hasTmux), arguments: verbs)
    func readVerbsPrintASCIIWithColumnsInPlace(_ verb: [String]) throws {
        let store = Self.home.child("store")
        let piped = try OnePoolBinary.succeed(["--store", store] + verb, home: Self.home.path)
        let expected = piped.split(separator: "\n", omittingEmptySubsequences: false).map {
            Self.trailingSpacesDropped(TerminalText.foldedToASCII(String($0)))
        }
        let directory = TemporaryDirectory("onepool-printed-run")
        let tmux = ConsoleEndToEndTests.Tmux(socket: directory.child("tmux.sock"))
        defer { tmux.kill() }
        let variables = ["HOME=\(Self.home.path)", "PATH=/usr/bin:/bin", "TERM=xterm", "LANG=C"]
        let words = (["--store", store] + verb).map { "'\($0)'" }.joined(separator: " ")
        try tmux.run([
            "new-session", "-d", "-s", tmux.session, "-x", "400", "-y", "50",
            "env -i \(variables.joined(separator: " ")) \(OnePoolBinary.path) \(words); echo EXITED $?; sleep 60",
        ])
        #expect(try tmux.waitFor("EXITED 0", seconds: 20), "\(verb): \(tmux.text)")
        // The whole history, wrapped lines joined (none should wrap at 400 columns).
        let captured = try tmux.run(["capture-pane", "-t", tmux.session, "-p", "-J", "-S", "-", "-E", "-"])
        var lines = captured.split(separator: "\n", omittingEmptySubsequences: false).map {
            Self.trailingSpacesDropped(String($0))
        }
        guard let exited = lines.firstIndex(where: { $0.hasPrefix("EXITED ") }) else {
            Issue.record("\(verb): no exit line in\n\(captured)")
            return
        }
        lines = Array(lines[..<exited])
        var printed = expected
        while printed.last == "" { printed.removeLast() }
        #expect(
            lines.joined().unicodeScalars.allSatisfy { $0.isASCII },
            "\(verb): not ASCII:\n\(lines.joined(separator: "\n"))")
        #expect(
            lines == printed,
            "\(verb): on the LANG=C terminal\n\(lines.joined(separator: "\n"))\nexpected\n\(printed.joined(separator: "\n"))"
        )
        let pipedLines = piped.split(separator: "\n", omittingEmptySubsequences: false).map {
            Self.trailingSpacesDropped(String($0))
        }
        for (shown, original) in zip(lines, pipedLines) {
            #expect(TextColumns.count(Substring(shown)) == TextColumns.count(Substring(original)), "\(verb): \(shown)")
        }
    }

    /// The fixture is able to fail: what these verbs print in UTF-8 holds characters LANG=C
    /// would drop or garble, so folding them is what the test above checks.
    @Test func theVerbsPrintNonASCIIInUTF8() throws {
        let store = Self.home.child("store")
        var nonASCII = 0
        for verb in Self.verbs {
            let piped = try OnePoolBinary.succeed(["--store", store] + verb, home: Self.home.path)
            if !piped.unicodeScalars.allSatisfy { $0.isASCII } { nonASCII += 1 }
        }
        #expect(nonASCII >= 4, "only \(nonASCII) verbs print anything but ASCII")
    }

    static func trailingSpacesDropped(_ line: String) -> String {
        var line = Substring(line)
        while line.last == " " { line = line.dropLast() }
        return String(line)
    }
}
