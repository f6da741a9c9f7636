import OnePoolCore

/// Imports a channel's order export straight from its file: rows flow from the file
/// (`DelimitedRows`) through the layout's row reader to the planner, which stages each line's
/// changes at once (`ChangeStaging`: the store's batch, or a working copy for a dry run). Neither
/// the table, the file's text nor the list of changes is held: what grows with the file is the
/// state the changes build. What recognises an order or a line that comes twice is spilled to a
/// scratch file (`Sightings`, `RepeatSpill`): a file with no repeat is read once; a file with one
/// is found so at the end of the pass, which throws `PlanAgain` with the repeats it found, and
/// the next pass refuses the same rows with the same words as if every name had been kept.
///
/// All or nothing is the caller's: it runs passes (`passes`) and commits the staging only if
/// `problems` is empty (or, with `--skip-bad`, once no line is `partlyStaged`).
public enum OrderFileImport {
    public struct Outcome {
        public var format: OrderFileFormat
        public var header: [String]
        public var summary = OrderImportSummary()
        /// Order lines read from the file (planned or refused).
        public var lines = 0
        /// Rows skipped on purpose (reason → rows).
        public var skipped: [String: Int] = [:]
        /// Rows refused by the reader or the plan, each with every problem; their cells are kept
        /// only when `keepRejectedRows` (for a rejects file).
        public var rejected: [RejectedRow] = []
        /// Lines to plan again without (see `OrderImportPlanner.partlyStaged`).
        public var partlyStaged: [Int] = []
        /// Bytes held to recognise orders and lines that come twice.
        public var bookkeepingBytes = 0
        /// Bytes of their scratch file.
        public var spilledBytes: Int64 = 0
        /// Why the scratch file was not used (they were kept in memory), if it was not.
        public var spillFallback: String?
        /// The file as read (a new pass must read the same).
        public var file: FileIdentity?

        public var problems: [ImportProblem] { rejected.flatMap(\.problems) }
    }

    /// What the caller decided about the file.
    public struct Options {
        public var file: String
        /// The layout, or nil to recognise it from the header.
        public var format: OrderFileFormat?
        /// `--channel`: lines that name no channel are this channel's; a generic file's rows that
        /// name another are refused.
        public var channel: ChannelName?
        public var decimalComma = false
        public var keepRejectedRows = false
        /// File lines not to import (refused in an earlier pass).
        public var excluded: Set<Int> = []
        /// How orders and lines that come twice are recognised (spilled unless a test says).
        public var bookkeeping = Bookkeeping.spilled(chunkSightings: 170)
        /// What an earlier pass found to come twice (then nothing is spilled).
        public var knownRepeats: KnownRepeats?
        /// The file an earlier pass read: this pass must read the same.
        public var sameFile: FileIdentity?

        public init(file: String, format: OrderFileFormat?, channel: ChannelName?) {
            self.file = file
            self.format = format
            self.channel = channel
        }
    }

    public enum Bookkeeping: Sendable {
        /// Every sighting in memory: one pass, memory growing with the file.
        case inMemory
        /// Sightings in a scratch file, in chunks of this many (170: 4 KiB).
        case spilled(chunkSightings: Int)
    }

    /// A pass found that the file must be planned again: lines to leave out (refused after part
    /// of them was staged), or what comes twice. Nothing of the pass may be kept.
    public struct PlanAgain: Error {
        public var excluded: [Int] = []
        public var repeats: KnownRepeats?
        public var file: FileIdentity?

        public init(excluded: [Int] = [], repeats: KnownRepeats? = nil, file: FileIdentity?) {
            self.excluded = excluded
            self.repeats = repeats
            self.file = file
        }
    }

    /// Runs `pass` (one import of the file, on a staging of its own) until one does not ask to
    /// plan again. New exclusions change which line comes first, so they clear what an earlier
    /// pass knew to come twice, and the next pass spills again. Each pass adds an exclusion or
    /// knows the repeats, so the passes end.
    public static func passes<Result>(_ options: Options, _ pass: (Options) throws -> Result) throws -> Result {
        var options = options
        while true {
            do {
                return try pass(options)
            } catch let again as PlanAgain {
                if !again.excluded.isEmpty {
                    options.excluded.formUnion(again.excluded)
                    options.knownRepeats = nil
                }
                if let repeats = again.repeats { options.knownRepeats = repeats }
                options.sameFile = again.file
            }
        }
    }

