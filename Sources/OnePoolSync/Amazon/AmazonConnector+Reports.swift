import Foundation
import OnePoolChannels
import OnePoolCore

/// The connector's Reports API half: catching up a backlog of orders through one report, and
/// pulling merchant-fulfilled returns on a slower cadence. Each answers with an `OrderPage`
/// whose cursor moves only when a report's rows are on the page, so the engine writes the rows
/// and the position in one batch, as it does for a page of the search.
extension AmazonConnector {
    // MARK: - Orders: the backlog through a report

    /// A page from the orders report, or nil to search instead. A report is asked for when the
    /// search in progress still has pages and began more than `catchUpAfter` seconds ago; while
    /// Amazon prepares it the page is empty and not fresh (orders are not being read); when it
    /// is DONE its rows are the page, with the cursor at the report's end and no search in
    /// progress, and `hasMore` so the search goes on from there in the same step.
    func ordersReportPage(_ position: AmazonOrdersCursor, unchanged: String, now: Timestamp) async -> OrderPage? {
        var job = await jobs.orders
        if let current = job, current.basedOn != position.since {
            await jobs.setOrders(nil)  // another process moved the cursor: the report is moot
            job = nil
        }
        if job == nil {
            guard let created = await requestOrdersReport(position, now: now) else { return nil }
            job = created
        }
        guard let job else { return nil }
        let waiting = OrderPage(lines: [], orders: 0, cursor: unchanged, hasMore: false, fresh: false)
        let report: AmazonReport
        do {
            report = try await client.report(job.reportID)
        } catch .throttled {
            return waiting
        } catch {
            await giveUpOrders(job, "could not be read (\(error.description))")
            return nil
        }
        switch report.status {
        case .inQueue, .inProgress:
            return waiting
        case .cancelled:
            await giveUpOrders(job, "was cancelled by Amazon")
            return nil
        case .fatal:
            await giveUpOrders(job, "failed at Amazon (FATAL)")
            return nil
        case .done:
            break
        }
        let rows: AmazonReportRows.Orders
        do {
            let document = try await client.reportDocument(report.documentID ?? "")
            rows = try AmazonReportRows.orders(document, reportID: job.reportID)
        } catch .throttled {
            return waiting
        } catch {
            await giveUpOrders(job, "could not be downloaded or read (\(error.description))")
            return nil
        }
        await jobs.setOrders(nil)
        var page = OrderPage(
            lines: rows.lines, origins: rows.origins, skipped: rows.skipped, orders: rows.orders,
            cursor: position.caughtUp(to: job.end).text, hasMore: true,
            problems: rows.problems.map { "Amazon orders report \(job.reportID): \($0)" } + (await jobs.takeNotes()))
        page.fresh = true
        return page
    }

    private func requestOrdersReport(_ position: AmazonOrdersCursor, now: Timestamp) async -> AmazonReportJobs.Job? {
        guard let after = reports.catchUpAfter, position.pageToken != nil else { return nil }
        let lag = Double(now.millisecondsSince1970 - position.since.millisecondsSince1970) / 1000
        guard lag > after else { return nil }
        if let paused = await jobs.ordersPausedUntil, paused > Date() { return nil }
        let type = AmazonReportType.ordersByLastUpdate
        let start = position.since
        let settled = now.millisecondsSince1970 - Int64(reports.settle * 1000)
        let end = Timestamp(
            millisecondsSince1970: min(settled, start.millisecondsSince1970 + type.maximumWindowSeconds * 1000))
        guard end > start else { return nil }
        do {
            let id = try await client.createReport(type, from: start, to: end)
            let job = AmazonReportJobs.Job(type: type, reportID: id, start: start, end: end, basedOn: position.since)
            await jobs.setOrders(job)
            return job
        } catch .throttled {
            return nil  // no report this step: the search goes on
        } catch {
            await jobs.note("Amazon: could not request an orders report (\(error.description)); searching instead")
            await jobs.pauseOrders(until: Date().addingTimeInterval(reports.retryAfterFailure))
            return nil
        }
    }

    private func giveUpOrders(_ job: AmazonReportJobs.Job, _ why: String) async {
        await jobs.setOrders(nil)
        await jobs.pauseOrders(until: Date().addingTimeInterval(reports.retryAfterFailure))
        await jobs.note(
            "Amazon orders report \(job.reportID) (\(AmazonTime.iso(job.start)) to \(AmazonTime.iso(job.end))) "
                + "\(why); orders continue through searchOrders, another report is asked for in "
                + "\(Int(reports.retryAfterFailure)) s")
    }

