import Foundation

/// The SP-API operations the emulator answers, plus Login with Amazon and its own controls.
public enum EmulatedOperation: String, Sendable, CaseIterable {
    case lwaToken, searchOrders, getListingsItem, patchListingsItem, searchListingsItems, getMarketplaceParticipations,
        control
    /// Reports API 2021-06-30, and the presigned document URL (not an SP-API operation: no
    /// access token, no usage plan).
    case createReport, getReport, getReportDocument, downloadReportDocument
}

/// A fault the next call(s) to an operation meet, whatever the request.
public enum EmulatorFault: Sendable, Equatable {
    /// Answer with this status and a documented `ErrorList` body (500, 502, 503, 504, …).
    case status(Int)
    /// 429 `QuotaExceeded`, bucket or not.
    case throttle
    /// 403 "The access token you provided has expired." for this call.
    case expiredToken
    /// Compute the real answer, send part of it, reset the connection.
    case resetMidBody
    /// Reset the connection without answering.
    case dropConnection
    /// Answer correctly, after this many seconds.
    case slow(Double)
    /// 200 with a body that is not the documented JSON.
    case malformedBody
}

/// An order item as the emulator keeps it.
public struct EmulatedOrderItem: Sendable, Equatable {
    public var orderItemID: String
    public var sellerSKU: String
    public var asin: String
    public var quantityOrdered: Int
    public var quantityShipped: Int
    /// Decimal text, "12.50".
    public var unitPrice: String
    public var cancelled: Bool
}

/// An order as the emulator keeps it (fields of the v2026-01-01 `Order`).
public struct EmulatedOrder: Sendable, Equatable {
    public var orderID: String
    public var marketplaceID: String
    public var created: Date
    public var lastUpdated: Date
    /// A `FulfillmentStatus`: PENDING, UNSHIPPED, PARTIALLY_SHIPPED, SHIPPED, CANCELLED, …
    public var status: String
    /// MERCHANT or AMAZON.
    public var fulfilledBy: String
    public var items: [EmulatedOrderItem]
}

/// A listing as the emulator keeps it.
public struct EmulatedListing: Sendable, Equatable {
    public var sku: String
    public var asin: String
    public var productType: String
    /// DEFAULT (merchant) quantity; nil for an FBA listing.
    public var merchantQuantity: Int?
    /// FBA quantity under `AMAZON_NA`; nil for a merchant listing.
    public var amazonQuantity: Int?
    /// Kept by `merge`, cleared by `replace` (what the docs say distinguishes them).
    public var leadTimeToShipMaxDays: Int?
    public var created: Date
    public var lastUpdated: Date
}

/// One request the emulator saw, for assertions.
public struct LoggedRequest: Sendable {
    public var operation: EmulatedOperation
    public var method: String
    public var path: String
    public var query: [String: String]
    public var status: Int
    public var fault: EmulatorFault?
    public var body: Data
}

/// A token bucket as the SP-API documents them.
struct EmulatedBucket {
    var rate: Double
    var burst: Int
    var tokens: Double
    var updated: Date

    mutating func take(now: Date) -> Bool {
        tokens = min(Double(burst), tokens + now.timeIntervalSince(updated) * rate)
        updated = now
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}

/// ISO 8601 with milliseconds, as SP-API writes times ("2024-12-25T10:30:00.000Z" style).
enum EmulatorTime {
    static func text(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        let fraction = Int(milliseconds - seconds * 1000)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), fraction)
    }

    /// Accepts `2024-01-01T00:00:00Z`, with fractional seconds, or with a `+hh:mm` offset.
    static func parse(_ text: String) -> Date? {
        let pattern = #"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.(\d{1,9}))?(Z|([+-])(\d{2}):?(\d{2}))$"#
        guard let regex = try? NSRegularExpression(pattern: pattern),
            let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
        else { return nil }
        func group(_ index: Int) -> String? {
            guard let range = Range(match.range(at: index), in: text) else { return nil }
            return String(text[range])
        }
        var parts = tm()
        parts.tm_year = Int32(group(1).flatMap(Int.init) ?? 1970) - 1900
        parts.tm_mon = Int32(group(2).flatMap(Int.init) ?? 1) - 1
        parts.tm_mday = Int32(group(3).flatMap(Int.init) ?? 1)
        parts.tm_hour = Int32(group(4).flatMap(Int.init) ?? 0)
        parts.tm_min = Int32(group(5).flatMap(Int.init) ?? 0)
        parts.tm_sec = Int32(group(6).flatMap(Int.init) ?? 0)
        var seconds = Double(timegm(&parts))
        if let fraction = group(8) { seconds += Double("0." + fraction) ?? 0 }
        if let sign = group(10), let hours = group(11).flatMap(Double.init),
            let minutes = group(12).flatMap(Double.init)
        {
            seconds -= (sign == "+" ? 1 : -1) * (hours * 3600 + minutes * 60)
        }
        return Date(timeIntervalSince1970: seconds)
    }

    /// Times are kept to the millisecond, as they are written.
    static func truncated(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }
}

/// What happened to the seller's listings, in order, for a test to replay against the truth.
public enum SPAPIEvent: Sendable, Hashable {
    /// A buyer ordered `quantity` of a merchant-fulfilled listing.
    case sale(order: String, sku: String, quantity: Int, at: Date)
    /// An order's unshipped units of `sku` went back to the listing.
    case cancel(order: String, sku: String, quantity: Int, at: Date)
    /// A `patchListingsItem` accepted a new merchant quantity.
    case set(sku: String, from: Int?, to: Int, at: Date)
}
