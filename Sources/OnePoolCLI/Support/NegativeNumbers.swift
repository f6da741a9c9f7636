/// Lets `onepool adjust SKU -2` mean minus two.
///
/// swift-argument-parser reads any word starting with "-" as an option, so a negative number
/// typed where a quantity belongs would be reported as a missing argument. Before parsing, a
/// word that is only a minus sign and digits is rewritten with U+2212 (the minus sign), which
/// the option ranges (`WholeRange.read`) read back as negative. Options never look like that.
public enum NegativeNumbers {
    public static let minus = "\u{2212}"

    public static func protect(_ arguments: [String]) -> [String] {
        arguments.map { word in
            guard word.count > 1, word.first == "-", word.dropFirst().allSatisfy(\.isNumber) else { return word }
            return minus + word.dropFirst()
        }
    }

    /// Reads "5", "+5", "-5" or "−5".
    static func parse(_ text: String) -> Int? {
        if text.hasPrefix(minus) { return Int(text.dropFirst()).map { -$0 } }
        return Int(text.hasPrefix("+") ? String(text.dropFirst()) : text)
    }
}
