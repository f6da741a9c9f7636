import OnePoolCore
import Testing

@Suite struct MoneyTests {
    @Test(arguments: [
        ("12", 1200), ("12.5", 1250), ("12.50", 1250), ("0.99", 99), (".5", 50), ("-3.10", -310), ("1,234.50", 123_450),
        ("1,299.00", 129_900), ("1,299", 129_900), ("12,345,678.90", 1_234_567_890), (" 7.25 ", 725), ("+4", 400),
    ])
    func parsesAmountsPeopleType(text: String, cents: Int64) {
        #expect(Money.parse(text) == Money(cents: cents))
    }

    @Test(arguments: [
        "", "abc", "1.234", "1.2.3", "12a", "-", ".", "99999999999999999999", "1,50", "12,99", "1,2,3",
        "1 299",
    ])
    func refusesAmountsThatMeanNothingExact(text: String) {
        #expect(Money.parse(text) == nil)
    }

    /// A decimal comma is never read as a thousands separator: "1,50" is refused with the amount
    /// written as expected, never taken as 150.00.
    @Test(arguments: [("1,50", "1.50"), ("12,99", "12.99"), ("12,5", "12.5"), ("-0,07", "-0.07"), ("1 299,5", nil)])
    func aDecimalCommaIsRefusedWithTheAmountWrittenRight(text: String, suggestion: String?) {
        let problem = #expect(throws: AmountProblem.self) { try Money.read(text, allowNegative: true) }
        if let suggestion {
            #expect(problem?.kind == .otherDecimalSeparator(suggestion: suggestion))
            #expect(problem?.description == "'\(text)' has a decimal comma: write \(suggestion)")
        } else {
            #expect(problem?.kind == .notANumber)
        }
    }

    @Test(arguments: [("1,50", 150), ("12,99", 1299), ("1.299,00", 129_900), ("1 299,00", 129_900), ("1299", 129_900)])
    func aDeclaredDecimalCommaReadsEuropeanAmounts(text: String, cents: Int64) throws {
        #expect(try Money.read(text, decimalComma: true) == Money(cents: cents))
    }

    @Test func aDecimalPointUnderADeclaredDecimalCommaIsNamed() {
        let problem = #expect(throws: AmountProblem.self) { try Money.read("12.99", decimalComma: true) }
        #expect(problem?.description == "'12.99' has a decimal point where a decimal comma was declared: write 12,99")
    }

    @Test func eachRefusalSaysWhatIsWrong() {
        func problem(_ text: String, negative: Bool = false, maximum: Int64 = Bounds.unitCents) -> String {
            do {
                _ = try Money.read(text, allowNegative: negative, maximumCents: maximum)
                return "accepted"
            } catch {
                return error.description
            }
        }
        #expect(problem("12.345") == "'12.345' has too many decimals: at most 2 decimals")
        #expect(problem("1000000.01") == "'1000000.01' is too large: at most 1000000.00")
        #expect(problem("99999999999999999999999") == "'99999999999999999999999' is too large: at most 1000000.00")
        #expect(problem("-3") == "'-3' is negative: expected 0 or more")
        #expect(problem("-3", negative: true) == "accepted")
        #expect(problem("   ") == "'   ' is empty: expected an amount such as 12.99")
        #expect(problem("12 EUR") == "'12 EUR' is not an amount: expected a number such as 12.99 or 1,299.00")
        #expect(problem("5000", maximum: Bounds.totalCents) == "accepted")
    }

    @Test func formatsWithTwoDecimals() {
        #expect(Money(cents: 1205).description == "12.05")
        #expect(Money(cents: -7).description == "-0.07")
        #expect(Money(cents: 0).description == "0.00")
        #expect(Money(cents: 8_354_607).description == "83546.07")
        #expect((Money(cents: Int64.max - 1) + Money(cents: 5)).description == "too large")
    }
}

@Suite struct NumberTextTests {
    @Test(arguments: [
        (3.14159, 2, "3.14"), (2.5, 0, "3"), (-0.04, 1, "0.0"), (-1.25, 1, "-1.3"), (1e20, 1, "1e+20"),
        (0.5, 3, "0.500"),
        (Double.nan, 1, "—"), (Double.infinity, 1, "∞"), (-Double.infinity, 0, "-∞"), (83546.07, 2, "83546.07"),
    ])
    func fixedPlacesWithoutTrapping(value: Double, places: Int, text: String) {
        #expect(NumberText.fixed(value, places: places) == text)
    }

    @Test func percentAndOptionalValues() {
        #expect(NumberText.percent(0.953, places: 1) == "95.3%")
        #expect(NumberText.fixedIfFinite(nil, places: 1) == nil)
        #expect(NumberText.fixedIfFinite(.infinity, places: 1) == nil)
        #expect(NumberText.fixedIfFinite(1.25, places: 1) == "1.3")
        #expect(NumberText.units(-83546) == "-83546")
    }
}
