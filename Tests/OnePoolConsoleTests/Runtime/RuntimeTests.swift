import Foundation
import OnePoolConsole
import OnePoolConsoleRuntime
import OnePoolCore
import OnePoolStore
import OnePoolTestSupport
import Testing

/// The runtime loop against a scripted terminal and a real store: keys (and the escape
/// sequences ncurses does not decode), signals, suspend, resize, live news, background loading,
/// forms planned under the store's lock, and what is printed after the terminal is restored.
@Suite(.serialized) struct RuntimeTests {
    static let themes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Themes").path

    // The lookup's index is built in the background after the first frame: scripts wait for the
    // SKU to be listed before Enter (on a loaded machine the index may come after the keys).
    struct Outcome {
        var terminal: ScriptedTerminal
        var runtime: ConsoleRuntime
        var reason: ExitReason
        var storePath: String
        var directory: TemporaryDirectory
    }

    /// Runs the console on a fresh copy of the fixture store until the script ends it.
    private func run(
        _ steps: [ScriptedTerminal.Step], width: Int = 100, height: Int = 30, charset: Charset = .unicode,
        themes: String = RuntimeTests.themes, environment: [String: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Outcome {
        let (directory, path) = try RuntimeStore.copy()
        let store = try Store.open(at: path)
        let terminal = ScriptedTerminal(width: width, height: height, charset: charset, steps)
        let catalog = ThemeCatalog(environment: ["ONEPOOL_THEMES": themes], executablePath: "/nonexistent/onepool")
        let runtime = ConsoleRuntime(
            store: store, terminal: terminal, themeName: "default", catalog: catalog, actor: "ana",
            environment: environment,
            clock: terminal.clock)
        let reason = try runtime.run()
        for failure in terminal.failures { Issue.record(Comment(rawValue: failure), sourceLocation: sourceLocation) }
        #expect(terminal.started && terminal.stopped, "the terminal was not given back", sourceLocation: sourceLocation)
        return Outcome(terminal: terminal, runtime: runtime, reason: reason, storePath: path, directory: directory)
    }

    @Test func keysAreAnsweredAndQQuitsWithExitZero() throws {
        let outcome = try run([.waitFor("1 Briefing"), .type("2"), .waitFor("SKU▲"), .type("q")])
        #expect(outcome.reason == .asked)
        #expect(outcome.reason.exitCode == 0)
    }

    @Test func homeAndEndSentAsSequencesNcursesDoesNotKnowAreKeys() throws {
        // Under tmux or PuTTY with TERM=xterm, Home and End send ESC[1~ and ESC[4~.
        let outcome = try run(
            [
                .waitFor("1 Briefing"), .type("2"), .waitFor("SKU▲"),
                .sequence("[4~"), .key(.enter), .waitFor("Esc back to stock"),
            ] + ScriptedTerminal.Step.escape + [
                .waitFor("SKU▲"), .sequence("[1~"), .key(.enter), .waitFor("Seagrass Basket - Large"), .type("q"),
            ])
        #expect(outcome.reason == .asked)
        let last = outcome.terminal.frames.last { $0.textDump().contains("Esc back to stock") }?.textDump() ?? ""
        #expect(last.contains("BSK-L"), "Home did not go to the first SKU:\n\(last)")
        #expect(
            outcome.terminal.frames.contains { $0.textDump().contains("VASE-STW041-SGE-XL") },
            "End did not go to the last SKU")
    }

    @Test func insideAFormHomeMovesTheCaretAndUnknownSequencesAreSwallowedWhole() throws {
        let outcome = try run([
            .waitFor("1 Briefing"), .type("/"), .type("BSK-S"), .waitFor("Seagrass Basket - Small"),
            .key(.enter), .waitFor("Esc back to briefing"),
            .type("r"), .waitFor("Receive units"), .type("5"),
            .sequence("[99z"),  // nobody knows this one: it must not type "99z"
            .sequence("[1~"),  // Home: the caret to the start, the form stays open
            .type("1"), .waitFor("1▏5"), .control("c"), .waitFor("Discard it and quit?"), .type("y"),
        ])
        #expect(outcome.reason == .interrupted)
        #expect(!outcome.terminal.frames.contains { $0.textDump().contains("99z") })
    }

    /// PuTTY in application keypad mode sends the keypad's digits as ESC O p–y: a quantity typed
    /// on the keypad is typed, and the keypad's Enter (ESC O M) saves.
    @Test func aQuantityTypedOnTheKeypadIsTyped() throws {
        let outcome = try run([
            .waitFor("1 Briefing"), .type("/"), .type("BSK-S"), .waitFor("Seagrass Basket - Small"),
            .key(.enter), .waitFor("Esc back to briefing"),
            .type("r"), .waitFor("Receive units"), .sequence("Oq"), .sequence("Ot"), .waitFor("14▏"),
            .sequence("OM"), .waitFor("Received 14"), .type("q"),
        ])
        #expect(outcome.reason == .asked)
    }

    @Test func ctrlCAsksOverAHalfFilledFormAndEndsWith130() throws {
        let outcome = try run([
            .waitFor("1 Briefing"), .type("/"), .type("LAMP"), .waitFor("Oak Table Lamp"),
            .key(.enter), .waitFor("Esc back to"),
            .type("c"), .waitFor("Record a count"), .type("3"), .control("c"), .waitFor("Discard it and quit?"),
            .type("n"), .waitFor("Record a count"), .control("c"), .waitFor("Discard it and quit?"), .type("y"),
        ])
        #expect(outcome.reason == .interrupted)
        #expect(outcome.reason.exitCode == 130)
    }

    static let signals: [(Int32, Int32)] = [(SIGTERM, 143), (SIGINT, 130), (SIGHUP, 129)]

    @Test(arguments: signals)
    func aSignalEndsTheConsoleWithItsExitCodeAndSaysWhatWasTyped(signal: Int32, code: Int32) throws {
        let outcome = try run([
            .waitFor("1 Briefing"), .type("/"), .type("BSK-S"), .waitFor("Seagrass Basket - Small"),
            .key(.enter), .waitFor("Esc back to"),
            .type("h"), .waitFor("Hold units"), .type("4"), .key(.tab), .type("wholesale"), .signal(signal),
        ])
        #expect(outcome.reason == .signal(signal))
        #expect(outcome.reason.exitCode == code)
        #expect(
            outcome.runtime.notices.contains { $0.contains("Hold units · BSK-S: Quantity 4, Reason wholesale") },
            "\(outcome.runtime.notices)")
    }

