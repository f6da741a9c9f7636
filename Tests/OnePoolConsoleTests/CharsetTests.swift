import OnePoolConsole
import OnePoolConsoleRuntime
import OnePoolCore
import Testing

/// What the locale asks for decides the characters; in ASCII every glyph keeps its width.
@Suite struct CharsetTests {
    @Test func theLocaleTheEnvironmentAsksForIsLCAllThenLCCTypeThenLang() {
        #expect(LocaleChoice.requested(["LANG": "en_US.UTF-8", "LC_ALL": "C"]) == "C")
        #expect(LocaleChoice.requested(["LANG": "en_US.UTF-8", "LC_CTYPE": "de_DE.ISO-8859-1"]) == "de_DE.ISO-8859-1")
        #expect(LocaleChoice.requested(["LANG": "en_US.UTF-8", "LC_ALL": ""]) == "en_US.UTF-8")
        #expect(LocaleChoice.requested([:]) == nil)
        for name in ["en_US.UTF-8", "C.UTF-8", "C.utf8", "de_DE.utf8@euro", "UTF-8"] {
            #expect(LocaleChoice.asksForUTF8(name), "\(name)")
        }
        for name in ["C", "POSIX", "en_US", "en_US.ISO-8859-1", "", "utf8.en"] {
            #expect(!LocaleChoice.asksForUTF8(name), "\(name)")
        }
    }

    /// A locale that asks for UTF-8 but is not installed falls back to C.UTF-8 and draws UTF-8;
    /// one that does not ask for UTF-8 draws ASCII.
    @Test func anUninstalledUTF8LocaleFallsBackToCUTF8() {
        var installed: Set<String> = ["", "C", "C.UTF-8"]
        var current = "C"
        func apply(_ environment: [String: String]) -> (Charset, String?) {
            LocaleChoice.apply(
                environment: environment,
                setLocale: { name in
                    let resolved = name.isEmpty ? (LocaleChoice.requested(environment) ?? "C") : name
                    guard installed.contains(resolved) || resolved == "C" else { return false }
                    current = resolved
                    return true
                },
                isUTF8: { LocaleChoice.asksForUTF8(current) })
        }
        installed.insert("en_GB.UTF-8")
        #expect(apply(["LANG": "en_GB.UTF-8"]).0 == .unicode)
        let missing = apply(["LANG": "en_US.UTF-8"])
        #expect(missing.0 == .unicode && current == "C.UTF-8")
        #expect(missing.1?.contains("en_US.UTF-8 is not installed") == true)
        #expect(apply(["LANG": "C"]).0 == .ascii)
        #expect(apply([:]).0 == .ascii)
        installed.remove("C.UTF-8")
        #expect(apply(["LC_ALL": "ja_JP.UTF-8"]).0 == .ascii)
    }

    @Test func asciiFoldingKeepsEveryColumn() {
        var screen = Screen(width: 24, height: 1)
        screen.put("▁▄█│┌─┐…·日本茶 Café ▲→", x: 0, y: 0, role: .base)
        let folded = screen.foldedToASCII()
        #expect(folded.textDump() == ".-#|+-+~.?????? Cafe ^> ")
        #expect(folded.textDump().unicodeScalars.allSatisfy { $0.isASCII })
        #expect(folded.cells.map(\.role) == screen.cells.map(\.role))
    }

    /// What Core's money rules and explanations write (sums, rounding, the positive part, a
    /// ratio, an unbounded cover) and the console's own marks each have an ASCII stand-in: a
    /// `?` would say nothing in an explanation under LANG=C.
    @Test func rulesAndExplanationsFoldWithoutQuestionMarks() {
        let texts = [
            ProfitRule.returnsRule, "E[(demand over the lead time − cover)⁺]",
            "position − ⌈30 d × daily forecast⌉ = 12 − ⌊3.5⌋", "units returned ÷ units shipped", "cover ∞, -∞",
            "bundle ◂MUG · ‹redacted› › ± ≠ ≈ m² m³", NumberText.fixed(.infinity, places: 1),
        ]
        for text in texts {
            let folded = TerminalText.foldedToASCII(text)
            #expect(folded.unicodeScalars.allSatisfy { $0.isASCII }, "\(folded)")
            #expect(!folded.contains("?"), "no stand-in in: \(folded)")
            #expect(TextWidth.of(folded) == TextWidth.of(text))
        }
        #expect(TerminalText.foldedToASCII("Σ SKUs: ⌈x⌉⁺") == "S SKUs: [x]+")
    }
}
