import Foundation
import OnePoolTestSupport
import Testing

/// The real binary in tmux across the terminals operators really have: TERM × locale × size ×
/// theme. CI runs every common TERM x every kind of locale at 80x24 and a few more (21 runs);
/// ONEPOOL_TMUX_MATRIX=full runs all 128 combinations.
///
/// Each run: the first frame in the right characters (UTF-8, or ASCII only when the locale does
/// not ask for UTF-8 — an uninstalled UTF-8 locale still draws UTF-8 through C.UTF-8), the
/// keypad's 2 in application keypad mode, Home and End as tmux sends them (ESC[1~, ESC[4~), the
/// lookup and help, a resize, and `q` leaving the terminal as it was (main screen, cursor
/// shown). TERM=dumb and an unknown TERM print the overview with one line saying why.
@Suite struct ConsoleTerminalMatrixTests {
    struct Case: CustomStringConvertible, Sendable {
        var term: String
        /// LANG's value; nil leaves every locale variable unset.
        var locale: String?
        var width: Int
        var height: Int
        var theme: String

        var description: String { "TERM=\(term) LANG=\(locale ?? "(unset)") \(width)x\(height) \(theme)" }
        /// Whether the console should draw UTF-8 (C.UTF-8 stands in for an uninstalled UTF-8 locale).
        var drawsUTF8: Bool { locale?.lowercased().contains("utf") ?? false }
        var hasConsole: Bool { term != "dumb" && term != "onepool-unknown-term" }
    }

    static let terms = [
        "xterm", "xterm-256color", "screen", "tmux-256color", "linux", "vt100", "dumb", "onepool-unknown-term",
    ]
    static let locales: [String?] = ["C.UTF-8", "C", "en_US.UTF-8", nil]
    static let sizes = [(80, 24), (120, 40)]
    static let themes = ["default", "light"]

    static let full: [Case] = terms.flatMap { term in
        locales.flatMap { locale in
            sizes.flatMap { size in
                themes.map { Case(term: term, locale: locale, width: size.0, height: size.1, theme: $0) }
            }
        }
    }

    /// What CI runs: every TERM an operator is likely to have (xterm, xterm-256color, screen,
    /// linux, vt100, dumb) in every kind of locale (C, C.UTF-8, a UTF-8 locale that is not
    /// installed) at the stated minimum of 80x24; then tmux's own TERM with no locale set, an
    /// unknown TERM, and 120x40 with the light theme.
    static let representative: [Case] =
        ["xterm", "xterm-256color", "screen", "linux", "vt100", "dumb"].flatMap { term in
            ["C", "C.UTF-8", "en_US.UTF-8"].map {
                Case(term: term, locale: $0, width: 80, height: 24, theme: "default")
            }
        } + [
            Case(term: "tmux-256color", locale: nil, width: 120, height: 40, theme: "light"),
            Case(term: "onepool-unknown-term", locale: nil, width: 120, height: 40, theme: "light"),
            Case(term: "xterm-256color", locale: "C.UTF-8", width: 120, height: 40, theme: "light"),
        ]

    static var cases: [Case] {
        ProcessInfo.processInfo.environment["ONEPOOL_TMUX_MATRIX"] == "full" ? full : representative
    }

    /// One small demo store, read by every run (readers never write).
    nonisolated(unsafe) static let home: TemporaryDirectory = {
        let home = TemporaryDirectory("onepool-matrix")
        _ = try? OnePoolBinary.succeed(
            ["demo", "--store", home.child("store"), "--skus", "60", "--days", "30", "--no-console"], home: home.path)
        return home
    }()

