import ArgumentParser
import Foundation
import OnePoolCore

/// `onepool forecast evaluate`: the whole method selection on a long demand file, scored on the
/// last `horizon` periods of every series (held out), as ../shared/data/README.md describes.
struct ForecastEvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Hold out the last periods of every series in a demand file and score the forecasts.",
        discussion: """
            The file is long format with a header: series_id, period (or date), demand; one row per \
            series and period, zeros written out. Each series is forecast from all but its last \
            --horizon periods, exactly as a SKU would be (daily files: a weekly season and backtest \
            origins a year back), and scored on those periods:
              RMSSE     RMS error / RMS one-step naive difference (from the first sale), mean over series
              totErr    Σ|forecast total − actual total| / Σ actual total: the error a reorder rests on
              bias      Σ(forecast − actual) / Σ actual
              coverage  share of series whose actual total is at most the forecast 95% quantile
              ms/1000   calibration + selection + forecast time per 1000 series (one core)
            With --origins N the hold-out is repeated N times, each a horizon earlier (the forecast \
            and its calibration see only what came before): coverage is counted over series × origins, \
            per demand class (Syntetos–Boylan: smooth, erratic, intermittent, lumpy) and per origin; \
            the accuracy figures stay those of the newest origin. --half A or B keeps one half of the \
            series (split by a hash of the series id: a validation half nobody tunes on).\n
            """ + ClosedDaysOptions.discussion
                + """
                 Ahead, a listed day is forecast zero, and so is a day whose date a year earlier was \
                inferred closed.
                --promotions FILE (series_id,date) names promotion days, known ahead: with --promotion-days lift (the default) each series' lift (promotion-day \
                mean over other days' mean, shrunk towards 1) divides them out of the history and \
                multiplies the promotion days ahead; with --promotion-days censor they are set aside \
                (censored in the history, forecast at baseline).
                Series that cannot be judged (an empty demand, a missing or repeated period, too short \
                to hold out) are counted by reason, and the first of each is named by line.
                """)

    @Option(help: ArgumentHelp("The demand file (CSV).", valueName: "file.csv"))
    var data: String

    @Option(
        help: OptionRanges.evaluationHorizon.help(
            "Periods held out and forecast: the lead time (6 for monthly data, 28 for daily)."),
        transform: OptionRanges.evaluationHorizon.read)
    var horizon: Int

    @Option(
        help: OptionRanges.evaluationSeason.help(
            "Season length in periods: 7 for daily data with a weekly pattern; 1 for none.", default: 1),
        transform: OptionRanges.evaluationSeason.read)
    var season: Int = 1

    @Option(
        help: OptionRanges.origins.help(
            "Hold-out origins, each a horizon before the last (coverage is counted over all).", default: 1),
        transform: OptionRanges.origins.read)
    var origins: Int = 1

    @Option(help: "Which series: all, A or B (halves split by a hash of the series id).")
    var half: ValidationHalf.Choice = .all

    @OptionGroup var closedDays: ClosedDaysOptions

    @Option(
        help: ArgumentHelp("Promotion days to set aside, CSV series_id,date (daily files only).", valueName: "file.csv")
    )
    var promotions: String?

    @Option(help: "With --promotions: model promotion days as a lift, or censor them.")
    var promotionDays: PromotionHandling = .lift

    @Flag(help: "Use the quantile levels as the distribution gives them, without calibration.")
    var noCalibration = false

    @Option(help: "Output format.")
    var format: OutputFormat = .table

    func run() throws {
        let file = try DemandCSV(path: data)
        let listed = try closedDays.listed()
        let promotionDates = try promotions.map { try DayFiles.seriesDates(path: $0) } ?? [:]
        if (!(listed ?? []).isEmpty || !promotionDates.isEmpty) && file.periodsPerYear != 364 {
            throw CLIError("\(data): --closed and --promotions need a daily file (dates like 2014-01-02)")
        }
        let needed = origins * horizon + 2
        var notJudged: [String: Int] = [:]
        var reported: [String: Int] = [:]
        var usable: [DemandCSV.Series] = []
        for series in file.series where half.contains(series.id) {
            var problem = series.problem
            if problem == nil, series.values.count < needed {
                problem = (
                    "too short to hold out", series.lastLine,
                    "series \(series.id) has \(series.values.count) period(s); expected at least \(needed) to hold out \(origins) × \(horizon)"
                )
            }
            if let problem {
                notJudged[problem.reason, default: 0] += 1
                reported[problem.reason, default: 0] += 1
                if reported[problem.reason, default: 0] <= 3 {
                    Console.warn(
                        problem.line > 0 ? "\(data):\(problem.line): \(problem.detail)" : "\(data): \(problem.detail)")
                }
                continue
            }
            usable.append(series)
        }
        let closed = closedDays.choose(listed: listed, daily: file.periodsPerYear == 364, series: usable)
        var judged: [ForecastEvaluation.Series] = []
        for series in usable {
            let days = series.values.indices.map { series.firstPeriod + $0 }
            let closedBefore = closed.history(first: series.firstPeriod, count: days.count)
            let closedAhead = closed.ahead(first: series.firstPeriod, count: days.count, horizon: horizon)
            let onPromotion = promotionDates[series.id].map { set in days.map { set.contains($0) } }
            let censorPromotions = promotionDays == .censor
            let censored = zip(closedBefore, censorPromotions ? onPromotion ?? closedBefore : closedBefore).map {
                $0 || $1
            }
            judged.append(
                ForecastEvaluation.Series(
                    history: DemandWindow(series.values, censored: censored), closed: closedAhead,
                    promoted: censorPromotions ? nil : onPromotion))
        }
        for (reason, count) in reported where count > 3 {
            Console.warn("\(count - 3) more series with \(reason)")
        }
        let selector = ForecastSelector(horizon: horizon, season: season, year: file.periodsPerYear)
        let evaluation = ForecastEvaluation(selector: selector, origins: origins, calibrate: !noCalibration)
        let clock = ContinuousClock()
        let started = clock.now
        let result = evaluation.run(judged)
        let elapsed = clock.now - started
        let closedReport = closedDaysReport(closed, series: usable)
        say(report(result, notJudged: notJudged, elapsed: elapsed, total: file.series.count, closed: closedReport))
    }

    /// Where the closed days came from, and — when inferred — the days inferred closed before the
    /// newest origin (the set's last day − horizon) and the days forecast zero in its horizon.
    private func closedDaysReport(_ closed: StoreClosedDays, series: [DemandCSV.Series]) -> ClosedDaysReport {
        guard let inferred = closed.inferred else { return ClosedDaysReport(source: closed.source.rawValue) }
        let end = series.map { $0.firstPeriod + $0.values.count }.max() ?? 0
        let origin = end - horizon
        let ahead = inferred.ahead(first: origin, count: horizon, horizon: horizon)
        return ClosedDaysReport(
            source: "inferred",
            inferred: inferred.days.filter { $0 < origin }.map { CivilDate(dayNumber: $0).description },
            zeroAhead: ahead.indices.filter { ahead[$0] }.map { CivilDate(dayNumber: origin + $0).description })
    }

    private func report(
        _ result: ForecastEvaluation.Result, notJudged: [String: Int], elapsed: Duration, total: Int,
        closed closedDays: ClosedDaysReport
    ) -> String {
        let accuracy = result.accuracy
        let runs = max(1, accuracy.series * origins)
        let msPer1000 = elapsed.milliseconds / Double(runs) * 1000
        func metric(_ value: Double?, places: Int = 4) -> Fixed? { value.map { Fixed($0, places: places) } }
        let classes = DemandClass.allCases.compactMap { kind in result.coverageByClass[kind].map { (kind, $0) } }
        let width = result.coverage.actualSum > 0 ? result.coverage.upperSum / result.coverage.actualSum : nil
        let evaluation = EvaluationReport(
            file: data, horizon: horizon, season: season, series: total, half: half.rawValue, origins: origins,
            calibrated: !noCalibration, judged: accuracy.series,
            rmsseJudged: accuracy.scaled, notJudged: SortedCounts(notJudged),
            rmsseNotJudgedNoScale: accuracy.withoutScale, bestMethodCounts: SortedCounts(result.chosen),
            msPer1k: Fixed(msPer1000, places: 1), rmsse: metric(accuracy.rmsse), mase: metric(accuracy.mase),
            bias: metric(accuracy.bias), totErr: metric(accuracy.totalError), coverage95: metric(accuracy.coverage95),
            coverage95AllOrigins: metric(result.coverage.share),
            coverage95ByClass: Dictionary(
                uniqueKeysWithValues: classes.map {
                    ($0.0.rawValue, ClassCoverage(share: metric($0.1.share), count: $0.1.count))
                }),
            coverage95ByOrigin: result.coverageByOrigin.map { Fixed($0.share ?? 0, places: 4) },
            upper95OverActual: metric(width, places: 3), closedDays: closedDays)
        if format == .json { return Output.json(evaluation) }
        func number(_ value: Fixed?) -> String { value.map { NumberText.fixed($0.value, places: $0.places) } ?? "" }
        var rows = [MetricRow(metric: "series in file", value: "\(total)")]
        if half != .all { rows.append(MetricRow(metric: "half", value: half.rawValue)) }
        rows += [
            MetricRow(metric: "judged (totErr, bias, coverage)", value: "\(accuracy.series)"),
            MetricRow(metric: "judged for RMSSE", value: "\(accuracy.scaled)"),
        ]
        if accuracy.withoutScale > 0 {
            rows.append(MetricRow(metric: "no RMSSE: no demand change in training", value: "\(accuracy.withoutScale)"))
        }
        for (reason, count) in notJudged.sorted(by: { $0.key < $1.key }) {
            rows.append(MetricRow(metric: "not judged: \(reason)", value: "\(count)"))
        }
        if closedDays.source == "inferred" {
            rows += [
                MetricRow(
                    metric: "days inferred closed before the newest origin", value: "\(closedDays.inferred.count)"),
                MetricRow(
                    metric: "closed days forecast zero (newest origin)",
                    value: closedDays.zeroAhead.isEmpty ? "none" : closedDays.zeroAhead.joined(separator: " ")),
            ]
        }
        rows += [
            MetricRow(metric: "RMSSE", value: number(evaluation.rmsse)),
            MetricRow(metric: "MASE", value: number(evaluation.mase)),
            MetricRow(metric: "totErr", value: number(evaluation.totErr)),
            MetricRow(metric: "bias", value: number(evaluation.bias)),
            MetricRow(metric: "95% quantile coverage (newest origin)", value: number(evaluation.coverage95)),
            MetricRow(
                metric: "95% coverage, \(origins) origin(s) × series (\(result.coverage.count))",
                value: number(evaluation.coverage95AllOrigins)),
        ]
        for (kind, coverage) in classes {
            rows.append(MetricRow(metric: "  \(kind) (\(coverage.count))", value: number(metric(coverage.share))))
        }
        if origins > 1 {
            for (index, coverage) in result.coverageByOrigin.enumerated() {
                rows.append(
                    MetricRow(
                        metric: "  origin \(index + 1) (\(coverage.count))", value: number(metric(coverage.share))))
            }
        }
        rows += [
            MetricRow(metric: "Σ 95% quantile / Σ actual", value: number(evaluation.upper95OverActual)),
            MetricRow(metric: "ms per 1000 series", value: number(evaluation.msPer1k)),
        ]
        let leaders = result.chosen.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(5)
        let methods = "Ranked first most often: " + leaders.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let table = Output.rows(rows, format: format)
        return format == .table ? table + "\n\n" + methods : table
    }
}

