import ArgumentParser
import Foundation
import OnePoolTestSupport
import Testing

@testable import OnePoolCLI

/// Every numeric option and argument of every verb — found in the binary's own help dump, so a
/// new one is covered without being listed — fed random integers, huge numbers and odd strings.
/// A value the parser refuses must be refused with what was expected (checked in process: the
/// parser runs before anything is opened); a value it accepts is run by the real binary on a
/// fresh copy of `BadInputFixture`, which must exit normally (no signal, no hang) and, when it
/// refuses, leave every store file as it was.
@Suite struct NumericOptionPropertyTests {
    /// One verb as `--experimental-dump-help` describes it.
    struct Verb: Sendable, CustomTestStringConvertible {
        var path: [String]
        var numeric: [NumericArgument]
        /// Every option's long name (for the check that no number option lacks a range).
        var options: [String]
        var testDescription: String { path.joined(separator: " ") }
    }

    /// An option or positional argument whose help states a range.
    struct NumericArgument: Sendable {
        enum Kind: Sendable { case whole, fraction, amount }
        var option: String?
        var placeholder: String
        var kind: Kind
        var lower: Double
        var upper: Double
        /// The bounds as written (a whole range's may exceed what a Double holds exactly).
        var lowerText: String
        var upperText: String

        /// The same argument in another verb: its name and range.
        var key: String { "\(option ?? placeholder) \(lowerText)–\(upperText)" }
    }

    /// A valid invocation of every verb; `<quantity>` and `<delta>` stand where a numeric
    /// argument goes (1 unless it is the one under test), `$DIR` for the run's directory.
    static let bases: [String: [String]] = [
        "init": ["init", "--store", "$DIR/new"], "demo": ["demo", "--store", "$DIR/demo", "--no-console"],
        "channel add": ["channel", "add", "ebay"], "channel set": ["channel", "set", "shopify"],
        "channel list": ["channel", "list"],
        "sku add": ["sku", "add", "NEW", "--title", "New"], "sku set": ["sku", "set", "MUG"],
        "sku list": ["sku", "list"],
        "sku show": ["sku", "show", "MUG"], "stock": ["stock"], "receive": ["receive", "MUG", "<quantity>"],
        "count": ["count", "MUG", "<quantity>", "--reason", "shelf"],
        "adjust": ["adjust", "MUG", "<delta>", "--reason", "found"],
        "hold": ["hold", "MUG", "<quantity>", "--reason", "promise"], "release": ["release", "MUG", "<quantity>"],
        "damage": ["damage", "MUG", "<quantity>", "--reason", "chipped"], "restore": ["restore", "MUG", "<quantity>"],
        "safety": ["safety", "MUG", "<quantity>"],
        "sell": ["sell", "--channel", "shopify", "--order", "P1", "MUG", "<quantity>"],
        "reserve": ["reserve", "--channel", "shopify", "TEA", "<quantity>"],
        "cancel": ["cancel", "--channel", "shopify", "--order", "S19"],
        "ship": ["ship", "--channel", "shopify", "--order", "S19"], "import": ["import", "$DIR/o.csv"],
        "return": ["return", "--channel", "shopify", "--order", "S19", "MUG", "<quantity>"],
        "inspect": ["inspect", "MUG", "<quantity>", "--restock"], "returns": ["returns"],
        "map set": ["map", "set", "amazon", "L7", "MUG"], "map import": ["map", "import", "$DIR/m.csv"],
        "map list": ["map", "list"],
        "bundle add": ["bundle", "add", "KIT", "--title", "Kit", "--component", "MUG:2"],
        "bundle remove": ["bundle", "remove", "KIT"], "bundle list": ["bundle", "list"],
        "bundle show": ["bundle", "show", "KIT"], "bundle import": ["bundle", "import", "$DIR/b.csv"],
        "assemble": ["assemble", "BOX", "<quantity>", "--component", "MUG:1"],
        "disassemble": ["disassemble", "BOX", "<quantity>", "--component", "MUG:1"],
        "allocation": ["allocation"], "publish": ["publish", "--channel", "shopify"],
        "forecast show": ["forecast", "show", "MUG"],
        "forecast evaluate": ["forecast", "evaluate", "--data", "$DIR/d.csv", "--horizon", "2"],
        "supplier add": ["supplier", "add", "NEW", "--lead-time", "3"], "supplier set": ["supplier", "set", "ACME"],
        "supplier item": ["supplier", "item", "ACME", "MUG", "--cost", "3"], "supplier list": ["supplier", "list"],
        "approver add": ["approver", "add", "bob", "--limit", "100"],
        "approver set": ["approver", "set", "ana", "--limit", "100"], "approver remove": ["approver", "remove", "ana"],
        "approver list": ["approver", "list"], "autonomy": ["autonomy", "ACME", "recommend"],
        "po draft": ["po", "draft"],
        "po list": ["po", "list"], "po show": ["po", "show", "PO-00001"], "po approve": ["po", "approve", "PO-00001"],
        "po reject": ["po", "reject", "PO-00001", "--reason", "no"],
        "po edit": ["po", "edit", "PO-00001", "--sku", "MUG", "--qty", "6"],
        "po send": ["po", "send", "PO-00001", "--out", "$DIR/out"],
        "po receive": ["po", "receive", "PO-00001", "--sku", "MUG", "--qty", "1"],
        "po close": ["po", "close", "PO-00001"], "po cancel": ["po", "cancel", "PO-00001", "--reason", "no"],
        "briefing": ["briefing"], "settings show": ["settings", "show"],
        "settings set": ["settings", "set", "--horizon", "30"],
        "shadow": ["shadow"], "reorder": ["reorder"], "simulate": ["simulate"], "log": ["log"], "doctor": ["doctor"],
        "snapshot": ["snapshot"],
        "stress-append": ["stress-append", "--channel", "shopify", "--sku", "MUG", "--count", "1"],
        // Live sync: no connection in the fixture's configuration, so these are refused before
        // any request (what the fuzzing checks is the parsing and a clean refusal).
        "sync": ["sync"],
        "connect shopify": ["connect", "shopify", "--shop", "a.myshopify.com", "--token-file", "$DIR/token"],
        "connect amazon": [
            "connect", "amazon", "--region", "na", "--seller-id", "A1", "--marketplace", "M1", "--client-id", "x",
            "--client-secret-file", "$DIR/secret", "--refresh-token-file", "$DIR/refresh",
        ],
    ]

