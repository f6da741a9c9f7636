import Foundation
import OnePoolConsole
import Yams

/// Why a theme file was not used: the file, the line, the key, and what was expected.
public struct ThemeError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var key: String?
    public var message: String

    public init(file: String, line: Int?, key: String?, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? "")\(key.map { ": \($0)" } ?? ""): \(message)"
    }
}

/// Reads a theme from YAML (Yams, which keeps the line of every node for error messages).
///
/// ```yaml
/// name: default
/// description: Dark background
/// palette:                 # optional names for colours used below
///   accent: "#5fafff"
/// roles:
///   header: { fg: black, bg: accent, bold: true }
/// ```
/// Colours: default, black…white, bright-black…bright-white, #rrggbb, 0–255, or a palette name.
public enum ThemeLoader {
    static let styleKeys: Set<String> = ["fg", "bg", "bold", "underline", "reverse", "dim"]

    public static func load(file: String) throws(ThemeError) -> Theme {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ThemeError(file: file, line: nil, key: nil, message: "cannot be read (\(error.localizedDescription))")
        }
        return try parse(text, file: file)
    }

    public static func parse(_ text: String, file: String) throws(ThemeError) -> Theme {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ThemeError(file: file, line: nil, key: nil, message: "is empty: expected `name:` and `roles:`")
            }
            root = node
        } catch let error as ThemeError {
            throw error
        } catch let error as YamlError {
            throw ThemeError(
                file: file, line: Self.line(of: error), key: nil,
                message: "is not valid YAML: \(Self.problem(of: error))")
        } catch {
            throw ThemeError(file: file, line: nil, key: nil, message: "is not valid YAML: \(error)")
        }
        guard let top = root.mapping else {
            throw ThemeError(
                file: file, line: root.mark?.line, key: nil, message: "expected a mapping with `name:` and `roles:`")
        }
        var name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        var description = ""
        var palette: [String: TerminalColor] = [:]
        var styles: [Role: Style] = [:]
        for (keyNode, value) in top {
            let key = keyNode.string ?? ""
            switch key {
            case "name":
                name = try scalar(value, key: key, file: file)
            case "description":
                description = try scalar(value, key: key, file: file)
            case "palette":
                guard let entries = value.mapping else {
                    throw ThemeError(
                        file: file, line: value.mark?.line, key: key,
                        message: "expected colour names, e.g. `accent: \"#5fafff\"`")
                }
                for (entryKey, entryValue) in entries {
                    let entryName = entryKey.string ?? ""
                    let text = try scalar(entryValue, key: "palette.\(entryName)", file: file)
                    guard let color = TerminalColor(name: text) else {
                        throw ThemeError(
                            file: file, line: entryValue.mark?.line, key: "palette.\(entryName)",
                            message: badColor(text))
                    }
                    palette[entryName] = color
                }
            case "roles":
                guard let entries = value.mapping else {
                    throw ThemeError(
                        file: file, line: value.mark?.line, key: key,
                        message: "expected roles, e.g. `header: { fg: black, bg: cyan }`")
                }
                for (roleKey, styleNode) in entries {
                    let roleName = roleKey.string ?? ""
                    styles[Role(roleName)] = try style(styleNode, role: roleName, palette: palette, file: file)
                }
            default:
                throw ThemeError(
                    file: file, line: keyNode.mark?.line, key: key,
                    message: "unknown key: expected name, description, palette or roles")
            }
        }
        return Theme(name: name, description: description, styles: styles)
    }

    private static func style(_ node: Node, role: String, palette: [String: TerminalColor], file: String)
        throws(ThemeError) -> Style
    {
        guard let fields = node.mapping else {
            throw ThemeError(
                file: file, line: node.mark?.line, key: "roles.\(role)",
                message: "expected a style, e.g. { fg: red, bold: true }")
        }
        var style = Style()
        for (fieldKey, value) in fields {
            let field = fieldKey.string ?? ""
            let key = "roles.\(role).\(field)"
            switch field {
            case "fg", "bg":
                let text = try scalar(value, key: key, file: file)
                guard let color = palette[text] ?? TerminalColor(name: text) else {
                    throw ThemeError(file: file, line: value.mark?.line, key: key, message: badColor(text))
                }
                if field == "fg" { style.foreground = color } else { style.background = color }
            case "bold", "underline", "reverse", "dim":
                let text = try scalar(value, key: key, file: file)
                guard let flag = Bool(text.lowercased()) else {
                    throw ThemeError(
                        file: file, line: value.mark?.line, key: key, message: "'\(text)' is not true or false")
                }
                switch field {
                case "bold": style.bold = flag
                case "underline": style.underline = flag
                case "reverse": style.reverse = flag
                default: style.dim = flag
                }
            default:
                throw ThemeError(
                    file: file, line: fieldKey.mark?.line, key: key,
                    message: "unknown style key: expected \(styleKeys.sorted().joined(separator: ", "))")
            }
        }
        return style
    }

    private static func scalar(_ node: Node, key: String, file: String) throws(ThemeError) -> String {
        guard let text = node.string else {
            throw ThemeError(file: file, line: node.mark?.line, key: key, message: "expected a single value")
        }
        return text
    }

    private static func badColor(_ text: String) -> String {
        "'\(text)' is not a colour: expected default, black…white, bright-red…, #rrggbb, 0–255, or a palette name"
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        default: "\(error)"
        }
    }
}
