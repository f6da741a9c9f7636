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
            --horizon periods, exactly as a SKU would be, and scored on those periods:
              RMSSE     RMS error / RMS one-step naive difference (from the first sale), mean over series
              totErr    Σ|forecast total − actual total| / Σ actual total: the error a reorder rests on
              bias      Σ(forecast − actual) / Σ actual
              coverage  share of series whose actual total is at most the forecast 95% quantile
              ms/1000   selection + forecast time per 1000 series (one core)
            Series that cannot be judged (an empty demand, a missing or repeated period, too short \
            to hold out) are counted by reason, and the first of each is named by line.
            """)

    @Option(help: ArgumentHelp("The demand file (CSV).", valueName: "file.csv"))
    var data: String

    @Option(
        help: OptionRanges.horizon.help(
            "Periods held out and forecast: the lead time (6 for monthly data, 28 for daily)."),
        transform: OptionRanges.horizon.read)
    var horizon: Int

    @Option(
        help: OptionRanges.season.help(
            "Season length in periods: 7 for daily data with a weekly pattern; 1 for none.", default: 1),
        transform: OptionRanges.season.read)
    var season: Int = 1

    @Option(help: "Output format.")
    var format: OutputFormat = .table

    func run() throws {
        let file = try DemandCSV(path: data)
        let selector = ForecastSelector(horizon: horizon, season: season)
        var accuracy = ForecastAccuracy()
        var notJudged: [String: Int] = [:]
        var reported: [String: Int] = [:]
        var chosen: [String: Int] = [:]
        var elapsed = Duration.zero
        let clock = ContinuousClock()
        let progress = Progress(label: "forecast evaluate")
        for (index, series) in file.series.enumerated() {
            progress.count(done: index, of: file.series.count, unit: "series")
            var problem = series.problem
            if problem == nil, series.values.count < horizon + 2 {
                problem = ("too short to hold out", series.lastLine, "series \(series.id) has \(series.values.count) period(s); expected at least \(horizon + 2) to hold out \(horizon)")
            }
            if let problem {
                notJudged[problem.reason, default: 0] += 1
                reported[problem.reason, default: 0] += 1
                if reported[problem.reason, default: 0] <= 3 {
                    Console.warn(problem.line > 0 ? "\(data):\(problem.line): \(problem.detail)" : "\(data): \(problem.detail)")
                }
                continue
            }
            let training = Array(series.values.dropLast(horizon))
            let actual = Array(series.values.suffix(horizon))
            let started = clock.now
            let forecast = selector.forecast(DemandWindow(training))
            let upper = forecast.total.quantile(0.95)
            elapsed += clock.now - started
            accuracy.add(training: training, actual: actual, forecast: forecast.point, upper95: upper)
            chosen[forecast.methods.first.map(String.init(describing:)) ?? "zero (no demand)", default: 0] += 1
        }
        progress.finish()
        for (reason, count) in reported where count > 3 {
            Console.warn("\(count - 3) more series with \(reason)")
        }
        print(report(accuracy, notJudged: notJudged, chosen: chosen, elapsed: elapsed, total: file.series.count))
    }

    private func report(_ accuracy: ForecastAccuracy, notJudged: [String: Int], chosen: [String: Int], elapsed: Duration, total: Int) -> String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let msPer1000 = accuracy.series > 0 ? seconds * 1000 / Double(accuracy.series) * 1000 : 0
        func metric(_ value: Double?) -> Fixed? { value.map { Fixed($0, places: 4) } }
        let evaluation = EvaluationReport(
            file: data, horizon: horizon, season: season, series: total, judged: accuracy.series,
            rmsseJudged: accuracy.scaled, notJudged: SortedCounts(notJudged),
            rmsseNotJudgedNoScale: accuracy.withoutScale, bestMethodCounts: SortedCounts(chosen),
            msPer1k: Fixed(msPer1000, places: 1), rmsse: metric(accuracy.rmsse), mase: metric(accuracy.mase),
            bias: metric(accuracy.bias), totErr: metric(accuracy.totalError), coverage95: metric(accuracy.coverage95))
        if format == .json { return Output.json(evaluation) }
        func number(_ value: Fixed?) -> String { value.map { NumberText.fixed($0.value, places: $0.places) } ?? "" }
        var rows = [
            MetricRow(metric: "series in file", value: "\(total)"),
            MetricRow(metric: "judged (totErr, bias, coverage)", value: "\(accuracy.series)"),
            MetricRow(metric: "judged for RMSSE", value: "\(accuracy.scaled)"),
        ]
        if accuracy.withoutScale > 0 {
            rows.append(MetricRow(metric: "no RMSSE: no demand change in training", value: "\(accuracy.withoutScale)"))
        }
        for (reason, count) in notJudged.sorted(by: { $0.key < $1.key }) {
            rows.append(MetricRow(metric: "not judged: \(reason)", value: "\(count)"))
        }
        rows += [
            MetricRow(metric: "RMSSE", value: number(evaluation.rmsse)),
            MetricRow(metric: "MASE", value: number(evaluation.mase)),
            MetricRow(metric: "totErr", value: number(evaluation.totErr)),
            MetricRow(metric: "bias", value: number(evaluation.bias)),
            MetricRow(metric: "95% quantile coverage", value: number(evaluation.coverage95)),
            MetricRow(metric: "ms per 1000 series", value: number(evaluation.msPer1k)),
        ]
        let leaders = chosen.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(5)
        let methods = "Ranked first most often: " + leaders.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let table = Output.rows(rows, format: format)
        return format == .table ? table + "\n\n" + methods : table
    }
}
