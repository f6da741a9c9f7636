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
        help: OptionRanges.horizon.help("Periods held out and forecast: the lead time (6 for monthly data, 28 for daily)."),
        transform: OptionRanges.horizon.read)
    var horizon: Int

    @Option(
        help: OptionRanges.season.help("Season length in periods: 7 for daily data with a weekly pattern; 1 for none.", default: 1),
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
        func number(_ value: Double?, _ digits: Int = 4) -> String {
            guard let value else { return "" }
            return String(format: "%.\(digits)f", value)
        }
        let reasons = notJudged.sorted { $0.key < $1.key }
        if format == .json {
            var object: [String: Any] = [
                "file": data, "horizon": horizon, "season": season, "series": total,
                "judged": accuracy.series, "rmsse_judged": accuracy.scaled,
                "not_judged": Dictionary(uniqueKeysWithValues: reasons.map { ($0.key, $0.value) }),
                "rmsse_not_judged_no_scale": accuracy.withoutScale,
                "best_method_counts": chosen,
                "ms_per_1k": (msPer1000 * 10).rounded() / 10,
            ]
            for (key, value) in [("rmsse", accuracy.rmsse), ("mase", accuracy.mase), ("bias", accuracy.bias), ("tot_err", accuracy.totalError), ("coverage95", accuracy.coverage95)] {
                object[key] = value.map { ($0 * 10000).rounded() / 10000 } ?? NSNull()
            }
            guard let json = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else { return "{}" }
            return String(decoding: json, as: UTF8.self)
        }
        var table = Table([.init("metric"), .init("value", .number)])
        table.add(["series in file", "\(total)"])
        table.add(["judged (totErr, bias, coverage)", "\(accuracy.series)"])
        table.add(["judged for RMSSE", "\(accuracy.scaled)"])
        if accuracy.withoutScale > 0 { table.add(["no RMSSE: no demand change in training", "\(accuracy.withoutScale)"]) }
        for (reason, count) in reasons { table.add(["not judged: \(reason)", "\(count)"]) }
        table.add(["RMSSE", number(accuracy.rmsse)])
        table.add(["MASE", number(accuracy.mase)])
        table.add(["totErr", number(accuracy.totalError)])
        table.add(["bias", number(accuracy.bias)])
        table.add(["95% quantile coverage", number(accuracy.coverage95)])
        table.add(["ms per 1000 series", number(msPer1000, 1)])
        let leaders = chosen.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(5)
        let methods = "Ranked first most often: " + leaders.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return format == .table ? table.render(format) + "\n\n" + methods : table.render(format)
    }
}
