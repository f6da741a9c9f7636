/// The SP-API operations OnePool calls, each with its documented default usage plan (token
/// bucket: `rate` tokens per second refill a bucket of `burst`; a request spends one). Amazon
/// may grant a seller more; the `x-amzn-RateLimit-Limit` answer header then says the rate.
public enum SPAPIOperation: String, CaseIterable, Sendable, Hashable {
    /// Orders API v2026-01-01 `searchOrders`: rate 0.0056/s, burst 20 (orders_2026-01-01.json,
    /// "Usage Plan"). After the burst, one page every ~3 minutes.
    case searchOrders
    /// Listings Items API 2021-08-01 `getListingsItem`: rate 5/s, burst 10.
    case getListingsItem
    /// Listings Items API 2021-08-01 `patchListingsItem`: rate 5/s, burst 10.
    case patchListingsItem
    /// Listings Items API 2021-08-01 `searchListingsItems`: rate 5/s, burst 5.
    case searchListingsItems
    /// Sellers API v1 `getMarketplaceParticipations`: rate 0.016/s, burst 15 (sellers.json).
    case getMarketplaceParticipations
    /// Reports API 2021-06-30 `createReport`: rate 0.0167/s, burst 15 (reports_2021-06-30.json,
    /// "Usage Plan"). One report a minute after the burst.
    case createReport
    /// Reports API 2021-06-30 `getReport`: rate 2/s, burst 15.
    case getReport
    /// Reports API 2021-06-30 `getReportDocument`: rate 0.0167/s, burst 15.
    case getReportDocument

    public var defaultPlan: SPAPIUsagePlan {
        switch self {
        case .searchOrders: SPAPIUsagePlan(rate: 0.0056, burst: 20)
        case .getListingsItem: SPAPIUsagePlan(rate: 5, burst: 10)
        case .patchListingsItem: SPAPIUsagePlan(rate: 5, burst: 10)
        case .searchListingsItems: SPAPIUsagePlan(rate: 5, burst: 5)
        case .getMarketplaceParticipations: SPAPIUsagePlan(rate: 0.016, burst: 15)
        case .createReport: SPAPIUsagePlan(rate: 0.0167, burst: 15)
        case .getReport: SPAPIUsagePlan(rate: 2, burst: 15)
        case .getReportDocument: SPAPIUsagePlan(rate: 0.0167, burst: 15)
        }
    }
}

/// A token bucket's settings.
public struct SPAPIUsagePlan: Sendable, Equatable {
    /// Tokens added per second.
    public var rate: Double
    /// The bucket's size: requests that may go at once after a quiet spell.
    public var burst: Int

    public init(rate: Double, burst: Int) {
        self.rate = rate
        self.burst = burst
    }
}