    @Test(.enabled(if: ConsoleEndToEndTests.hasTmux), arguments: cases)
    func theConsoleWorksIn(_ run: Case) throws {
        let directory = TemporaryDirectory("onepool-matrix-run")
        let tmux = ConsoleEndToEndTests.Tmux(socket: directory.child("tmux.sock"))
        defer { tmux.kill() }
        var variables = [
            "HOME=\(Self.home.path)", "PATH=/usr/bin:/bin", "TERM=\(run.term)", "ONEPOOL_THEME=\(run.theme)",
        ]
        if let locale = run.locale { variables.append("LANG=\(locale)") }
        let command =
            "env -i \(variables.joined(separator: " ")) \(OnePoolBinary.path) --store \(Self.home.child("store"))"
        try tmux.run([
            "new-session", "-d", "-s", tmux.session, "-x", "\(run.width)", "-y", "\(run.height)",
            "\(command); echo EXITED $?; sleep 60",
        ])
        guard run.hasConsole else {
            #expect(try tmux.waitFor("EXITED 0", seconds: 20), "\(run): \(tmux.text)")
            #expect(tmux.text.contains("no console here"), "\(run): no reason given:\n\(tmux.text)")
            #expect(tmux.text.contains("SKUs"), "\(run): no overview:\n\(tmux.text)")
            return
        }
        #expect(try tmux.waitFor("Briefing", seconds: 20), "\(run): no first frame:\n\(tmux.text)")
        let first = tmux.text
        if run.drawsUTF8 {
            #expect(first.contains("·"), "\(run): expected UTF-8:\n\(first)")
        } else {
            let ascii = first.unicodeScalars.allSatisfy { $0.isASCII }
            #expect(ascii, "\(run): expected ASCII only:\n\(first)")
            #expect(first.contains(" . "), "\(run): expected the ASCII separators:\n\(first)")
        }
        // The keypad's 2 (ESC O r in application keypad mode; ncurses decodes it where terminfo
        // names it, the console's decoder where not): the digit, so the stock pane.
        try tmux.keys("KP2")
        let stockHeading = run.drawsUTF8 ? "SKU▲" : "SKU^"  // the stock pane's sorted column
        #expect(try tmux.waitFor(stockHeading, seconds: 10), "\(run): the keypad's 2 is not 2:\n\(tmux.text)")
        try tmux.keys("End")
        try tmux.keys("Home")
        try tmux.keys("Enter")
        #expect(try tmux.waitFor("Esc back to stock", seconds: 10), "\(run): Home/End/Enter:\n\(tmux.text)")
        try tmux.keys("Escape")
        usleep(150_000)
        try tmux.keys("/")
        #expect(try tmux.waitFor("Look up a SKU", seconds: 10), "\(run): no lookup:\n\(tmux.text)")
        try tmux.keys("Escape")
        usleep(150_000)
        try tmux.keys("?")
        #expect(try tmux.waitFor("Esc or ? to close", seconds: 10), "\(run): no help:\n\(tmux.text)")
        try tmux.keys("Escape")
        let (otherWidth, otherHeight) = run.width == 80 ? (120, 40) : (80, 24)
        try tmux.run(["resize-window", "-t", tmux.session, "-x", "\(otherWidth)", "-y", "\(otherHeight)"])
        #expect(try tmux.waitFor("Stock", seconds: 10), "\(run): no frame after a resize:\n\(tmux.text)")
        let lines = tmux.text.split(separator: "\n", omittingEmptySubsequences: false)
        let widest = lines.map { TextColumns.count($0) }.max() ?? 0
        #expect(widest <= otherWidth, "\(run): wider than the window after a resize")
        let resized = tmux.text
        if !run.drawsUTF8 {
            let ascii = resized.unicodeScalars.allSatisfy { $0.isASCII }
            #expect(ascii, "\(run): non-ASCII after a resize:\n\(resized)")
        }
        try tmux.keys("q")
        #expect(try tmux.waitFor("EXITED 0", seconds: 10), "\(run): q did not quit:\n\(tmux.text)")
        #expect(try tmux.value("#{alternate_on}") == "0", "\(run): still on the alternate screen")
        #expect(try tmux.value("#{cursor_flag}") == "1", "\(run): the cursor is still hidden")
    }
}

/// Display columns of captured text (tmux prints each cell once; wide characters take two).
enum TextColumns {
    static func count(_ line: Substring) -> Int {
        line.unicodeScalars.reduce(0) { total, scalar in
            let wide = [
                0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFF00...0xFF60, 0x1F300...0x1F64F,
            ]
            .contains { $0.contains(Int(scalar.value)) }
            return total + (wide ? 2 : 1)
        }
    }
}
