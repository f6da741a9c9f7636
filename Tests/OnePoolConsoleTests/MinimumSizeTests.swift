import OnePoolConsole
import OnePoolCore
import Testing

/// At 80x24, the stated minimum, what matters is on the screen: an active filter, sort or kind
/// in the pane's title, dialogs sized to their whole text, form errors whole, and any text cut to
/// fit ending in "…" (its whole one key away).
@Suite struct MinimumSizeTests {
    static func screen(_ keys: [Key]) -> String {
        var state = ConsoleFixture.state(width: 80, height: 24)
        _ = press(keys, on: &state)
        return ConsoleView.render(state).textDump()
    }

    static func titleRow(_ text: String) -> String {
        String(text.split(separator: "\n", omittingEmptySubsequences: false)[1])
    }

    @Test func anActiveFilterSortOrKindShowsInThePanesTitle() {
        let oversold = Self.titleRow(Self.screen([.char("2"), .char("o"), .char("s"), .char("s")]))
        #expect(oversold.contains("show: oversold"), "\(oversold)")
        #expect(oversold.contains("sorted by "), "\(oversold)")
        let filtered = Self.titleRow(Self.screen([.char("2"), .char("f")] + typed("mug") + [.enter]))
        #expect(filtered.contains("filter: mug"), "\(filtered)")
        let kind = Self.titleRow(Self.screen([.char("4"), .char("K")]))
        #expect(kind.contains("kind: "), "\(kind)")
    }

    @Test func dialogsAndFormErrorsShowTheirWholeText() {
        let quit = Self.screen([.char("/")] + typed("LAMP") + [.enter, .char("c")] + typed("3") + [.control("c")])
        #expect(quit.contains("Discard it and quit?"))
        #expect(quit.contains("y quit · n go back"))
        let error = Self.screen([.char("/")] + typed("TEA") + [.enter, .char("r")] + typed("5x") + [.enter])
        let line = error.split(separator: "\n").first { $0.contains("'5x' is not") }
        #expect(line?.contains("'5x' is not a whole number") == true, "\(error)")
        #expect(line?.contains("…") == false, "the error is cut: \(error)")
    }

    /// Every alert's reason is either whole on its row or cut between words with "…", and `v`
    /// shows it whole.
    @Test func aCutReasonEndsInAnEllipsisAndIsWholeOneKeyAway() {
        var state = ConsoleFixture.state(width: 80, height: 24)
        _ = press([.char("3")], on: &state)
        let rows = ConsoleView.render(state).textDump().split(separator: "\n").map(String.init)
        var cut = 0
        for (position, alert) in state.alerts.alerts.enumerated() {
            guard let row = rows.first(where: { $0.contains(alert.sku.rawValue) }) else {
                Issue.record("\(alert.sku)'s alert is not on the screen")
                continue
            }
            let shown = row.replacing(/\s+$/, with: "")
            if shown.hasSuffix(alert.reason) { continue }
            cut += 1
            #expect(shown.hasSuffix("…"), "cut without an ellipsis: \(shown)")
            let kept = shown.split(separator: "  ").last.map { String($0.dropLast()) } ?? ""
            #expect(alert.reason.hasPrefix(kept), "'\(kept)' is not the start of '\(alert.reason)'")
            // Cut between words (a comma or colon ending the kept part goes with the cut).
            let next = alert.reason.dropFirst(kept.count).first
            #expect(kept.isEmpty || next.map { " ,;:.".contains($0) } == true, "cut mid-word: \(shown)")
            var whole = state
            whole.alerts.cursor.moveTo(position, count: state.alerts.alerts.count, visibleRows: 10)
            _ = press([.char("v")], on: &whole)
            guard case .fullText(let text)? = whole.modal else {
                Issue.record("v showed nothing for \(alert.sku)")
                continue
            }
            #expect(text.text.contains(alert.reason))
        }
        #expect(cut > 0, "the fixture should have a reason too long for 80 columns")
    }
}
