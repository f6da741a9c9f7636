import Foundation
import OnePoolCore
import OnePoolPolicyReference
import Testing

/// Every textbook case of Tests/Fixtures/data/policy_cases.json (Snyder & Shen, as stockpyl
/// computes them), reproduced by Core's policy formulas to the case's relative tolerance.
@Suite struct PolicyCasesTests {
    /// The cases file, kept in the repository so a fresh clone runs every case.
    static let file: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/data/policy_cases.json")

    struct Case: Sendable, CustomTestStringConvertible {
        var id: String
        var model: String
        var function: String
        var inputs: [String: Double]
        var expected: [String: Double]
        var tolerance: Double
        var testDescription: String { id }
    }

    static let cases: [Case] = {
        guard let data = try? Data(contentsOf: file),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let list = root["cases"] as? [[String: Any]]
        else { return [] }
        return list.compactMap { item in
            guard let id = item["id"] as? String, let function = item["stockpyl_function"] as? String,
                let inputs = item["inputs"] as? [String: Double], let expected = item["expected"] as? [String: Double],
                let tolerance = item["rel_tolerance"] as? Double
            else { return nil }
            return Case(
                id: id, model: item["model"] as? String ?? "", function: function, inputs: inputs, expected: expected,
                tolerance: tolerance)
        }
    }()

    @Test func theFileHoldsEveryCase() throws {
        let data = try Data(contentsOf: Self.file)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let meta = try #require(root["meta"] as? [String: Any])
        #expect(Self.cases.count == meta["n_cases"] as? Int)
        #expect(Self.cases.count == 29)
    }

    @Test(arguments: cases)
    func reproduces(_ policyCase: Case) throws {
        let computed = try Self.compute(policyCase)
        for (key, expected) in policyCase.expected.sorted(by: { $0.key < $1.key }) {
            let value = try #require(computed[key], "\(policyCase.id): no computed value for \(key)")
            let error = abs(value - expected)
            #expect(
                error <= policyCase.tolerance * abs(expected) + 1e-12,
                "\(policyCase.id).\(key): \(value), expected \(expected)")
        }
    }

    struct UnknownModel: Error, CustomStringConvertible { var description: String }

    /// Runs the formula the case names and returns its outputs under the case's names.
    static func compute(_ c: Case) throws -> [String: Double] {
        func input(_ name: String) throws -> Double {
            guard let value = c.inputs[name] else { throw UnknownModel(description: "\(c.id): input \(name) missing") }
            return value
        }
        let f = c.function
        if f == "eoq.economic_order_quantity" {
            let s = EconomicOrderQuantity.solve(
                fixedCost: try input("fixed_cost"), holdingCost: try input("holding_cost"),
                demandRate: try input("demand_rate"))
            return ["order_quantity": s.orderQuantity, "annual_cost": s.annualCost]
        }
        if f == "eoq.economic_order_quantity_with_backorders" {
            let s = EconomicOrderQuantity.solveWithBackorders(
                fixedCost: try input("fixed_cost"), holdingCost: try input("holding_cost"),
                stockoutCost: try input("stockout_cost"),
                demandRate: try input("demand_rate"))
            return [
                "order_quantity": s.orderQuantity, "annual_cost": s.annualCost, "stockout_fraction": s.stockoutFraction,
            ]
        }
        if f.hasPrefix("newsvendor.newsvendor_normal_explicit") {
            let s = Newsvendor.explicit(
                revenue: try input("revenue"), purchaseCost: try input("purchase_cost"),
                salvageValue: try input("salvage_value"),
                mean: try input("demand_mean"), sd: try input("demand_sd"))
            return ["order_quantity": s.orderQuantity, "expected_profit": s.expectedProfit]
        }
        if f.hasPrefix("newsvendor.newsvendor_normal") {
            let s = Newsvendor.normal(
                holdingCost: try input("holding_cost"), stockoutCost: try input("stockout_cost"),
                mean: try input("demand_mean"),
                sd: try input("demand_sd"), leadTime: c.inputs["lead_time"] ?? 0)
            return [
                "base_stock_level": s.baseStockLevel, "expected_cost": s.expectedCost,
                "expected_cost_per_period": s.expectedCost,
                "critical_ratio": s.criticalRatio, "lead_time_demand_mean": s.mean, "lead_time_demand_sd": s.sd,
            ]
        }
        if f == "newsvendor.newsvendor_poisson" {
            let s = Newsvendor.poisson(
                holdingCost: try input("holding_cost"), stockoutCost: try input("stockout_cost"),
                mean: try input("demand_mean"))
            return ["base_stock_level": Double(s.baseStockLevel), "expected_cost": s.expectedCost]
        }
        if f.hasPrefix("ss.s_s_discrete_exact") {
            let s = SSPolicy.poissonExact(
                holdingCost: try input("holding_cost"), stockoutCost: try input("stockout_cost"),
                fixedCost: try input("fixed_cost"),
                mean: try input("demand_mean"))
            return [
                "reorder_point_s": Double(s.reorderPoint), "order_up_to_S": Double(s.orderUpTo),
                "expected_cost": s.expectedCost,
            ]
        }
        if f == "ss.s_s_power_approximation" {
            let s = SSPolicy.powerApproximation(
                holdingCost: try input("holding_cost"), stockoutCost: try input("stockout_cost"),
                fixedCost: try input("fixed_cost"),
                mean: try input("demand_mean"), sd: try input("demand_sd"))
            return ["reorder_point_s": s.reorderPoint, "order_up_to_S": s.orderUpTo]
        }
        if f.hasPrefix("rq.") {
            let policy = RQPolicy(
                holdingCost: try input("holding_cost"), stockoutCost: try input("stockout_cost"),
                fixedCost: try input("fixed_cost"),
                demandRate: try input("demand_mean"), demandSD: c.inputs["demand_sd"] ?? 0,
                leadTime: try input("lead_time"))
            var out = [
                "lead_time_demand_mean": policy.leadTimeDemand.mean, "lead_time_demand_sd": policy.leadTimeDemand.sd,
            ]
            let solution: RQPolicy.Solution
            switch f {
            case "rq.r_q_eoqss_approximation": solution = policy.eoqPlusSafetyStock()
            case "rq.r_q_eoqb_approximation": solution = policy.eoqWithBackorders()
            case "rq.r_q_eil_approximation": solution = policy.expectedInventoryLevel()
            case "rq.r_q_loss_function_approximation": solution = policy.lossFunction()
            case "rq.r_q_poisson_exact":
                let exact = policy.poissonExact()
                out["reorder_point"] = Double(exact.reorderPoint)
                out["order_quantity"] = Double(exact.orderQuantity)
                out["expected_cost"] = exact.expectedCost
                return out
            default: throw UnknownModel(description: "\(c.id): no formula for \(f)")
            }
            out["reorder_point"] = solution.reorderPoint
            out["order_quantity"] = solution.orderQuantity
            out["expected_cost_rq_cost"] = solution.expectedCost
            return out
        }
        if f.hasPrefix("scipy norm.ppf") {
            let s = ServiceLevel.normal(
                dailyMean: try input("daily_demand_mean"), dailySD: try input("daily_demand_sd"),
                leadTimeDays: try input("lead_time_days"),
                cycleServiceLevel: try input("cycle_service_level"), orderQuantity: try input("order_quantity"))
            return [
                "z": s.z, "lead_time_demand_mean": s.leadTimeDemand.mean, "lead_time_demand_sd": s.leadTimeDemand.sd,
                "safety_stock": s.safetyStock, "reorder_point": s.reorderPoint,
                "expected_shortage_per_cycle": s.expectedShortagePerCycle,
                "fill_rate": s.fillRate, "days_of_cover_at_reorder_point": s.daysOfCoverAtReorderPoint,
            ]
        }
        if f.hasPrefix("scipy poisson.ppf") {
            let s = ServiceLevel.poisson(
                dailyRate: try input("daily_demand_rate"), leadTimeDays: try input("lead_time_days"),
                cycleServiceLevel: try input("cycle_service_level"), orderQuantity: try input("order_quantity"))
            return [
                "lead_time_demand_mean": s.leadTimeDemandMean, "reorder_point": Double(s.reorderPoint),
                "achieved_csl": s.achievedCycleServiceLevel, "safety_stock": s.safetyStock,
                "expected_shortage_per_cycle": s.expectedShortagePerCycle, "fill_rate": s.fillRate,
            ]
        }
        throw UnknownModel(description: "\(c.id): no formula for \(f)")
    }
}

