import OnePoolCore

/// Numbers and money as the console prints them: every figure on screen goes through here, and
/// from here through Core's `NumberText`, the one way OnePool writes a number (no thousands
/// separators of the console's own).
enum Format {
    /// A count as every other number of OnePool is written (`NumberText.units`: plain digits,
    /// "1234567"), so a count reads like the amounts beside it and can be pasted into a command.
    static func count(_ value: Int) -> String { NumberText.units(value) }

    /// Money as Core writes it where columns are narrow (`NumberText.compactMoney`: "12.99",
    /// "83546"), so a column reads like the amounts in the text beside it.
    static func money(_ value: Money) -> String { NumberText.compactMoney(value) }
}
