import OnePoolCore

/// What `onepool bundle import` appends: each definition of the file that differs from the
/// store's, tried in file order on a copy of the state so that every problem is found before
/// anything is written (all or nothing).
///
/// A bundle the store defines differently is a conflict (a changed fact) unless `replace`; a
/// bundle defined the same already is left alone (a no-op writes nothing).
public enum BundleImportPlan {
    public struct Plan: Sendable {
        public var changes: [ProposedChange] = []
        public var unchanged: [SKUCode] = []
        public var replaced: [SKUCode] = []
    }

    public static func make(
        _ definitions: [BundleFileReader.Definition], state: StockState, file: String, replace: Bool,
        column: (String) -> Int
    ) throws(ImportFailure) -> Plan {
        var plan = Plan()
        var working = state
        var problems: [ImportProblem] = []
        for entry in definitions {
            let definition = entry.definition
            let code = definition.code
            if let current = state.bundles[code] {
                if current == definition {
                    plan.unchanged.append(code)
                    continue
                }
                guard replace else {
                    problems.append(
                        ImportProblem(
                            file: file, line: entry.firstLine, column: column("bundle"),
                            message:
                                "bundle \(code) is defined as \(current.text) in the store, not \(definition.text); "
                                + "import with --replace to change its recipe (open lines keep what they took)"))
                    continue
                }
                plan.replaced.append(code)
            }
            let change = Change.bundles(.defined(definition))
            do {
                _ = try working.commit(ProposedChange(change), time: working.lastEventTime)
                plan.changes.append(ProposedChange(change))
            } catch {
                problems.append(locate(error, entry, file: file, column: column))
            }
        }
        guard problems.isEmpty else { throw ImportFailure(problems) }
        return plan
    }

    /// Where in the file a refusal points: the row of the component it names, else the
    /// bundle's first row.
    private static func locate(
        _ refusal: Refusal, _ entry: BundleFileReader.Definition, file: String, column: (String) -> Int
    ) -> ImportProblem {
        let text = refusal.commandLineText
        for component in entry.definition.components {
            let named: Bool
            if case .unknownSKU(let code) = refusal {
                named = code == component.sku
            } else {
                named = text.contains("component \(component.sku) ") || text.contains("of \(component.sku) in")
            }
            if named, let line = entry.lines[component.sku] {
                let field = text.contains("quantity") ? "quantity" : "component"
                return ImportProblem(file: file, line: line, column: column(field), message: text)
            }
        }
        return ImportProblem(file: file, line: entry.firstLine, column: column("bundle"), message: text)
    }
}
