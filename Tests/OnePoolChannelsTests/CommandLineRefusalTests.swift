import OnePoolChannels
import OnePoolCore
import Testing

/// The command line's words for Core's refusals: the problem, then what to type.
@Suite struct CommandLineRefusalTests {
    @Test func theCommandLineSaysWhatToType() {
        #expect(
            Refusal.unknownSKU("X1").commandLineText
                == "unknown SKU 'X1' (see `onepool sku list`; add it with `onepool sku add X1 --title ...`)")
        #expect(Refusal.missingReason.commandLineText.contains("--reason"))
        #expect(Refusal.unknownPurchaseOrder("PO-9").commandLineText.hasSuffix("(see `onepool po list`)"))
        let line = OrderLineID(channel: "shopify", order: "1001", line: 1)
        #expect(Refusal.notShipped(line, stillOpen: true).commandLineText.contains("`onepool cancel`"))
        let zero = Refusal.wouldZeroNewChannel(
            channel: "ebay", listings: 3, starved: 2, ahead: ["shopify"], examples: ["A", "B"])
        #expect(zero.commandLineText.contains("`onepool channel set ebay --floor N`"))
        #expect(zero.commandLineText.hasSuffix("allow it with --allow-zero if those listings really should read 0"))
        let over = Refusal.purchaseOrder(
            "PO-1", "expects 2 more × X1; 5 is an over-receipt", remedy: .confirmOverReceipt)
        #expect(over.commandLineText.hasSuffix("5 is an over-receipt: if that many really arrived, say so with --over"))
        #expect(!over.description.contains("--over"))
        // A refusal without a remedy reads as Core wrote it.
        #expect(Refusal.invalidCode("A B").commandLineText == Refusal.invalidCode("A B").description)
    }
}
