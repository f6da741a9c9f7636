import Foundation
import OnePoolCore

/// Where the next order pull starts: a time, and — while a search is still being paged
/// through — Amazon's page token. Store `text` in the same journal batch as the orders the
/// pull returned; give it back to `pullOrders(from:)` next time.
///
/// Why a token and not just a time: after its burst of 20, `searchOrders` admits one request
/// every ~3 minutes (rate 0.0056/s). A backlog of more pages than the bucket holds (a first
/// sync, a long outage) cannot be read in one go; a pull that had to start again from the same
/// time would read the same first pages for ever. With the token (valid 24 hours, per the
/// model's `Pagination`), each pull applies the pages it could read and the next one resumes.
public struct AmazonOrdersCursor: Sendable, Hashable, CustomStringConvertible {
    /// `lastUpdatedAfter` of the search (inclusive).
    public private(set) var since: Timestamp
    /// The next page of the search in progress; nil when no search is in progress.
    public private(set) var pageToken: String?
    /// What `since` becomes when the search in progress ends: the bound Amazon reported, or the
    /// latest update seen so far when it reported none.
    public private(set) var nextSince: Timestamp?
    /// When the token was issued (OnePool's clock), to start afresh before it expires.
    public private(set) var tokenIssued: Timestamp?
    /// Where the next returns report starts (`dataStartTime`, by return date); nil until the
    /// connection's first returns report. Kept in the orders cursor so that a returns report's
    /// events and its position are written in one journal batch, as a page of orders is.
    public var returnsSince: Timestamp?

    public init(since: Timestamp) { self.since = since }

    init(since: Timestamp, pageToken: String?, nextSince: Timestamp?, tokenIssued: Timestamp?) {
        self.since = since
        self.pageToken = pageToken
        self.nextSince = nextSince
        self.tokenIssued = tokenIssued
    }

    /// The same cursor without the search in progress (an expired or refused token).
    var restarted: AmazonOrdersCursor {
        var cursor = AmazonOrdersCursor(since: since)
        cursor.returnsSince = returnsSince
        return cursor
    }

    /// The cursor after a report that read every order updated up to `end`: the search starts
    /// again from there, with no search in progress (whatever it had read is in the report).
    func caughtUp(to end: Timestamp) -> AmazonOrdersCursor {
        var cursor = AmazonOrdersCursor(since: max(since, end))
        cursor.returnsSince = returnsSince
        return cursor
    }

    /// `amazon-orders/1 since=<ms> next=<ms|-> issued=<ms|-> token=<percent-encoded|->`, and
    /// once returns are pulled `amazon-orders/2 … returns=<ms>` (version 1 is still read).
    public var text: String {
        func number(_ time: Timestamp?) -> String { time.map { String($0.millisecondsSince1970) } ?? "-" }
        let orders =
            "since=\(since.millisecondsSince1970) next=\(number(nextSince)) "
            + "issued=\(number(tokenIssued)) token=\(pageToken.map(SPAPIFormEncoding.encode) ?? "-")"
        guard let returnsSince else { return "amazon-orders/1 " + orders }
        return "amazon-orders/2 " + orders + " returns=\(returnsSince.millisecondsSince1970)"
    }

    public var description: String { text }

    /// Reads `text` back. Refuses anything else, saying what was expected.
    public init(text: String) throws(AmazonError) {
        let expected =
            "expected 'amazon-orders/1 since=<ms> next=<ms|-> issued=<ms|-> token=<text|->' "
            + "or 'amazon-orders/2 … returns=<ms>'"
        let fields = text.split(separator: " ")
        guard
            (fields.count == 5 && fields[0] == "amazon-orders/1")
                || (fields.count == 6 && fields[0] == "amazon-orders/2")
        else {
            throw .invalidConfiguration("Amazon orders cursor '\(String(text.prefix(60)))': \(expected)")
        }
        var values: [String: String] = [:]
        for field in fields.dropFirst() {
            let pair = field.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { throw .invalidConfiguration("Amazon orders cursor: \(expected)") }
            values[String(pair[0])] = String(pair[1])
        }
        func time(_ name: String, optional: Bool) throws(AmazonError) -> Timestamp? {
            guard let value = values[name] else { throw .invalidConfiguration("Amazon orders cursor: \(expected)") }
            if optional && value == "-" { return nil }
            // 0 … year 9999: any time Amazon can report.
            guard let milliseconds = Int64(value), (0...253_402_300_799_999).contains(milliseconds) else {
                throw .invalidConfiguration(
                    "Amazon orders cursor: \(name)=\(value.prefix(20)) is not a time in 0…253402300799999 ms")
            }
            return Timestamp(millisecondsSince1970: milliseconds)
        }
        guard let since = try time("since", optional: false), let tokenText = values["token"] else {
            throw .invalidConfiguration("Amazon orders cursor: \(expected)")
        }
        let token = tokenText == "-" ? nil : tokenText.removingPercentEncoding
        if tokenText != "-" && (token == nil || token?.isEmpty == true || tokenText.utf8.count > 8192) {
            throw .invalidConfiguration(
                "Amazon orders cursor: the token is not percent-encoded text of at most 8192 bytes")
        }
        self.init(
            since: since, pageToken: token, nextSince: try time("next", optional: true),
            tokenIssued: try time("issued", optional: true))
        if fields.count == 6 {
            guard let returns = try time("returns", optional: false) else {
                throw .invalidConfiguration("Amazon orders cursor: \(expected)")
            }
            returnsSince = returns
        }
    }
}
