import Foundation
import OnePoolCore
import Testing

@testable import OnePoolChannels

/// Imports a file as `onepool import` does — passes until one does not ask to plan again, each on
/// a fresh working copy — with the sightings spilled in chunks of a few (so even a small file
/// writes and reads back its scratch file), and checks the result against one pass that keeps
/// every sighting in memory: the same changes, summary, skips and problems, word for word.
enum ImportPasses {
    struct Result {
        var outcome: OrderFileImport.Outcome
        var staging: ScratchStaging
        var passes: Int
    }

    static func checked(
        path: String, options: OrderFileImport.Options, state: StockState, time: Timestamp, chunkSightings: Int = 2,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (OrderFileImport.Outcome, ScratchStaging) {
        var spilled = options
        spilled.bookkeeping = .spilled(chunkSightings: chunkSightings)
        let result = try run(path: path, options: spilled, state: state, time: time)
        var memory = options
        memory.bookkeeping = .inMemory
        var staging = ScratchStaging(state: state, time: time)
        let kept = try OrderFileImport.run(path: path, options: memory, into: &staging)
        #expect(result.staging.changes == staging.changes, sourceLocation: sourceLocation)
        #expect(result.outcome.summary == kept.summary, sourceLocation: sourceLocation)
        #expect(result.outcome.lines == kept.lines, sourceLocation: sourceLocation)
        #expect(result.outcome.skipped == kept.skipped, sourceLocation: sourceLocation)
        #expect(result.outcome.partlyStaged == kept.partlyStaged, sourceLocation: sourceLocation)
        #expect(
            result.outcome.problems.map(\.description) == kept.problems.map(\.description),
            sourceLocation: sourceLocation)
        // A file with nothing twice is read once.
        let twice = kept.problems.contains { $0.message.contains("twice") || $0.message.contains("same id") }
        let apart = kept.problems.contains { $0.message.contains("apart from its order's first row") }
        #expect(result.passes == (twice || apart ? 2 : 1), sourceLocation: sourceLocation)
        return (result.outcome, result.staging)
    }

    static func run(
        path: String, options: OrderFileImport.Options, state: StockState, time: Timestamp,
        beforePass: (Int) throws -> Void = { _ in }
    ) throws -> Result {
        var passes = 0
        return try OrderFileImport.passes(options) { options in
            try beforePass(passes)
            passes += 1
            var staging = ScratchStaging(state: state, time: time)
            let outcome = try OrderFileImport.run(path: path, options: options, into: &staging)
            return Result(outcome: outcome, staging: staging, passes: passes)
        }
    }
}
