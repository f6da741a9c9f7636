import OnePoolCore
import Testing

@Suite struct MoneyTests {
    @Test(arguments: [
        ("12", 1200), ("12.5", 1250), ("12.50", 1250), ("0.99", 99), (".5", 50), ("-3.10", -310), ("1,234.50", 123_450),
    ])
    func parsesAmountsPeopleType(text: String, cents: Int64) {
        #expect(Money.parse(text) == Money(cents: cents))
    }

    @Test(arguments: ["", "abc", "1.234", "1.2.3", "12a", "-", ".", "99999999999999999999"])
    func refusesAmountsThatMeanNothingExact(text: String) {
        #expect(Money.parse(text) == nil)
    }

    @Test func formatsWithTwoDecimals() {
        #expect(Money(cents: 1205).description == "12.05")
        #expect(Money(cents: -7).description == "-0.07")
        #expect(Money(cents: 0).description == "0.00")
    }
}
