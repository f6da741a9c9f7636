import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolTestSupport
import Testing

/// The real binary in a real terminal (tmux): look a SKU up, receive through the form, see
/// another process's sale arrive live, quit, and find the terminal restored.
@Suite(.serialized) struct ConsoleEndToEndTests {
    static var hasTmux: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }

    /// A private tmux server so tests never touch a developer's sessions.
    struct Tmux {
        let socket: String
        let session = "onepool"

        /// Runs a tmux client command and returns what it printed. posix_spawn and waitpid, not
        /// Foundation's Process: the first command forks the tmux server, which inherits the
        /// child's descriptors and kept Process from ever seeing the client exit.
        @discardableResult
        func run(_ arguments: [String]) throws -> String {
            let outputPath = socket + ".out"
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            let argv = (["/usr/bin/tmux", "-S", socket] + arguments).map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            // The test runner blocks some signals; the tmux server and the console must not inherit that.
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var empty = sigset_t()
            sigemptyset(&empty)
            posix_spawnattr_setsigmask(&attributes, &empty)
            var defaults = sigset_t()
            sigemptyset(&defaults)
            for signal in [SIGTERM, SIGINT, SIGHUP, SIGWINCH, SIGCHLD, SIGPIPE] { sigaddset(&defaults, signal) }
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
            var pid: pid_t = 0
            guard posix_spawn(&pid, "/usr/bin/tmux", &actions, &attributes, argv, environ) == 0 else {
                throw OnePoolBinary.Failure(description: "could not start tmux")
            }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        }

        func start(_ command: String, environment: [String: String]) throws {
            let exports = environment.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
            try run([
                "new-session", "-d", "-s", session, "-x", "120", "-y", "40",
                "env \(exports) \(command); echo EXITED $?; sleep 60",
            ])
        }

        func keys(_ keys: String...) throws { try run(["send-keys", "-t", session] + keys) }
        func literal(_ text: String) throws { try run(["send-keys", "-t", session, "-l", text]) }
        func screen() throws -> String { try run(["capture-pane", "-t", session, "-p"]) }
        /// The screen for failure messages (never throws).
        var text: String { (try? screen()) ?? "" }
        func value(_ format: String) throws -> String {
            try run(["display-message", "-t", session, "-p", format]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func kill() { _ = try? run(["kill-server"]) }

        /// Waits until the screen contains `text` (polling), or fails after `seconds`.
        func waitFor(_ text: String, seconds: Double = 5) throws -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if try screen().contains(text) { return true }
                usleep(100_000)
            }
            return false
        }
    }

    @Test(.enabled(if: hasTmux)) func lookupReceiveLiveUpdateAndQuit() throws {
        let home = TemporaryDirectory("onepool-e2e")
        let store = home.child("store")
        try OnePoolBinary.succeed(
            ["demo", "--store", store, "--skus", "60", "--days", "60", "--no-console"], home: home.path)
        let state = try Store.open(at: store).state
        guard let sku = state.skuCodes.first(where: { (state.stock($0)?.available ?? 0) > 3 }) else {
            Issue.record("the demo store has no SKU in stock")
            return
        }
        let tmux = Tmux(socket: home.child("tmux.sock"))
        defer { tmux.kill() }
        let environment = OnePoolBinary.environment(home: home.path, extra: ["TERM": "xterm-256color"])
        try tmux.start("\(OnePoolBinary.path) --store \(store)", environment: environment)
        #expect(try tmux.waitFor("1 Briefing"), "the console did not start:\n\(tmux.text)")

        // Look the SKU up by part of its code and open it.
        try tmux.keys("/")
        try tmux.literal(String(sku.rawValue.dropLast()))
        #expect(try tmux.waitFor(sku.rawValue))
        try tmux.keys("Enter")
        #expect(try tmux.waitFor("Esc back to"), "Enter did not open the SKU")
        #expect(try tmux.screen().contains(sku.rawValue))
        let onHandBefore = state.stock(sku)?.onHand ?? 0

        // Receive 5 units through the form.
        try tmux.keys("r")
        #expect(try tmux.waitFor("Receive units"))
        try tmux.literal("5")
        try tmux.keys("Enter")
        #expect(try tmux.waitFor("Received 5 × \(sku)"), "no confirmation:\n\(tmux.text)")
        let json = try OnePoolBinary.succeed(
            ["stock", sku.rawValue, "--format", "json", "--store", store], home: home.path)
        let rows = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        #expect(rows?.first?["on_hand"] as? Int == onHandBefore + 5)

        // A sale from another process shows within 2 seconds, without a key press.
        try OnePoolBinary.succeed(
            ["sell", "--channel", "ebay", "--order", "E2E-77", sku.rawValue, "1", "--store", store], home: home.path)
        #expect(
            try tmux.waitFor("ebay/E2E-77#1 placed 1 × \(sku)", seconds: 2), "the sale did not appear:\n\(tmux.text)")

        // The channels pane: the demo's rules in serving order; a rule edit shows its effect first.
        try tmux.keys("Escape")
        try tmux.keys("5")
        #expect(try tmux.waitFor("wholesale"), "no channels pane:\n\(tmux.text)")
        try tmux.keys("e")
        #expect(try tmux.waitFor("Channel rule · wholesale"), "no rule form:\n\(tmux.text)")
        try tmux.keys("Enter")
        #expect(try tmux.waitFor("No change to wholesale"), "an unchanged rule should say so:\n\(tmux.text)")

        // The approval queue: approve the first PO with the keyboard; the CLI shows who approved it.
        let drafted = state.purchasing.orders.values.filter { $0.status == .drafted }.map(\.order).sorted {
            ($0.supplier, $0.id) < ($1.supplier, $1.id)
        }
        if let first = drafted.first {
            try tmux.keys("6")
            #expect(try tmux.waitFor("awaiting approval"), "no queue:\n\(tmux.text)")
            try tmux.keys("a")
            #expect(try tmux.waitFor("y approve"), "no confirmation:\n\(tmux.text)")
            try tmux.keys("y")
            #expect(try tmux.waitFor("Approved \(first.id)"), "not approved:\n\(tmux.text)")
            let list = try OnePoolBinary.succeed(["po", "list", "--format", "csv", "--store", store], home: home.path)
            let row = list.split(separator: "\n").first { $0.hasPrefix(first.id.rawValue + ",") } ?? ""
            #expect(
                row.contains(",approved,") && row.contains("," + OperatingSystemUserName.current + ","),
                "po list: \(row)")
        } else {
            Issue.record("the demo store has no drafted PO to approve")
        }

        // Quit; the terminal is back to normal (main screen, cursor shown).
        try tmux.keys("q")
        #expect(try tmux.waitFor("EXITED 0"))
        #expect(try tmux.value("#{alternate_on}") == "0")
        #expect(try tmux.value("#{cursor_flag}") == "1")
    }

    @Test(.enabled(if: hasTmux)) func sigtermAndCtrlCRestoreTheTerminal() throws {
        let home = TemporaryDirectory("onepool-e2e")
        let store = home.child("store")
        try OnePoolBinary.succeed(["init", "--store", store], home: home.path)
        let tmux = Tmux(socket: home.child("tmux.sock"))
        defer { tmux.kill() }
        let environment = OnePoolBinary.environment(home: home.path, extra: ["TERM": "xterm-256color"])
        try tmux.start("\(OnePoolBinary.path) --store \(store)", environment: environment)
        #expect(try tmux.waitFor("1 Briefing"))
        #expect(try tmux.value("#{alternate_on}") == "1")
        let processes = try String(
            contentsOfFile: "/proc/\(try tmux.value("#{pane_pid}"))/task/\(try tmux.value("#{pane_pid}"))/children",
            encoding: .utf8)
        for pid in processes.split(separator: " ").compactMap({ Int32($0) }) { kill(pid, SIGTERM) }
        #expect(try tmux.waitFor("EXITED 143"), "SIGTERM did not end the console with 128 + 15:\n\(tmux.text)")
        #expect(try tmux.value("#{alternate_on}") == "0")

        try tmux.run([
            "respawn-pane", "-k", "-t", tmux.session,
            "env TERM=xterm-256color HOME=\(home.path) \(OnePoolBinary.path) --store \(store); echo EXITED $?; sleep 60",
        ])
        #expect(try tmux.waitFor("1 Briefing"))
        try tmux.keys("C-c")
        #expect(try tmux.waitFor("EXITED 130"), "Ctrl-C is an interruption: 130\n\(tmux.text)")
        #expect(try tmux.value("#{alternate_on}") == "0")
    }

    @Test(.enabled(if: hasTmux)) func aCrashStillRestoresTheTerminal() throws {
        let home = TemporaryDirectory("onepool-e2e")
        let store = home.child("store")
        try OnePoolBinary.succeed(["init", "--store", store], home: home.path)
        let tmux = Tmux(socket: home.child("tmux.sock"))
        defer { tmux.kill() }
        let environment = OnePoolBinary.environment(
            home: home.path, extra: ["TERM": "xterm-256color", "ONEPOOL_CONSOLE_CRASH_TEST": "1"])
        try tmux.start("\(OnePoolBinary.path) --store \(store)", environment: environment)
        #expect(try tmux.waitFor("EXITED"), "the console did not crash as asked:\n\(tmux.text)")
        #expect(!tmux.text.contains("EXITED 0"))
        // The crash's reason was written while the console had the screen: it is printed after.
        #expect(tmux.text.contains("crashing on purpose"), "the reason was lost:\n\(tmux.text)")
        #expect(try tmux.value("#{alternate_on}") == "0")
        #expect(try tmux.value("#{cursor_flag}") == "1")
    }

    @Test(.enabled(if: hasTmux)) func aTinyTerminalGetsAMessageNotGarbage() throws {
        let home = TemporaryDirectory("onepool-e2e")
        let store = home.child("store")
        try OnePoolBinary.succeed(["init", "--store", store], home: home.path)
        let tmux = Tmux(socket: home.child("tmux.sock"))
        defer { tmux.kill() }
        try tmux.start(
            "\(OnePoolBinary.path) --store \(store)",
            environment: OnePoolBinary.environment(home: home.path, extra: ["TERM": "xterm-256color"]))
        #expect(try tmux.waitFor("1 Briefing"))
        try tmux.run(["resize-window", "-t", tmux.session, "-x", "60", "-y", "20"])
        #expect(try tmux.waitFor("needs a terminal of at least 80×24"), "screen:\n\(tmux.text)")
        try tmux.run(["resize-window", "-t", tmux.session, "-x", "120", "-y", "40"])
        #expect(try tmux.waitFor("1 Briefing"))
        try tmux.keys("q")
        #expect(try tmux.waitFor("EXITED 0"))
    }
}

/// The user the console approves as (the same lookup onepool makes for its actor).
enum OperatingSystemUserName {
    static var current: String {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
    }
}