    // MARK: - Returns

    /// A page of returns when a returns report is ready, else nil (the orders go on). Returns
    /// come from `GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE` every `returnsEvery` seconds, over
    /// the window from `returnsLookback` before the returns cursor to now (at most the report's
    /// documented 60 days); the page moves only the cursor's `returns=` part.
    func returnsReportPage(_ position: AmazonOrdersCursor, now: Timestamp) async -> OrderPage? {
        guard let every = reports.returnsEvery else { return nil }
        var job = await jobs.returns
        if let current = job, current.basedOn != position.returnsSince {
            await jobs.setReturns(nil)
            job = nil
        }
        if job == nil {
            if let due = await jobs.returnsDue, due > Date() { return nil }
            guard let created = await requestReturnsReport(position, now: now, every: every) else { return nil }
            job = created
        }
        guard let job else { return nil }
        let report: AmazonReport
        do {
            report = try await client.report(job.reportID)
        } catch .throttled {
            return nil
        } catch {
            await giveUpReturns(job, "could not be read (\(error.description))")
            return nil
        }
        switch report.status {
        case .inQueue, .inProgress:
            return nil
        case .cancelled:
            // "an automatic cancellation if there is no data to return": no returns in the window.
            await jobs.setReturns(nil)
            await jobs.scheduleReturns(at: Date().addingTimeInterval(every))
            return nil
        case .fatal:
            await giveUpReturns(job, "failed at Amazon (FATAL)")
            return nil
        case .done:
            break
        }
        let rows: AmazonReportRows.Returns
        do {
            let document = try await client.reportDocument(report.documentID ?? "")
            rows = try AmazonReportRows.returns(document, reportID: job.reportID)
        } catch .throttled {
            return nil
        } catch {
            await giveUpReturns(job, "could not be downloaded or read (\(error.description))")
            return nil
        }
        await jobs.setReturns(nil)
        await jobs.scheduleReturns(at: Date().addingTimeInterval(every))
        // Nothing received in the window: nothing to write (the next window starts as far back).
        guard !rows.returns.isEmpty || !rows.problems.isEmpty else { return nil }
        var next = position
        next.returnsSince = job.end
        var page = OrderPage(
            lines: [], skipped: rows.skipped, orders: 0, cursor: next.text, hasMore: true,
            problems: rows.problems.map { "Amazon returns report \(job.reportID): \($0)" })
        page.returns = rows.returns
        return page
    }

    private func requestReturnsReport(
        _ position: AmazonOrdersCursor, now: Timestamp, every: Double
    ) async -> AmazonReportJobs.Job? {
        let type = AmazonReportType.returnsByReturnDate
        let nowMS = now.millisecondsSince1970
        // A minute inside the documented 60 days, so the window is never refused as too long.
        let earliest = nowMS - type.maximumWindowSeconds * 1000 + 60_000
        let from = (position.returnsSince ?? since).millisecondsSince1970 - Int64(reports.returnsLookback * 1000)
        let start = Timestamp(millisecondsSince1970: max(0, max(earliest, from)))
        let end = Timestamp(millisecondsSince1970: nowMS - Int64(reports.settle * 1000))
        guard end > start else { return nil }
        do {
            let id = try await client.createReport(type, from: start, to: end)
            let job = AmazonReportJobs.Job(
                type: type, reportID: id, start: start, end: end, basedOn: position.returnsSince)
            await jobs.setReturns(job)
            return job
        } catch .throttled {
            return nil
        } catch {
            await jobs.note("Amazon: could not request a returns report (\(error.description))")
            await jobs.scheduleReturns(at: Date().addingTimeInterval(min(every, reports.retryAfterFailure)))
            return nil
        }
    }

    private func giveUpReturns(_ job: AmazonReportJobs.Job, _ why: String) async {
        await jobs.setReturns(nil)
        await jobs.scheduleReturns(at: Date().addingTimeInterval(reports.retryAfterFailure))
        await jobs.note(
            "Amazon returns report \(job.reportID) \(why); asked for again in \(Int(reports.retryAfterFailure)) s")
    }
}