    /// The header of the file at `path` (its first row), read without reading the rest.
    public static func header(path: String, file: String) throws -> DelimitedFile {
        struct Enough: Error {}
        var header: [String]?
        do {
            try DelimitedRows.read(
                path: path, file: file,
                header: {
                    header = $0
                    throw Enough()
                }, row: { _ in })
        } catch is Enough {}
        return DelimitedFile(file: file, header: header ?? [])
    }

    /// Streams the file at `path` into `stage`. Throws only what stops reading (a file that is
    /// not CSV or UTF-8, a missing column, an unknown layout); problems of rows and lines are
    /// collected in the outcome.
    public static func run<Stage: ChangeStaging>(
        path: String, options: Options, into stage: inout Stage
    ) throws -> Outcome {
        var outcome: Outcome?
        var reader: (any OrderRowReader)?
        var reading = OrderFileReading(format: options.format ?? .generic)
        var table = DelimitedFile(file: options.file, header: [])
        var planner = OrderImportPlanner(channel: options.channel ?? "", file: options.file)
        let sightings: Sightings
        switch (options.knownRepeats, options.bookkeeping) {
        case (let known?, _): sightings = Sightings(known: known)
        case (nil, .inMemory): sightings = Sightings()
        case (nil, .spilled(let chunkSightings)): sightings = Sightings(spillingChunksOf: chunkSightings)
        }
        planner.sightings = sightings
        var identity: FileIdentity?
        func plan(_ line: ImportedLine, row: DelimitedRow?) {
            outcome?.lines += 1
            let problems: [ImportProblem]
            if let channel = options.channel, let named = line.channel, named != channel {
                problems = [
                    ImportProblem(
                        file: options.file, line: line.fileLine, column: 1,
                        message: "channel: expected \(channel) (--channel), found '\(named)'")
                ]
            } else {
                problems = Array(planner.plan(line, into: &stage))
            }
            if !problems.isEmpty {
                let cells = options.keepRejectedRows ? row?.strings() ?? [] : []
                reading.rejected.append(RejectedRow(line: line.fileLine, fields: cells, problems: problems))
            }
        }
        try DelimitedRows.read(
            path: path, file: options.file,
            header: { header in
                table = DelimitedFile(file: options.file, header: header, decimalComma: options.decimalComma)
                guard let format = options.format ?? OrderFileFormat.detect(table) else {
                    throw ImportFailure([
                        ImportProblem(
                            file: options.file, line: 1,
                            message:
                                "cannot tell what this file is from its header; expected a Shopify orders export, an "
                                + "Amazon All Orders report or OnePool's generic orders CSV")
                    ])
                }
                reader = try format.rowReader(table)
                if var shopify = reader as? ShopifyOrdersReader {
                    shopify.sightings = sightings
                    reader = shopify
                }
                planner.linesAreUnique = format == .shopify && ShopifyOrdersReader.linesAreUnique
                reading = OrderFileReading(format: format)
                outcome = Outcome(format: format, header: header)
            },
            row: { row in
                // (No hash of the line unless an earlier pass excluded some.)
                guard options.excluded.isEmpty || !options.excluded.contains(row.line) else { return }
                var fields = RowFields(table, streamed: row)
                guard let line = reader?.read(&fields, into: &reading) else { return }
                plan(line, row: row)
            },
            read: { read in
                if let same = options.sameFile, same != read { throw FileChanged(file: options.file) }
                identity = read
            })
        guard var reader, outcome != nil else {
            throw ImportFailure([
                ImportProblem(
                    file: options.file, line: 1, message: "the file is empty; expected a header line")
            ])
        }
        for line in reader.finish(into: &reading) where !options.excluded.contains(line.fileLine) {
            plan(line, row: nil)
        }
        guard var result = outcome else { return Outcome(format: reading.format, header: []) }
        if !options.keepRejectedRows {
            for index in reading.rejected.indices { reading.rejected[index].fields = [] }
        }
        result.summary = planner.summary
        result.skipped = reading.skipped
        result.rejected = reading.rejected
        result.partlyStaged = planner.partlyStaged
        result.bookkeepingBytes = sightings.bytes
        result.spilledBytes = sightings.spilledBytes
        result.spillFallback = sightings.fallback
        result.file = identity
        if let repeats = try sightings.repeats() { throw PlanAgain(excluded: [], repeats: repeats, file: identity) }
        return result
    }
}

/// The file changed between two reads of one import: the lines an earlier read found to refuse
/// may not be the lines now, so nothing is imported.
public struct FileChanged: Error, CustomStringConvertible {
    public var file: String
    public var description: String {
        "\(file) changed while it was being imported (it was read twice, to refuse rows that came twice or were "
            + "partly planned); nothing was imported: import it again once it is complete"
    }
}