    @Test func ctrlZAndSIGTSTPSuspendAndRepaintOnReturn() throws {
        let outcome = try run([
            .waitFor("1 Briefing"), .control("z"), .idle(milliseconds: 200), .signal(SIGTSTP), .idle(milliseconds: 200),
            .control("l"), .idle(milliseconds: 200), .type("q"),
        ])
        #expect(outcome.reason == .asked)
        #expect(outcome.terminal.suspensions == 2)
        #expect(outcome.terminal.invalidations >= 3, "suspend twice and Ctrl-L each repaint everything")
    }

    @Test func aResizeRedrawsAtTheNewSizeAndATinyTerminalSaysSo() throws {
        let outcome = try run([
            .waitFor("1 Briefing"), .resize(width: 60, height: 20), .waitFor("needs a terminal of at least 80×24"),
            .type("j"), .resize(width: 120, height: 40), .waitFor("6 Approvals"), .type("q"),
        ])
        #expect(outcome.reason == .asked)
        #expect(outcome.terminal.lastFrame?.width == 120 && outcome.terminal.lastFrame?.height == 40)
    }

    @Test func anotherProcesssSaleShowsWithoutAKey() throws {
        var path = ""
        let outcome = try run(
            [
                .waitFor("1 Briefing"), .type("4"), .waitFor("po-drafted"),
                .run {
                    // Another process: its own store handle, its own transaction.
                    let other = try? Store.open(at: path)
                    let line = OrderLineFacts(
                        id: OrderLineID(channel: "ebay", order: "LIVE-1", line: 1), sku: "MUG-SAGE", quantity: 1,
                        unitPrice: Money(cents: 1299), time: Timestamp(millisecondsSince1970: 1_795_816_800_000))
                    _ = try? other?.transact(actor: "script", time: line.time) { _ in
                        ([ProposedChange(.orderPlaced(line))], ())
                    }
                },
                .waitFor("ebay/LIVE-1#1 placed 1 × MUG-SAGE"), .type("q"),
            ], beforeRun: { path = $0 })
        #expect(outcome.reason == .asked)
    }

    /// A `sync` in another process records a failing connection and a pull: the Channels pane
    /// shows both at the console's next look at the journal, without a key.
    @Test func anotherProcesssSyncShowsOnTheChannelsPaneWithoutAKey() throws {
        var path = ""
        let outcome = try run(
            [
                .waitFor("1 Briefing"), .type("5"), .waitFor("Synced"),
                .run {
                    let other = try? Store.open(at: path)
                    let time = Timestamp(millisecondsSince1970: 1_795_816_800_000)
                    let changes = [
                        ProposedChange(.sync(.pulled(SyncPull(channel: "ebay", cursor: "page-7")))),
                        ProposedChange(
                            .sync(.health(channel: "ebay", .failing(kind: "timeout", message: "no answer in 30 s")))),
                    ]
                    _ = try? other?.transact(actor: "sync", time: time) { _ in (changes, ()) }
                },
                .waitFor("failing (timeout): no answer in 30 s"), .waitFor("2 sync failing"), .type("q"),
            ], beforeRun: { path = $0 })
        #expect(outcome.reason == .asked)
    }