/// The normal distribution against tables, and the planner against the textbook where they meet.
@Suite struct PolicyMathTests {
    @Test func normalDistributionMatchesTables() {
        #expect(abs(StandardNormal.cdf(1.96) - 0.975_002_104_851_780) < 1e-14)
        #expect(abs(StandardNormal.survival(6) / 9.865_876_450_376_981e-10 - 1) < 1e-12)
        #expect(abs(StandardNormal.quantile(0.95) - 1.644_853_626_951_472_2) < 1e-14)
        #expect(abs(StandardNormal.quantile(1e-10) + 6.361_340_902_404_056) < 1e-11)
        // L(0) = φ(0); L(z) − L(−z) = −z.
        #expect(abs(StandardNormal.loss(0) - 0.398_942_280_401_432_7) < 1e-15)
        #expect(abs(StandardNormal.loss(1.3) - StandardNormal.loss(-1.3) + 1.3) < 1e-14)
    }

    /// Poisson demand with no MOQ: an order every review that sells, and the order-up-to level is at
    /// or just below the textbook cycle-service reorder point of Poisson demand over lead time +
    /// review (these rates sell in almost every review, so per review and per cycle agree).
    @Test(arguments: [
        (rate: 2.0, lead: 3, review: 2, level: 0.95), (rate: 1.0, lead: 10, review: 7, level: 0.9),
        (rate: 5.0, lead: 6, review: 7, level: 0.98),
    ])
    func theReorderPolicyMeetsTheTextbookOnPoissonDemand(rate: Double, lead: Int, review: Int, level: Double) {
        let days = Double(lead + review)
        let textbook = ServiceLevel.poisson(
            dailyRate: rate, leadTimeDays: days, cycleServiceLevel: level, orderQuantity: 1)
        let leadDemand = rate * Double(lead)
        let reviewDemand = rate * Double(review)
        let levels = ReorderPolicy.levels(
            serviceLevel: level, lead: HorizonDistribution(mean: leadDemand, variance: leadDemand),
            review: HorizonDistribution(mean: reviewDemand, variance: reviewDemand), casePack: 1, minimum: 1)
        #expect(levels.spread == 1)
        // Demand lost in a short cycle is not carried into the next, so lost sales need at most a
        // few units less than the backorder textbook.
        #expect(levels.orderUpTo <= textbook.reorderPoint && levels.orderUpTo >= textbook.reorderPoint - 3)
        #expect(levels.reorderPoint == levels.orderUpTo - 1)
    }
}
