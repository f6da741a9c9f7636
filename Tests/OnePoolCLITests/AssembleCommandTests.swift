import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolTestSupport
import Testing

/// `onepool assemble` and `disassemble`: kits made in advance move stock between SKUs in one
/// batch, all or nothing, with each refusal; and `onepool return` of a bundle line.
@Suite struct AssembleCommandTests {
    /// MUG 10, TEA 7, BOX (a kit SKU, none on hand), GIFT = 2 MUG + 1 TEA (a bundle).
    private func store() throws -> (TemporaryDirectory, String) {
        let home = TemporaryDirectory("onepool-assemble")
        let store = home.child("store")
        for arguments in [
            ["init", "--time-zone", "UTC"], ["channel", "add", "shopify"],
            ["sku", "add", "MUG", "--title", "Blue mug", "--price", "12", "--cost", "3"], ["receive", "MUG", "10"],
            ["sku", "add", "TEA", "--title", "Tea", "--price", "5", "--cost", "1"], ["receive", "TEA", "7"],
            ["sku", "add", "BOX", "--title", "Gift box", "--price", "30", "--cost", "8"],
            ["bundle", "add", "GIFT", "--title", "Gift set", "--component", "MUG:2", "--component", "TEA:1"],
        ] {
            try OnePoolBinary.succeed(arguments + ["--store", store], home: home.path)
        }
        return (home, store)
    }

    private func run(_ arguments: [String], _ home: TemporaryDirectory, _ store: String) throws -> OnePoolBinary.Result
    {
        try OnePoolBinary.run(arguments + ["--store", store], home: home.path)
    }

    private func expectRefused(
        _ arguments: [String], saying words: [String], _ home: TemporaryDirectory, _ store: String
    ) throws {
        let before = try Store.open(at: store).state.lastSequence
        let result = try run(arguments, home, store)
        #expect(result.status != 0, "\(arguments) was accepted")
        for word in words { #expect(result.stderr.contains(word), "\(arguments): \(result.stderr)") }
        #expect(try Store.open(at: store).state.lastSequence == before, "\(arguments) wrote something")
    }

    @Test func assemblingMovesComponentsIntoTheKitInOneBatch() throws {
        let (home, store) = try store()
        let before = try Store.open(at: store).state.lastSequence
        let made = try run(["assemble", "BOX", "3", "--component", "MUG:2", "--component", "TEA:1"], home, store)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("Assembled 3 × BOX"))
        let state = try Store.open(at: store).state
        #expect(state.stock("MUG")?.onHand == 4 && state.stock("TEA")?.onHand == 4 && state.stock("BOX")?.onHand == 3)
        #expect(state.lastSequence == before + 3)
        var reasons: [String] = []
        try Store.open(at: store).forEachEvent { event in
            if case .adjusted(_, _, let reason) = event.change { reasons.append(reason) }
        }
        #expect(reasons.suffix(3).allSatisfy { $0 == "assembled 3 × BOX (MUG × 2 + TEA × 1)" })

        let apart = try run(["disassemble", "BOX", "1", "--from", "GIFT", "--format", "json"], home, store)
        #expect(apart.status == 0, "\(apart.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(apart.stdout.utf8)) as? [String: Any]
        #expect(document?["direction"] as? String == "disassemble")
        #expect(document?["kits"] as? Int == 1)
        let after = try Store.open(at: store).state
        #expect(after.stock("MUG")?.onHand == 6 && after.stock("TEA")?.onHand == 5 && after.stock("BOX")?.onHand == 2)
    }

    @Test func aReferenceMakesARetryChangeNothing() throws {
        let (home, store) = try store()
        try OnePoolBinary.succeed(
            ["assemble", "BOX", "2", "--from", "GIFT", "--ref", "WO-1", "--store", store], home: home.path)
        let sequence = try Store.open(at: store).state.lastSequence
        let again = try run(["assemble", "BOX", "2", "--from", "GIFT", "--ref", "WO-1"], home, store)
        #expect(again.status == 0 && again.stdout.contains("Already recorded"), "\(again.stdout)")
        #expect(try Store.open(at: store).state.lastSequence == sequence)
        // The same reference with another quantity is a changed fact: refused, not "already recorded".
        try expectRefused(
            ["assemble", "BOX", "1", "--from", "GIFT", "--ref", "WO-1"],
            saying: ["recorded before with other units", "its own reference (--ref)"], home, store)
        #expect(try Store.open(at: store).state.lastSequence == sequence)
    }

