import Testing

@testable import OnePoolCLI

/// Output keys: the ASCII shortcut of `OutputEncoder.snakeCase` gives what the general path gives.
@Suite struct OutputEncoderTests {
    @Test func knownKeysBecomeSnakeCase() {
        #expect(OutputEncoder.snakeCase("onHand") == "on_hand")
        #expect(OutputEncoder.snakeCase("rmsseJudged") == "rmsse_judged")
        #expect(OutputEncoder.snakeCase("coverage95") == "coverage95")
        #expect(OutputEncoder.snakeCase("SKU") == "s_k_u")
        #expect(OutputEncoder.snakeCase("") == "")
    }

    @Test func theASCIIPathAgreesWithTheGeneralOneOnRandomKeys() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@[`{~ ")
        for _ in 0..<5_000 {
            let length = Int.random(in: 0...24, using: &generator)
            let key = String((0..<length).map { _ in alphabet.randomElement(using: &generator) ?? "a" })
            #expect(OutputEncoder.asciiSnakeCase(key) == OutputEncoder.generalSnakeCase(key), "\(key)")
        }
    }

    @Test func aKeyWithOtherLettersTakesTheGeneralPath() {
        #expect(OutputEncoder.asciiSnakeCase("préçisÉ") == nil)
        #expect(OutputEncoder.snakeCase("préçisÉ") == "préçis_é")
        #expect(OutputEncoder.snakeCase("ÉtatCourant") == "état_courant")
    }
}
