import Foundation
import OnePoolConsole
import OnePoolConsoleRuntime
import Testing

@Suite struct ThemeTests {
    static let themesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Themes").path

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: themesDirectory)) ?? []).filter { $0.hasSuffix(".yaml") }
            .sorted()
    }

    @Test func theFourRequiredThemesExist() {
        for name in ["default", "light", "high-contrast", "monochrome"] {
            #expect(Self.files.contains("\(name).yaml"))
        }
    }

    @Test(arguments: files)
    func everyThemeLoadsAndResolvesEveryRole(file: String) throws {
        let theme = try ThemeLoader.load(file: "\(Self.themesDirectory)/\(file)")
        for role in Role.all {
            #expect(theme.resolvesOwn(role), "\(file) does not resolve \(role)")
        }
    }

    @Test func theDefaultThemeNamesEveryRoleItself() throws {
        let theme = try ThemeLoader.load(file: "\(Self.themesDirectory)/default.yaml")
        for role in Role.all { #expect(theme.styles[role] != nil, "default.yaml lacks \(role)") }
    }

    @Test func aBrokenThemeNamesFileLineAndKey() {
        let text = "name: broken\nroles:\n  base: {}\n  header: { fg: chartreuse }\n"
        #expect(
            throws: ThemeError(
                file: "broken.yaml", line: 4, key: "roles.header.fg",
                message:
                    "'chartreuse' is not a colour: expected default, black…white, bright-red…, #rrggbb, 0–255, or a palette name"
            )
        ) {
            try ThemeLoader.parse(text, file: "broken.yaml")
        }
        let invalid = Result { () throws(ThemeError) in
            try ThemeLoader.parse("roles:\n  base: { fg: red\n", file: "bad.yaml")
        }
        if case .failure(let error) = invalid {
            #expect(error.file == "bad.yaml" && error.line != nil)
        } else {
            Issue.record("invalid YAML was accepted")
        }
        let unknown = Result { () throws(ThemeError) in
            try ThemeLoader.parse("name: x\nroles:\n  base: { blink: true }\n", file: "x.yaml")
        }
        if case .failure(let error) = unknown {
            #expect(error.line == 3 && error.key == "roles.base.blink")
        } else {
            Issue.record("an unknown style key was accepted")
        }
    }

    @Test func aMissingOrBrokenThemeFallsBackToTheBuiltInDefault() throws {
        let directory = NSTemporaryDirectory() + "onepool-themes-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "name: bad\nroles: [\n".write(toFile: directory + "/bad.yaml", atomically: true, encoding: .utf8)
        let catalog = ThemeCatalog(environment: ["ONEPOOL_THEMES": directory], executablePath: "/nonexistent/onepool")
        let (theme, problem) = catalog.load("bad")
        #expect(theme.name == "built-in")
        #expect(problem?.contains("bad.yaml:") == true)
        let (missing, why) = catalog.load("nope")
        #expect(missing.name == "built-in" && why?.contains("no theme named 'nope'") == true)
    }

    @Test func coloursFallBackToWhatTheTerminalHasByHue() {
        let orange = TerminalColor(name: "#ff8700")
        #expect(orange?.cursesNumber(colors: 256) == 208)
        // An orange warning stays in the yellow family on 8 and 16 colours; a red stays red.
        #expect(orange?.cursesNumber(colors: 16) == 3)
        #expect(orange?.cursesNumber(colors: 8) == 3)
        #expect(TerminalColor(name: "#af5f00")?.cursesNumber(colors: 8) == 3)
        #expect(TerminalColor(name: "#d70000")?.cursesNumber(colors: 8) == 1)
        #expect(TerminalColor(name: "#ff5f5f")?.cursesNumber(colors: 16) == 9)
        #expect(TerminalColor(name: "bright-red")?.cursesNumber(colors: 8) == 1)
        #expect(TerminalColor(name: "default")?.cursesNumber(colors: 256) == -1)
        // A mid grey has no colour on 8: it is the terminal's own, dimmed — never yellow.
        #expect(TerminalColor(name: "#8a8a8a")?.cursesNumber(colors: 8) == nil)
        #expect(TerminalColor(name: "#8a8a8a")?.cursesNumber(colors: 16) == 8)
        let muted = Style(foreground: .rgb(red: 0x8a, green: 0x8a, blue: 0x8a)).resolved(colors: 8)
        #expect(muted == ResolvedStyle(foreground: -1, background: -1, dim: true))
    }

    @Test func withoutColourMeaningIsCarriedByAttributes() {
        let header = Theme.builtIn.style(for: .header).resolved(colors: 0)
        #expect(header.reverse && header.foreground == -1 && header.background == -1)
        #expect(Theme.builtIn.style(for: .stockOversold).resolved(colors: 0).bold)
    }

    /// Roles that mean different things must look different on every terminal a theme meets
    /// (a terminal without colour gets the monochrome theme),
    /// and muted text must stay quiet: the terminal's own colour (or a grey), never a colour that
    /// signals something (yellow is warnings and money).
    static let distinctPairs: [(Role, Role)] = [
        (.muted, .alertWarning), (.muted, .alertCritical), (.muted, .money), (.muted, .stockOut),
        (.alertCritical, .alertWarning),
        (.tableRow, .tableRowSelected), (.tabActive, .tabInactive), (.status, .statusError),
        (.stockOversold, .stockOut),
        (.stockOversold, .tableRow), (.stockOut, .tableRow), (.tabInactive, .alertWarning), (.footer, .footerKey),
    ]

    @Test(arguments: files)
    func everyThemesRolesStayDistinctAndMutedStaysQuietAtEightSixteenAnd256Colours(file: String) throws {
        let theme = try ThemeLoader.load(file: "\(Self.themesDirectory)/\(file)")
        // A terminal without colour gets the monochrome theme (as NO_COLOR does).
        for colors in file == "monochrome.yaml" ? [0, 8, 16, 256] : [8, 16, 256] {
            for (a, b) in Self.distinctPairs {
                let left = theme.style(for: a).resolved(colors: colors)
                let right = theme.style(for: b).resolved(colors: colors)
                #expect(left != right, "\(file) at \(colors) colours: \(a) and \(b) both \(left)")
            }
            let muted = theme.style(for: .muted).resolved(colors: colors)
            let quiet = colors >= 256 ? true : [-1, 0, 7, 8, 15].contains(muted.foreground)
            #expect(quiet, "\(file) at \(colors) colours: muted text is \(muted)")
            #expect(
                muted.foreground != theme.style(for: .alertWarning).resolved(colors: colors).foreground
                    || muted.foreground == -1,
                "\(file) at \(colors) colours: muted has the warning's colour")
        }
    }

    /// What each role of each theme becomes at 8, 16 and 256 colours, as a golden to review.
    @Test func theColourTableOfEveryTheme() throws {
        var lines: [String] = []
        for file in Self.files {
            let theme = try ThemeLoader.load(file: "\(Self.themesDirectory)/\(file)")
            lines.append("== \(file)")
            for role in Role.all {
                let styles = [0, 8, 16, 256].map { theme.style(for: role).resolved(colors: $0).description }
                lines.append("\(role.name): " + styles.joined(separator: " | "))
            }
        }
        Golden.compare(lines.joined(separator: "\n"), file: "themes-0-8-16-256-colours.txt")
    }
}