    /// Verbs whose accepted values are only parsed, not run: `demo` builds a whole store and
    /// `stress-append` appends until a count that may be a billion; `sync --every N` runs until
    /// SIGTERM.
    static let parseOnly: Set<String> = ["demo", "stress-append", "sync"]

    static let files = [
        "o.csv": "channel,order_id,line,sku,qty,unit_price,placed_at,status\nshopify,F1,1,MUG,1,2.00,2026-03-20,open\n",
        "m.csv": "channel,listing,sku,pack\namazon,L8,MUG,2\n",
        "d.csv": "series_id,period,demand\n" + (1...12).map { "a,\($0),\($0 % 3)" }.joined(separator: "\n") + "\n",
    ]

    static let verbs: [Verb] = {
        guard let dump = try? OnePoolBinary.run(["--experimental-dump-help"], home: NSTemporaryDirectory()),
            let root = try? JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any],
            let command = root["command"] as? [String: Any]
        else { return [] }
        var verbs: [Verb] = []
        func walk(_ command: [String: Any], _ path: [String]) {
            let subcommands = command["subcommands"] as? [[String: Any]] ?? []
            if subcommands.isEmpty, !path.isEmpty, path != ["help"] { verbs.append(verb(command, path)) }
            for sub in subcommands { walk(sub, path + [sub["commandName"] as? String ?? ""]) }
        }
        walk(command, [])
        return verbs
    }()

    private static func verb(_ command: [String: Any], _ path: [String]) -> Verb {
        var numeric: [NumericArgument] = []
        var options: [String] = []
        let range = /(-?\d+(?:\.\d+)?)(?:–| to )(-?\d+(?:\.\d+)?)/
        for argument in command["arguments"] as? [[String: Any]] ?? [] {
            let names = (argument["names"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            let long = names.first { $0.count > 1 }
            let kind = argument["kind"] as? String
            if kind == "option", let long { options.append(long) }
            guard kind == "option" || kind == "positional", let abstract = argument["abstract"] as? String,
                let match = abstract.firstMatch(of: range), let lower = Double(match.1), let upper = Double(match.2)
            else { continue }
            let type: NumericArgument.Kind =
                match.2.hasSuffix(".00") ? .amount : (match.1.contains(".") ? .fraction : .whole)
            numeric.append(
                NumericArgument(
                    option: kind == "option" ? long.map { "--\($0)" } : nil,
                    placeholder: "<\(argument["valueName"] as? String ?? "")>",
                    kind: type, lower: lower, upper: upper, lowerText: String(match.1), upperText: String(match.2)))
        }
        return Verb(path: path, numeric: numeric, options: options)
    }

    /// Values for one argument: its edges and, when `full`, numbers of every size, odd strings and
    /// `count` random ones.
    static func values(for argument: NumericArgument, full: Bool, random: inout SplitMix64, count: Int) -> [String] {
        let lower = argument.lower
        let upper = argument.upper
        var values: [String]
        switch argument.kind {
        case .whole:
            let lo = Int(argument.lowerText) ?? 0
            let hi = Int(argument.upperText) ?? Int.max
            values = [
                "\(lo - 1)", "\(lo)", "\(hi)", "\(hi &+ 1)",
                "\(Int.random(in: lo...min(hi, lo + 1_000), using: &random))",
            ]
        case .fraction:
            values = [
                "\(lower - 0.01)", "\(lower)", "\(upper)", "\((lower + upper) / 2)", "\(upper + 0.001)", "1",
                "0.9999999",
            ]
        case .amount:
            values = [
                argument.lowerText, argument.upperText, "0.01", "12.5", "1,299.00", "12,99", "-0.01", "0.001", "1e6",
                "\(upper + 0.01)",
                "1 000", "12.", ".",
            ]
        }
        guard full else { return values }
        values += [
            "0", "-1", "9223372036854775808", "-9223372036854775808", "99999999999999999999999", "1e9", "1.5",
            "abc", "", "\u{2212}5", "１２", "0x10", "+3", "nan", "4006381333931",
        ]
        for _ in 0..<count where full {
            let digits = Int.random(in: 0...19, using: &random)
            var magnitude: UInt64 = 1
            for _ in 0..<digits { magnitude = magnitude &* 10 }
            let value = Int64(
                truncatingIfNeeded: UInt64.random(in: 0...max(1, magnitude), using: &random) % UInt64(Int64.max))
            values.append(Bool.random(using: &random) ? "\(value)" : "-\(value)")
        }
        return values
    }

    /// The arguments with `value` given to `argument` (and every other placeholder at 1).
    static func arguments(_ base: [String], _ argument: NumericArgument, _ value: String) -> [String] {
        var words = base.map { $0 == argument.placeholder && argument.option == nil ? value : $0 }
        words = words.map { $0.hasPrefix("<") && $0.hasSuffix(">") ? "1" : $0 }
        if let option = argument.option {
            // An option given twice takes the last value: the base's own value stays valid.
            words += ["\(option)=\(value)"]
        }
        return words
    }

    /// Parses as `onepool` would, but with the verb's own command type: the parser checks the
    /// whole command tree on every root parse in a debug build, which would make thousands of
    /// parses take minutes. The values go through the same transforms either way.
    static func parse(_ arguments: [String], path: [String]) -> (refused: Bool, code: Int32, message: String) {
        var command: ParsableCommand.Type = OnePoolCommand.self
        for name in path {
            guard let next = command.configuration.subcommands.first(where: { $0._commandName == name }) else { break }
            command = next
        }
        let words = NegativeNumbers.protect(Array(arguments.dropFirst(path.count)))
        do {
            _ = try command.parse(words)
            return (false, 0, "")
        } catch {
            return (true, command.exitCode(for: error).rawValue, command.fullMessage(for: error))
        }
    }

    struct Run {
        var status: Int32
        var signalled: Bool
        var hung: Bool
        var stderr: String
    }

    /// The binary with output to files (no pipe can fill) and a time limit.
    static func run(_ arguments: [String], directory: TemporaryDirectory, store: String) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: OnePoolBinary.path)
        process.arguments = arguments
        process.environment = OnePoolBinary.environment(
            home: directory.path, extra: BadInputFixture.now.merging(["ONEPOOL_STORE": store]) { $1 })
        FileManager.default.createFile(atPath: directory.child("stdout"), contents: nil)
        FileManager.default.createFile(atPath: directory.child("stderr"), contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: directory.child("stdout"))
        process.standardError = FileHandle(forWritingAtPath: directory.child("stderr"))
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        let hung = process.isRunning
        if hung { process.terminate() }
        process.waitUntilExit()
        let stderr = String(decoding: RawFile.bytes(directory.child("stderr")), as: UTF8.self)
        return Run(
            status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal, hung: hung,
            stderr: stderr)
    }

    @Test func everyVerbHasABaseInvocationAndTheDumpFindsTheNumericOptions() {
        #expect(Self.verbs.count >= 50)
        for verb in Self.verbs {
            #expect(
                Self.bases[verb.path.joined(separator: " ")] != nil,
                "no base invocation for `onepool \(verb.testDescription)`: add one")
        }
        let numeric = Self.verbs.flatMap(\.numeric)
        #expect(numeric.count >= 55)
        #expect(numeric.contains { $0.kind == .amount } && numeric.contains { $0.kind == .fraction })
    }

    /// No option takes a number without saying its range: a huge number given to any option of
    /// any verb is either taken as text or refused with what was expected.
    @Test(arguments: verbs)
    func noNumberOptionLacksARange(_ verb: Verb) throws {
        let base = try #require(Self.bases[verb.path.joined(separator: " ")]).map { $0.hasPrefix("<") ? "1" : $0 }
        for option in verb.options where !["store", "actor", "help", "version"].contains(option) {
            let arguments = base + ["--\(option)", "99999999999999999999"]
            let parsed = Self.parse(arguments, path: verb.path)
            if parsed.message.contains("is invalid for") {
                let command = "`onepool \(arguments.joined(separator: " "))`"
                #expect(
                    parsed.message.contains("expected") || parsed.message.contains("Please provide one of"),
                    "\(command) refuses a number without saying what it expects: \(parsed.message)")
            }
        }
    }

    /// An option shared by several verbs (the policy options, a quantity argument) reads its value
    /// with the same range and code in each: it is fed every kind of value in the first verb that
    /// has it, and only its edges in the others (each parse of a large verb takes a while).
    static let fullyFuzzedIn: [String: String] = {
        var owners: [String: String] = [:]
        for verb in verbs {
            for argument in verb.numeric where owners[argument.key] == nil {
                owners[argument.key] = verb.testDescription
            }
        }
        return owners
    }()

    @Test(arguments: verbs)
    func randomNumbersNeverCrashAndRefusalsChangeNothing(_ verb: Verb) throws {
        let key = verb.path.joined(separator: " ")
        let base = try #require(Self.bases[key])
        let seed = UInt64(ProcessInfo.processInfo.environment["ONEPOOL_PROPERTY_SEED"] ?? "") ?? 20_261_206
        var random = SplitMix64(seed: seed &+ UInt64(truncatingIfNeeded: key.hashValueStable))
        let fixture = try BadInputFixture.shared.get()
        for argument in verb.numeric {
            var accepted: [[String]] = []
            let full = Self.fullyFuzzedIn[argument.key] == key
            for value in Self.values(for: argument, full: full, random: &random, count: 3) {
                let arguments = Self.arguments(base, argument, value)
                let parsed = Self.parse(
                    arguments.map { $0.replacingOccurrences(of: "$DIR", with: "/nonexistent") }, path: verb.path)
                guard parsed.refused else {
                    accepted.append(arguments)
                    continue
                }
                let described = "`onepool \(arguments.joined(separator: " "))` (seed \(seed))"
                #expect(parsed.code != 0, "\(described) printed help instead of refusing")
                #expect(
                    parsed.message.contains("expected") || parsed.message.contains("Please provide one of")
                        || parsed.message.contains("Missing"),
                    "\(described): \(parsed.message)")
            }
            #expect(
                !accepted.isEmpty,
                "no value in range was accepted for \(argument.option ?? argument.placeholder) of \(key)")
            guard !Self.parseOnly.contains(key) else { continue }
            // The binary runs the range's two edges and one other accepted value, chosen at random:
            // every accepted value is a whole run of a verb, so a few per argument keep the suite fast.
            let edges = accepted.prefix(2)
            let others = accepted.dropFirst(2)
            let chosen =
                Array(edges)
                + (others.isEmpty ? [] : [others[others.startIndex + Int.random(in: 0..<others.count, using: &random)]])
            for arguments in chosen {
                let described = "`onepool \(arguments.joined(separator: " "))` (seed \(seed))"
                let (directory, store) = try fixture.copy()
                for (name, content) in Self.files {
                    try content.write(toFile: directory.child(name), atomically: true, encoding: .utf8)
                }
                let before = BadInputFixture.contents(of: store)
                let result = try Self.run(
                    arguments.map { $0.replacingOccurrences(of: "$DIR", with: directory.path) }, directory: directory,
                    store: store)
                #expect(
                    !result.signalled && !result.hung,
                    "\(described) crashed or hung (status \(result.status)): \(result.stderr.prefix(600))")
                #expect(
                    [0, 1, 3].contains(result.status),
                    "\(described) exited \(result.status): \(result.stderr.prefix(300))")
                if result.status != 0 {
                    #expect(BadInputFixture.contents(of: store) == before, "\(described) refused but changed the store")
                }
            }
        }
    }
}

extension String {
    /// A hash that is the same in every run (Swift's `hashValue` is seeded per process).
    fileprivate var hashValueStable: UInt64 {
        utf8.reduce(14_695_981_039_346_656_037) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
    }
}
