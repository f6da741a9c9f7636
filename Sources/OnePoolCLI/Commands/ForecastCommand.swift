import ArgumentParser

/// `onepool forecast`: demand forecasts. For now the evaluation of the method selection on a
/// demand file; the per-SKU forecast joins it as the default subcommand.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast demand, and measure how well the forecasts do.",
        subcommands: [ForecastEvaluateCommand.self])
}
