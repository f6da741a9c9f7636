import Foundation
import OnePoolChannels
import OnePoolCore

/// The platform samples, kept in the repository (Tests/Fixtures/samples, with their README) so
/// a fresh clone runs every sample test.
enum Samples {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/samples")

    static func file(_ name: String) throws -> DelimitedFile {
        let url = directory.appendingPathComponent(name)
        let data = try Data(contentsOf: url)
        return try DelimitedFile.read(bytes: [UInt8](data), file: name)
    }
}

/// An in-memory store: plans are applied with `commit`, as the store's writer does.
struct MemoryStore {
    var state = StockState()
    var time = Timestamp(secondsSince1970: 1_800_000_000)
    var log: [Change] = []

    init(channels: [ChannelName] = ["shopify", "amazon", "till"]) {
        for name in channels {
            apply([
                ProposedChange(.channelAdded(Channel(name: name, kind: ChannelKind(rawValue: name.rawValue) ?? .other)))
            ])
        }
    }

    /// Appends the changes, skipping those whose key was seen (as the store does); returns how many were new.
    @discardableResult
    mutating func apply(_ changes: [ProposedChange]) -> Int {
        var appended = 0
        for change in changes {
            let result = Result { () throws(Refusal) in try state.commit(change, time: time) }
            if case .success(true) = result {
                appended += 1
                log.append(change.change)
            }
            if case .failure(let refusal) = result { fatalError("refused: \(refusal)") }
        }
        return appended
    }

    mutating func importCatalogue(_ file: DelimitedFile, asOf: Timestamp) throws -> CatalogueImportPlan {
        let reading = try CatalogueFormat.read(file, as: try requireFormat(CatalogueFormat.detect(file)))
        let plan = CatalogueImportPlan.make(rows: reading.rows, file: file.file, asOf: asOf, state: state, time: time)
        apply(plan.changes)
        return plan
    }

    mutating func importOrders(_ file: DelimitedFile, channel: ChannelName) throws -> (
        OrderFileReading, OrderImportPlan
    ) {
        let reading = try OrderFileFormat.read(file, as: try requireFormat(OrderFileFormat.detect(file)))
        let plan = OrderImportPlan.make(
            lines: reading.lines, channel: channel, file: file.file, state: state, time: time)
        apply(plan.changes)
        return (reading, plan)
    }
}

struct UnknownFormat: Error {}

func requireFormat<T>(_ value: T?) throws -> T {
    guard let value else { throw UnknownFormat() }
    return value
}

func csvFile(_ text: String, name: String = "test.csv") throws -> DelimitedFile {
    try DelimitedFile.read(bytes: Array(text.utf8), file: name)
}

func time(_ text: String) -> Timestamp { TimeText.parse(text)! }
