import OnePoolCore

/// Where results are still coming (the journal being read, forecasts being computed), the words
/// a view shows for it.
enum Progress {
    /// "forecasting 45%… · " while forecasts are computed (the head of a pane's title), else "".
    static func forecastNote(_ data: ConsoleData) -> String {
        if let progress = data.forecastProgress {
            return "forecasting \(progress.done * 100 / max(1, progress.total))%… · "
        }
        if data.forecastRevision == 0 { return data.historyLoaded ? "forecasting… · " : "reading the journal… · " }
        return ""
    }
}
