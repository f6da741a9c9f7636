import Foundation
import LoopbackHTTP

extension SPAPIEmulator {
    /// Routes a request, applies auth, the usage plan and scripted faults, and logs it.
    func handle(_ request: HTTPRequestMessage) -> HTTPResponseMessage {
        locked {
            let (operation, route) = Self.route(request)
            var fault: EmulatorFault?
            if let operation, operation != .control { fault = nextFault(operation) }
            var response: HTTPResponseMessage
            if let operation, let route {
                response = answer(operation, route: route, request: request, fault: fault)
            } else {
                response = errorList(404, "NotFound", "Resource not found: \(request.method) \(request.path)")
            }
            log.append(
                LoggedRequest(
                    operation: operation ?? .control, method: request.method, path: request.path,
                    query: Dictionary(request.query.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }),
                    status: response.status,
                    fault: fault, body: request.body))
            return response
        }
    }

    enum Route {
        case token, searchOrders
        case item(seller: String, sku: String)
        case search(seller: String)
        case participations, control
        case createReport
        case report(id: String)
        case reportDocument(id: String)
        case download(id: String)
    }

    static func route(_ request: HTTPRequestMessage) -> (EmulatedOperation?, Route?) {
        let segments = request.rawPath.split(separator: "/").map { LoopbackHTTPServer.decode(String($0)) }
        switch (request.method, segments.count) {
        case ("POST", 3) where segments == ["auth", "o2", "token"]: return (.lwaToken, .token)
        case ("GET", 3) where segments == ["orders", "2026-01-01", "orders"]: return (.searchOrders, .searchOrders)
        case ("GET", 5) where segments[0...2] == ["listings", "2021-08-01", "items"]:
            return (.getListingsItem, .item(seller: segments[3], sku: segments[4]))
        case ("PATCH", 5) where segments[0...2] == ["listings", "2021-08-01", "items"]:
            return (.patchListingsItem, .item(seller: segments[3], sku: segments[4]))
        case ("GET", 4) where segments[0...2] == ["listings", "2021-08-01", "items"]:
            return (.searchListingsItems, .search(seller: segments[3]))
        case ("GET", 3) where segments == ["sellers", "v1", "marketplaceParticipations"]:
            return (.getMarketplaceParticipations, .participations)
        case ("POST", 2) where segments == ["_emulator", "orders"]: return (.control, .control)
        case ("POST", 3) where segments == ["reports", "2021-06-30", "reports"]: return (.createReport, .createReport)
        case ("GET", 4) where segments[0...2] == ["reports", "2021-06-30", "reports"]:
            return (.getReport, .report(id: segments[3]))
        case ("GET", 4) where segments[0...2] == ["reports", "2021-06-30", "documents"]:
            return (.getReportDocument, .reportDocument(id: segments[3]))
        case ("GET", 2) where segments[0] == "_documents": return (.downloadReportDocument, .download(id: segments[1]))
        default: return (nil, nil)
        }
    }

    private func nextFault(_ operation: EmulatedOperation) -> EmulatorFault? {
        guard var queue = scheduled[operation], !queue.isEmpty else { return nil }
        defer { scheduled[operation] = queue.filter { $0.remaining > 0 } }
        if queue[0].skip > 0 {
            queue[0].skip -= 1
            return nil
        }
        queue[0].remaining -= 1
        return queue[0].fault
    }

    private func answer(
        _ operation: EmulatedOperation, route: Route, request: HTTPRequestMessage, fault: EmulatorFault?
    )
        -> HTTPResponseMessage
    {
        switch route {
        case .token: return withFault(fault, lwaToken(request))
        case .control: return control(request)
        case .download(let id): return downloadDocument(request, id: id, fault: fault)
        default: break
        }
        // Every SP-API call carries the LWA access token in x-amz-access-token ("Connect to the
        // SP-API", step 3); the 403 bodies are the ones SP-API sends.
        if fault == .expiredToken {
            return errorList(
                403, "Unauthorized", "Access to requested resource is denied.",
                details: "The access token you provided has expired.")
        }
        guard let token = request.header("x-amz-access-token"), !token.isEmpty else {
            return errorList(403, "Unauthorized", "Access to requested resource is denied.", details: "")
        }
        guard let issued = tokens[token] else {
            return errorList(
                403, "Unauthorized", "Access to requested resource is denied.",
                details: "The access token you provided is revoked, malformed or invalid.")
        }
        guard issued.expires > now() else {
            return errorList(
                403, "Unauthorized", "Access to requested resource is denied.",
                details: "The access token you provided has expired.")
        }
        // Token bucket per operation ("Usage Plans and Rate Limits"); the 429 body and the absence
        // of x-amzn-RateLimit-Limit on it follow the models' 429 responses.
        if fault == .throttle || !(buckets[operation]?.take(now: now()) ?? true) {
            return errorList(429, "QuotaExceeded", "You exceeded your quota for the requested resource.")
        }
        if case .status(let status) = fault {
            return errorList(
                status, status == 503 ? "ServiceUnavailable" : "InternalFailure",
                "We encountered an internal error. Please try again.")
        }
        if fault == .dropConnection { return HTTPResponseMessage(status: 500, faults: [.resetBeforeAnswer]) }
        var response: HTTPResponseMessage
        switch route {
        case .searchOrders: response = searchOrders(request)
        case .item(let seller, let sku):
            response =
                request.method == "GET"
                ? getListingsItem(request, seller: seller, sku: sku)
                : patchListingsItem(request, seller: seller, sku: sku)
        case .search(let seller): response = searchListingsItems(request, seller: seller)
        case .participations: response = participations()
        case .createReport: response = createReport(request)
        case .report(let id): response = getReport(id)
        case .reportDocument(let id): response = getReportDocument(id)
        case .token, .control, .download: response = errorList(500, "InternalFailure", "unreachable")
        }
        if let rate = buckets[operation]?.rate { response.headers.append(("x-amzn-RateLimit-Limit", String(rate))) }
        return withFault(fault, response)
    }

    private func withFault(_ fault: EmulatorFault?, _ response: HTTPResponseMessage) -> HTTPResponseMessage {
        var response = response
        switch fault {
        case .resetMidBody: response.faults.append(.resetMidBody(fraction: 0.5))
        case .slow(let seconds): response.faults.append(.delay(seconds))
        case .malformedBody:
            response.status = 200
            response.body = Data("<html>upstream error</html>".utf8)
        case .dropConnection: response.faults.append(.resetBeforeAnswer)
        default: break
        }
        return response
    }

    /// The documented `ErrorList`: `{"errors": [{"code", "message", "details"}]}`, with
    /// `x-amzn-RequestId`. (`answer` adds `x-amzn-RateLimit-Limit` to the statuses whose
    /// model lists it: 200, 400, 404; not to 403 or 429.)
    func errorList(_ status: Int, _ code: String, _ message: String, details: String = "") -> HTTPResponseMessage {
        var response = HTTPResponseMessage.json(
            status, ["errors": [["code": code, "message": message, "details": details]]],
            headers: [("x-amzn-RequestId", UUID().uuidString)])
        response.headers.append(("x-amzn-ErrorType", code))
        return response
    }

    func ok(_ object: Any) -> HTTPResponseMessage {
        HTTPResponseMessage.json(200, object, headers: [("x-amzn-RequestId", UUID().uuidString)])
    }

    /// `a,b,c` query arrays (the models' `collectionFormat: csv`).
    static func list(_ value: String?) -> [String] {
        (value ?? "").split(separator: ",").map(String.init).filter { !$0.isEmpty }
    }

    /// The seller the access token was issued for: one seller per emulator.
    var sellerID: String { configuration.sellerID }
}
