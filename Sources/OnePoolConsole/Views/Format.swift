import OnePoolCore

/// Numbers and money as the console prints them: every figure on screen goes through here, so
/// moving to the product's one formatter is a change to this file only.
enum Format {
    /// 1234567 → "1,234,567".
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// Money as Core writes it where columns are narrow (`NumberText.compactMoney`: "12.99",
    /// "83546"), so a column reads like the amounts in the text beside it.
    static func money(_ value: Money) -> String { NumberText.compactMoney(value) }
}
