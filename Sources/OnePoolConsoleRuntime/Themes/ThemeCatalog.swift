import Foundation
import OnePoolConsole

/// The theme files OnePool can find, and the choice among them.
///
/// Looked for in `$ONEPOOL_THEMES`, `./Themes`, the `Themes` folder of the source tree the binary
/// was built in (so `swift run` finds them), and `~/.config/onepool/themes`. A broken file is
/// reported and skipped; the built-in default always exists.
public struct ThemeCatalog: Sendable {
    public private(set) var files: [String: String] = [:]
    public private(set) var names: [String] = []

    public init(environment: [String: String], executablePath: String) {
        var directories: [String] = []
        if let explicit = environment["ONEPOOL_THEMES"], !explicit.isEmpty { directories.append(explicit) }
        directories.append(FileManager.default.currentDirectoryPath + "/Themes")
        // .build/<triple>/debug/onepool → the package root holds Themes/.
        var folder = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            folder.deleteLastPathComponent()
            directories.append(folder.path + "/Themes")
        }
        if let home = environment["HOME"] { directories.append(home + "/.config/onepool/themes") }
        for directory in directories {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
            for entry in entries.sorted() where entry.hasSuffix(".yaml") || entry.hasSuffix(".yml") {
                let name = String(entry.prefix(while: { $0 != "." }))
                if files[name] == nil { files[name] = directory + "/" + entry }
            }
        }
        names = files.keys.sorted { lhs, rhs in
            // default first, then alphabetical: cycling starts where the operator began.
            lhs == "default" ? rhs != "default" : rhs == "default" ? false : lhs < rhs
        }
    }

    /// Loads a theme by name. On any problem returns the built-in default and says why.
    public func load(_ name: String) -> (theme: Theme, problem: String?) {
        guard let file = files[name] else {
            let known = names.isEmpty ? "none found" : names.joined(separator: ", ")
            return (Theme.builtIn, "no theme named '\(name)' (known: \(known)); using the built-in default")
        }
        do {
            return (try ThemeLoader.load(file: file), nil)
        } catch {
            return (Theme.builtIn, "\(error); using the built-in default")
        }
    }

    /// The theme after `name` in cycling order.
    public func next(after name: String) -> String {
        guard !names.isEmpty else { return name }
        guard let index = names.firstIndex(of: name) else { return names[0] }
        return names[(index + 1) % names.count]
    }
}
