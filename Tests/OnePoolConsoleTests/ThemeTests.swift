import Foundation
import OnePoolConsole
import OnePoolConsoleRuntime
import Testing

@Suite struct ThemeTests {
    static let themesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Themes").path

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: themesDirectory)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
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
        #expect(throws: ThemeError(file: "broken.yaml", line: 4, key: "roles.header.fg", message: "'chartreuse' is not a colour: expected default, black…white, bright-red…, #rrggbb, 0–255, or a palette name")) {
            try ThemeLoader.parse(text, file: "broken.yaml")
        }
        let invalid = Result { () throws(ThemeError) in try ThemeLoader.parse("roles:\n  base: { fg: red\n", file: "bad.yaml") }
        if case .failure(let error) = invalid {
            #expect(error.file == "bad.yaml" && error.line != nil)
        } else {
            Issue.record("invalid YAML was accepted")
        }
        let unknown = Result { () throws(ThemeError) in try ThemeLoader.parse("name: x\nroles:\n  base: { blink: true }\n", file: "x.yaml") }
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

    @Test func coloursFallBackToWhatTheTerminalHas() {
        let orange = TerminalColor(name: "#ff8700")
        #expect(orange?.cursesNumber(colors: 256) == 208)
        #expect([1, 3, 9, 11].contains(orange?.cursesNumber(colors: 16) ?? -1), "orange should become a red or yellow")
        #expect((orange?.cursesNumber(colors: 8) ?? 99) < 8)
        #expect(TerminalColor(name: "bright-red")?.cursesNumber(colors: 8) == 1)
        #expect(TerminalColor(name: "default")?.cursesNumber(colors: 256) == -1)
    }

    @Test func withoutColorKeepsMeaningThroughAttributes() {
        let plain = Theme.builtIn.withoutColor()
        #expect(plain.style(for: .header).reverse)
        #expect(plain.style(for: .header).foreground == .terminalDefault)
        #expect(plain.style(for: .stockOversold).bold)
    }
}