    @Test func historyAndForecastsArriveAfterTheFirstFrameWhileKeysAreAnswered() throws {
        let outcome = try run([
            .type("2"),  // answered at once, before any history is read
            .waitFor("SKU▲"), .type("1"), .waitFor("Stockout before delivery"), .type("q"),
        ])
        let first = outcome.terminal.frames.first?.textDump() ?? ""
        #expect(
            first.contains("Reading the forecasts") || first.contains("reading the journal"), "first frame:\n\(first)")
        #expect(outcome.reason == .asked)
    }

    /// The form's intent is planned against the store's state under its lock: a sale another
    /// process makes while the form is open counts, and the refusal names the numbers.
    @Test func aFormIsDecidedUnderTheLockAgainstTheFreshestState() throws {
        var path = ""
        let outcome = try run(
            [
                .waitFor("1 Briefing"), .type("/"), .type("BSK-S"), .waitFor("Seagrass Basket - Small"),
                .key(.enter), .waitFor("Esc back to"),
                .type("h"), .waitFor("Hold units"), .type("50"), .key(.tab), .type("wholesale"),
                .run {
                    let other = try? Store.open(at: path)
                    let line = OrderLineFacts(
                        id: OrderLineID(channel: "shopify", order: "RACE-1", line: 1), sku: "BSK-S", quantity: 10,
                        unitPrice: Money(cents: 2250), time: Timestamp(millisecondsSince1970: 1_795_816_800_000))
                    _ = try? other?.transact(actor: "script", time: line.time) { _ in
                        ([ProposedChange(.orderPlaced(line))], ())
                    }
                },
                .key(.enter), .waitFor("not enough free stock for BSK-S: wanted 50, free stock is 42"),
                // The refusal put the caret back on the quantity.
                .key(.backspace), .key(.backspace), .type("42"), .key(.enter), .waitFor("Held 42 × BSK-S"), .type("q"),
            ], beforeRun: { path = $0 })
        #expect(outcome.reason == .asked)
        let store = try Store.open(at: outcome.storePath)
        #expect(store.state.stock("BSK-S")?.held == 42)
    }

    @Test func themeProblemsAreShownAndPrintedAgainAfterTheConsoleEnds() throws {
        let directory = TemporaryDirectory("onepool-themes")
        try FileManager.default.copyItem(atPath: Self.themes + "/default.yaml", toPath: directory.child("default.yaml"))
        try "name: zz-broken\nroles:\n  header: { fg: chartreuse }\n".write(
            toFile: directory.child("zz-broken.yaml"), atomically: true, encoding: .utf8)
        let outcome = try run(
            // The package's own Themes/ (found from the working directory) come first: T until zz-broken.
            [.waitFor("1 Briefing"), .type("TTTT"), .waitFor("zz-broken"), .type("m"), .waitFor("chartreuse")]
                + ScriptedTerminal.Step.escape + [.type("q")], themes: directory.path)
        #expect(outcome.runtime.notices.contains { $0.contains("zz-broken.yaml:3") && $0.contains("chartreuse") })
    }

    @Test func aTerminalThatStopsAnsweringEndsTheConsole() throws {
        let outcome = try run([.waitFor("1 Briefing"), .goneAway])
        #expect(outcome.reason == .signal(SIGHUP))
        #expect(outcome.runtime.notices.contains { $0.contains("stopped answering") })
    }

    @Test func anASCIITerminalGetsOnlyASCII() throws {
        let outcome = try run(
            [.waitFor("1 Briefing"), .type("2"), .waitFor("SKU^"), .type("/"), .type("sen"), .waitFor("1 match")]
                + ScriptedTerminal.Step.escape + [.type("q")],
            charset: .ascii)
        for frame in outcome.terminal.frames {
            let text = frame.textDump()
            let ascii = text.unicodeScalars.allSatisfy { $0.isASCII }
            #expect(ascii, "\(text)")
        }
    }
}

extension RuntimeTests {
    /// `run`, telling the script the store's path first (for steps that write to it).
    private func run(
        _ steps: [ScriptedTerminal.Step], beforeRun: (String) -> Void, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Outcome {
        let (directory, path) = try RuntimeStore.copy()
        beforeRun(path)
        let store = try Store.open(at: path)
        let terminal = ScriptedTerminal(steps)
        let catalog = ThemeCatalog(environment: ["ONEPOOL_THEMES": Self.themes], executablePath: "/nonexistent/onepool")
        let runtime = ConsoleRuntime(
            store: store, terminal: terminal, themeName: "default", catalog: catalog, actor: "ana", environment: [:],
            clock: terminal.clock)
        let reason = try runtime.run()
        for failure in terminal.failures { Issue.record(Comment(rawValue: failure), sourceLocation: sourceLocation) }
        #expect(terminal.started && terminal.stopped, sourceLocation: sourceLocation)
        return Outcome(terminal: terminal, runtime: runtime, reason: reason, storePath: path, directory: directory)
    }
}
