import ArgumentParser

/// `onepool forecast`: demand forecasts. `onepool forecast SKU` shows one SKU (the default
/// subcommand); `evaluate` scores the method selection on a demand file.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast demand, and measure how well the forecasts do.",
        subcommands: [ForecastShowCommand.self, ForecastEvaluateCommand.self],
        defaultSubcommand: ForecastShowCommand.self)
}
