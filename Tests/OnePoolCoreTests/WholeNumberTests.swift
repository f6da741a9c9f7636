import OnePoolCore
import Testing

/// The one reading of a typed whole number, as options and console fields both use it.
@Suite struct WholeNumberTests {
    @Test func readsSignsAndTheMinusSign() {
        #expect(WholeNumber.read("5", in: 0...10) == .success(5))
        #expect(WholeNumber.read("+5", in: 0...10) == .success(5))
        #expect(WholeNumber.read("-2", in: -5...5) == .success(-2))
        #expect(WholeNumber.read("\u{2212}2", in: -5...5) == .success(-2))
    }

    @Test func refusesWhatIsNotAWholeNumber() {
        for text in ["", "+", "-", "2.5", "ten", "1e3", " 5", "5 ", "٣", "--5", "0x10"] {
            #expect(WholeNumber.read(text, in: Int.min...Int.max) == .failure(.notWhole), "\(text)")
        }
    }

    @Test func numbersOfAnyLengthAreOutOfRangeNeverATrap() {
        #expect(WholeNumber.read("11", in: 0...10) == .failure(.outOfRange))
        #expect(WholeNumber.read("-1", in: 0...10) == .failure(.outOfRange))
        #expect(WholeNumber.read(String(repeating: "9", count: 400), in: 0...10) == .failure(.outOfRange))
        #expect(WholeNumber.read("-9223372036854775808", in: Int.min...Int.max) == .failure(.outOfRange))
        #expect(WholeNumber.read("9223372036854775807", in: Int.min...Int.max) == .success(Int.max))
    }
}
