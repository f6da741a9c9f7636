import ArgumentParser

/// "Did you mean": a verb that does not exist is refused with the nearest verbs, before the
/// parser sees it — `onepool stok` and `onepool help stok` both say "did you mean 'stock'"
/// and exit 64 (the parser alone would print the root help and exit 0 for the second).
enum VerbSuggestion {
    /// Options of the bare `onepool` that take a value: their value is not a verb.
    static let rootValueOptions: Set<String> = ["--store", "--actor", "--theme"]

    /// The message for the first word that should name a verb (or a verb of a group such as
    /// `po`) and does not, or nil when every such word is known.
    static func problem(in arguments: [String], root: ParsableCommand.Type = OnePoolCommand.self) -> String? {
        var command = root
        var path = [root._commandName]
        var index = 0
        let asksForHelp = arguments.first == "help"
        if asksForHelp { index = 1 }
        while index < arguments.count {
            let word = arguments[index]
            if word.hasPrefix("-") {
                guard command == root, rootValueOptions.contains(word) else { return nil }
                index += 2
                continue
            }
            let verbs = command.configuration.subcommands
            guard !verbs.isEmpty else { return nil }
            if let next = verbs.first(where: { $0._commandName == word }) {
                command = next
                path.append(word)
                index += 1
                continue
            }
            let names = verbs.filter { $0.configuration.shouldDisplay }.map { $0._commandName }
            let near = nearest(word, among: names)
            // A group with a default verb (`onepool forecast SKU`, `onepool map CHANNEL …`) takes
            // other words as that verb's arguments: only a near miss of a lowercase verb is named.
            if command.configuration.defaultSubcommand != nil && !asksForHelp {
                guard !near.isEmpty, word == word.lowercased(), word.count >= 3 else { return nil }
            }
            let place = path.joined(separator: " ")
            let suggestion =
                near.isEmpty
                ? "expected one of \(names.joined(separator: ", "))"
                : "did you mean \(near.map { "'\($0)'" }.joined(separator: " or "))?"
            return "'\(word)' is not a verb of \(place): \(suggestion) (see `\(place) --help`)"
        }
        return nil
    }

    /// The names within a small edit distance of `word` (a typo, a swapped pair of letters) or
    /// that it begins, closest first.
    static func nearest(_ word: String, among names: [String]) -> [String] {
        let lowered = word.lowercased()
        let limit = lowered.count <= 4 ? 1 : 2
        let scored = names.compactMap { name -> (String, Int)? in
            if lowered.count >= 3, name.hasPrefix(lowered) { return (name, 0) }
            let distance = editDistance(lowered, name)
            return distance <= limit ? (name, distance) : nil
        }
        return scored.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(3).map(\.0)
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    /// neighbours each cost one.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