    @Test func eachRefusalSaysWhyAndWritesNothing() throws {
        let (home, store) = try store()
        // 6 kits need 12 MUG; 10 are free. Nothing moves, not even TEA.
        try expectRefused(
            ["assemble", "BOX", "6", "--from", "GIFT"], saying: ["MUG", "wanted 12", "is 10"], home, store)
        try OnePoolBinary.succeed(["hold", "TEA", "5", "--reason", "promo", "--store", store], home: home.path)
        try expectRefused(
            ["assemble", "BOX", "3", "--from", "GIFT"], saying: ["TEA", "wanted 3", "is 2"], home, store)
        try expectRefused(["assemble", "GIFT", "1", "--component", "MUG:1"], saying: ["bundle"], home, store)
        try expectRefused(["assemble", "BOX", "1", "--component", "NOPE:1"], saying: ["NOPE"], home, store)
        try expectRefused(["assemble", "BOX", "1", "--component", "BOX:1"], saying: ["itself"], home, store)
        try expectRefused(["assemble", "BOX", "1", "--component", "GIFT:1"], saying: ["GIFT", "bundle"], home, store)
        try expectRefused(
            ["assemble", "BOX", "1", "--component", "MUG:1", "--component", "MUG:2"], saying: ["twice"], home, store)
        try expectRefused(["assemble", "BOX", "1", "--component", "MUG:1001"], saying: ["1000"], home, store)
        try expectRefused(["assemble", "BOX", "1"], saying: ["--component", "--from"], home, store)
        try expectRefused(
            ["assemble", "BOX", "1", "--from", "GIFT", "--component", "MUG:1"], saying: ["not both"], home, store)
        try expectRefused(["assemble", "BOX", "1", "--from", "TEA"], saying: ["not a bundle"], home, store)
        try expectRefused(["assemble", "BOX", "0", "--from", "GIFT"], saying: ["quantity", "1–10000000"], home, store)
        try expectRefused(
            ["disassemble", "BOX", "1", "--from", "GIFT"], saying: ["BOX", "wanted 1", "is 0"], home, store)
    }

    @Test func theHelpTeaches() throws {
        let home = TemporaryDirectory("onepool-assemble-help")
        let help = try OnePoolBinary.run(["assemble", "--help"], home: home.path)
        for words in ["--component", "--from", "--ref", "all or nothing", "free", "Examples"] {
            #expect(help.stdout.contains(words), "\(words)")
        }
    }

    @Test func aBundleLineComesBackAsItsComponents() throws {
        let (home, store) = try store()
        for arguments in [
            ["sell", "--channel", "shopify", "--order", "7", "GIFT", "2"],
            ["ship", "--channel", "shopify", "--order", "7"],
            ["bundle", "add", "GIFT", "--component", "TEA:4", "--replace"],
        ] {
            try OnePoolBinary.succeed(arguments + ["--store", store], home: home.path)
        }
        let back = try run(
            ["return", "--channel", "shopify", "--order", "7", "GIFT", "1", "--reason", "torn"], home, store)
        #expect(back.status == 0, "\(back.stderr)")
        #expect(back.stdout.contains("its components await inspection"), "\(back.stdout)")
        #expect(back.stdout.contains("MUG: 2 back") && back.stdout.contains("TEA: 1 back"), "\(back.stdout)")
        let state = try Store.open(at: store).state
        #expect(state.returns.awaitingUnits("MUG") == 2 && state.returns.awaitingUnits("TEA") == 1)
        // One more than shipped (in bundles) is refused; so is inspecting the bundle itself.
        try expectRefused(
            ["return", "--channel", "shopify", "--order", "7", "--line", "1", "GIFT", "2", "--return-id", "R2"],
            saying: ["2 shipped, 1 returned already"], home, store)
        try expectRefused(["inspect", "GIFT", "1", "--restock"], saying: ["GIFT"], home, store)
        try OnePoolBinary.succeed(["inspect", "MUG", "2", "--restock", "--store", store], home: home.path)
    }
}
