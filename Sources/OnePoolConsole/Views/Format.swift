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

    /// Money with grouped thousands; without cents from 1,000 up, so columns stay narrow
    /// ("83,546" and "12.99", never "83546.07").
    static func money(_ value: Money) -> String {
        let cents = value.cents.magnitude
        let sign = value.cents < 0 ? "-" : ""
        if cents >= 100_000 { return sign + count(Int(cents / 100)) }
        let fraction = cents % 100
        return sign + count(Int(cents / 100)) + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }
}
