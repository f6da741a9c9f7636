import Foundation
import OnePoolCore
import OnePoolConsole

/// Forecasts the whole catalogue on a background thread, so the console stays responsive: at
/// 100,000 SKUs this takes a minute or more, at a few hundred well under a second. The loop
/// polls `take()` for progress and the result.
final class ForecastWorker: @unchecked Sendable {
    enum Report {
        case progress(done: Int, total: Int)
        case finished([String: ForecastSummary], [BriefingItem])
    }

    private let lock = NSLock()
    private var pending: [Report] = []

    /// Starts the work; the inputs are values, copied into the thread.
    func start(state: StockState, history: ReplenishmentHistory, today: Int) {
        let total = state.pools.count
        let thread = Thread { [self] in
            let (summaries, briefing) = ForecastSummary.compute(state: state, history: history, today: today) { done in
                self.post(.progress(done: done, total: total))
            }
            self.post(.finished(summaries, briefing))
        }
        thread.qualityOfService = .utility
        thread.start()
    }

    /// Reports since the last call, oldest first.
    func take() -> [Report] {
        lock.lock()
        defer { lock.unlock() }
        let reports = pending
        pending = []
        return reports
    }

    private func post(_ report: Report) {
        lock.lock()
        if case .progress = report, case .progress? = pending.last { pending.removeLast() }
        pending.append(report)
        lock.unlock()
    }
}
