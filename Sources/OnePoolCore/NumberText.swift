/// The one way OnePool writes a number or an amount, for people and for files alike.
///
/// Plain digits without thousands separators (83546, 83546.07): what a table shows can be
/// pasted back into a command or a spreadsheet, and a table, its CSV and its JSON never
/// disagree. Amounts always carry two decimals; a fractional quantity carries the places its
/// field states. The CLI's tables, Core's explanations and the console all write through here.
public enum NumberText {
    /// A whole number: "-12", "83546".
    public static func units(_ value: Int) -> String { String(value) }

    /// An amount with two decimals: "12.50", "-0.07". A sum that reached `Money`'s limit (see
    /// `Money.isSaturated`) is "too large" rather than a number nobody could trust.
    public static func money(_ value: Money) -> String {
        if value.isSaturated { return "too large" }
        let sign = value.cents < 0 ? "-" : ""
        let magnitude = value.cents.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// An amount where columns are narrow (the console): `money`, without the cents from 1000
    /// up, rounded to the nearest whole unit ("12.99", "83546"). The one compact form: still
    /// plain digits, so it reads like every other amount on the same screen.
    public static func compactMoney(_ value: Money) -> String {
        guard !value.isSaturated, value.cents.magnitude >= 100_000 else { return money(value) }
        let sign = value.cents < 0 ? "-" : ""
        return "\(sign)\((value.cents.magnitude + 50) / 100)"
    }

    /// `value` rounded to `places` decimals (0–6): "3.14", "12". Not a number is "—"; infinity
    /// is "∞" or "-∞"; a magnitude beyond 10^15 keeps Swift's shortest form ("1e+20").
    public static func fixed(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "—" : (value > 0 ? "∞" : "-∞") }
        let places = min(max(places, 0), 6)
        var scale: Int64 = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = (value.magnitude * Double(scale)).rounded()
        guard scaled < 9e15 else { return "\(value)" }
        let whole = Int64(scaled) / scale
        let fraction = Int64(scaled) % scale
        let sign = value < 0 && scaled > 0 ? "-" : ""
        guard places > 0 else { return "\(sign)\(whole)" }
        var digits = String(fraction)
        while digits.count < places { digits = "0" + digits }
        return "\(sign)\(whole).\(digits)"
    }

    /// `fixed`, or nil when there is no finite value to show (a CSV cell left empty).
    public static func fixedIfFinite(_ value: Double?, places: Int) -> String? {
        guard let value, value.isFinite else { return nil }
        return fixed(value, places: places)
    }

    /// A share as a percentage: 0.953 → "95.3%" with one place.
    public static func percent(_ fraction: Double, places: Int = 0) -> String {
        fixed(fraction * 100, places: places) + "%"
    }
}
