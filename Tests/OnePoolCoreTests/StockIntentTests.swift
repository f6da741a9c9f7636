import OnePoolCore
import Testing

/// Intents are decided against the state they are planned on: the change they give is what the
/// CLI's verbs append, and a refusal names the field to fix and the numbers that matter.
@Suite struct StockIntentTests {
    private func plan(_ intent: StockIntent, on state: StockState? = nil) throws -> Result<
        ProposedChange, IntentRefusal
    > {
        let state = try state ?? startingState().0
        return Result { () throws(IntentRefusal) in try state.plan(intent) }
    }

    private func refusal(_ intent: StockIntent, on state: StockState? = nil) throws -> IntentRefusal? {
        if case .failure(let refusal) = try plan(intent, on: state) { return refusal }
        return nil
    }

    @Test func aReceiptFirstReducesWhatWasOnOrderUnlessUnexpected() throws {
        var (state, factory) = try startingState()
        try factory.apply(.incomingChanged(sku: "MUG", delta: 24, reference: "PO-1"), to: &state)
        let expected = try plan(.receive(sku: "MUG", quantity: 30, reference: " DN-1 ", unexpected: false), on: state)
            .get()
        #expect(expected.change == .received(sku: "MUG", quantity: 30, reference: "DN-1", fromIncoming: 24))
        #expect(expected.idempotencyKey == ReferenceKeys.receipt(reference: "DN-1", sku: "MUG"))
        let partial = try plan(.receive(sku: "MUG", quantity: 5, reference: nil, unexpected: false), on: state).get()
        #expect(partial.change == .received(sku: "MUG", quantity: 5, reference: nil, fromIncoming: 5))
        #expect(partial.idempotencyKey == nil)
        let surprise = try plan(.receive(sku: "MUG", quantity: 5, reference: "", unexpected: true), on: state).get()
        #expect(surprise.change == .received(sku: "MUG", quantity: 5, reference: nil, fromIncoming: 0))
    }

    @Test func quantitiesOutsideOneMovementAreRefusedByField() throws {
        #expect(
            try refusal(.receive(sku: "MUG", quantity: 0, reference: nil, unexpected: false))
                == .outOfRange(field: .quantity, value: 0, range: 1...Bounds.eventUnits))
        #expect(try refusal(.count(sku: "MUG", quantity: -1, reason: "x", reference: nil))?.field == .quantity)
        #expect(try refusal(.hold(sku: "MUG", quantity: Bounds.eventUnits + 1, reason: "x"))?.field == .quantity)
        #expect(try refusal(.adjust(sku: "MUG", delta: 0, reason: "x")) == .noChange)
        #expect(try refusal(.adjust(sku: "MUG", delta: Int.min, reason: "x"))?.field == .quantity)
        #expect(try refusal(.adjust(sku: "MUG", delta: Int.max, reason: "x"))?.field == .quantity)
        #expect(
            try refusal(.receive(sku: "MUG", quantity: Int.max, reference: nil, unexpected: false))?.field == .quantity)
        #expect(
            try plan(.count(sku: "MUG", quantity: 0, reason: "empty shelf", reference: nil)).get().change
                == .counted(sku: "MUG", quantity: 0, reason: "empty shelf"))
    }

    @Test func reasonsAreRequiredWhereEveryChangeIsAudited() throws {
        #expect(try refusal(.count(sku: "MUG", quantity: 3, reason: "   ", reference: nil)) == .reasonRequired)
        #expect(try refusal(.adjust(sku: "MUG", delta: 2, reason: "")) == .reasonRequired)
        #expect(try refusal(.hold(sku: "MUG", quantity: 2, reason: " ")) == .reasonRequired)
        #expect(try refusal(.hold(sku: "MUG", quantity: 2, reason: " ")).flatMap(\.field) == .reason)
        let long = String(repeating: "x", count: 501)
        #expect(
            try refusal(.hold(sku: "MUG", quantity: 1, reason: long))
                == .tooLong(field: .reason, bytes: 501, limit: 500))
        #expect(try refusal(.receive(sku: "MUG", quantity: 1, reference: long, unexpected: false))?.field == .reference)
    }

    @Test func movementsCannotTakeWhatIsNotThere() throws {
        #expect(
            try refusal(.hold(sku: "MUG", quantity: 11, reason: "promise"))
                == .notEnough(sku: "MUG", wanted: 11, have: 10, of: "free stock"))
        #expect(
            try refusal(.release(sku: "MUG", quantity: 1, reason: nil))
                == .notEnough(sku: "MUG", wanted: 1, have: 0, of: "held"))
        #expect(
            try refusal(.adjust(sku: "MUG", delta: -11, reason: "broken"))
                == .notEnough(sku: "MUG", wanted: 11, have: 10, of: "on hand"))
        #expect(
            try refusal(.receive(sku: "NOPE", quantity: 1, reference: nil, unexpected: false)) == .unknownSKU("NOPE"))
        #expect(
            try plan(.adjust(sku: "MUG", delta: -10, reason: " broken ")).get().change
                == .adjusted(sku: "MUG", delta: -10, reason: "broken"))
    }

    @Test func aCountSheetIsOneFactPerSKU() throws {
        let counted = try plan(.count(sku: "MUG", quantity: 7, reason: "cycle", reference: "CC-9")).get()
        #expect(counted.idempotencyKey == ReferenceKeys.count(reference: "CC-9", sku: "MUG"))
    }

    /// The planner decides against the state it is given: the same intent planned before and
    /// after another process's sale gets a different answer.
    @Test func theAnswerFollowsTheStateItIsPlannedOn() throws {
        var (state, factory) = try startingState()
        #expect(try refusal(.hold(sku: "MUG", quantity: 8, reason: "promise"), on: state) == nil)
        try factory.apply(.orderPlaced(EventFactory.line(order: "A1", quantity: 5)), to: &state)
        #expect(
            try refusal(.hold(sku: "MUG", quantity: 8, reason: "promise"), on: state)
                == .notEnough(sku: "MUG", wanted: 8, have: 5, of: "free stock"))
    }

    /// Whatever an intent holds, planning never traps, and whatever it plans the journal accepts.
    @Test func everyPlannedChangePassesTheJournalsChecks() throws {
        let (state, _) = try startingState()
        let quantities = [Int.min, -Bounds.eventUnits - 1, -11, -10, -1, 0, 1, 9, 10, 11, Bounds.eventUnits, Int.max]
        let reasons = ["", " ", "ok"]
        for quantity in quantities {
            for reason in reasons {
                let intents: [StockIntent] = [
                    .receive(sku: "MUG", quantity: quantity, reference: reason, unexpected: false),
                    .count(sku: "MUG", quantity: quantity, reason: reason, reference: nil),
                    .adjust(sku: "MUG", delta: quantity, reason: reason),
                    .hold(sku: "MUG", quantity: quantity, reason: reason),
                    .release(sku: "MUG", quantity: quantity, reason: reason),
                ]
                for intent in intents {
                    guard case .success(let planned) = try plan(intent, on: state) else { continue }
                    #expect(throws: Never.self, "\(intent)") { try state.check(planned.change) }
                }
            }
        }
    }
}