/// What `--promotions` does with the promotion days it names.
enum PromotionHandling: String, ExpressibleByArgument, CaseIterable {
    case lift, censor
}

/// The validation split: each series falls in half A or B by an FNV-1a hash of its id, so the
/// split is fixed whatever order the file lists series in.
enum ValidationHalf {
    enum Choice: String, ExpressibleByArgument, CaseIterable {
        case all
        case halfA = "A"
        case halfB = "B"

        func contains(_ id: String) -> Bool {
            self == .all || (self == .halfA) == ValidationHalf.isA(id)
        }
    }

    static func isA(_ id: String) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash % 2 == 0
    }
}

/// Files of dates: store-closed days (one date per line) and promotion days (series_id,date).
enum DayFiles {
    static func dates(path: String) throws -> Set<Int> {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CLIError("\(path): no such file")
        }
        var days: Set<Int> = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line == "date" { continue }
            guard let day = DemandCSV.dayNumber(line) else {
                throw CLIError("\(path):\(index + 1): expected a date like 2014-12-25, found '\(line)'")
            }
            days.insert(day)
        }
        return days
    }

    static func seriesDates(path: String) throws -> [String: Set<Int>] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CLIError("\(path): no such file")
        }
        var days: [String: Set<Int>] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || (index == 0 && line.lowercased().hasPrefix("series_id")) { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard fields.count == 2, !fields[0].isEmpty else {
                throw CLIError("\(path):\(index + 1): expected series_id,date, found '\(line)'")
            }
            guard let day = DemandCSV.dayNumber(fields[1]) else {
                throw CLIError(
                    "\(path):\(index + 1):\(fields[0].count + 2): expected a date like 2014-12-25, found '\(fields[1])'"
                )
            }
            days[fields[0], default: []].insert(day)
        }
        return days
    }
}
