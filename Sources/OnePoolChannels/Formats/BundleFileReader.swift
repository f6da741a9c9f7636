import OnePoolCore

/// Bundle definitions from a CSV (`onepool bundle import`): a header naming the columns
/// `bundle`, `component` and `quantity` (any order, other columns ignored), then one row per
/// component. The rows of one bundle make its whole recipe, wherever they are in the file.
///
/// Each value is checked where it is read, and every problem is reported as file:line:column
/// with what was expected; a file with any problem gives no definitions at all.
public enum BundleFileReader {
    public struct Definition: Hashable, Sendable {
        public var definition: BundleDefinition
        /// The line of each component's row, by component code, and the bundle's first line.
        public var lines: [SKUCode: Int]
        public var firstLine: Int
    }

    public static let columns = ["bundle", "component", "quantity"]

    public static func read(_ table: DelimitedFile) throws(ImportFailure) -> [Definition] {
        var problems: [ImportProblem] = []
        var columns: [Int] = []
        for name in Self.columns {
            guard let index = table.column(name) else {
                problems.append(
                    ImportProblem(
                        file: table.file, line: 1,
                        message: "no '\(name)' column; expected a header with \(Self.columns.joined(separator: ","))"))
                continue
            }
            columns.append(index)
        }
        guard problems.isEmpty else { throw ImportFailure(problems) }
        var parts: [SKUCode: [BundleComponent]] = [:]
        var lines: [SKUCode: [SKUCode: Int]] = [:]
        var firstLine: [SKUCode: Int] = [:]
        var order: [SKUCode] = []
        for (row, line) in zip(table.rows, table.lines) {
            func field(_ which: Int) -> String {
                columns[which] < row.count ? row[columns[which]].trimmingSpaces : ""
            }
            func problem(_ which: Int, _ message: String) {
                problems.append(
                    ImportProblem(file: table.file, line: line, column: columns[which] + 1, message: message))
            }
            if row.allSatisfy({ $0.trimmingSpaces.isEmpty }) { continue }
            let bundle = SKUCode(field(0))
            let component = SKUCode(field(1))
            let quantityText = field(2)
            var good = true
            if !SKU.isValidCode(bundle) {
                problem(0, "bundle '\(bundle)' is not a SKU code: expected 1–64 printable characters without spaces")
                good = false
            }
            if !SKU.isValidCode(component) {
                problem(
                    1, "component '\(component)' is not a SKU code: expected 1–64 printable characters without spaces")
                good = false
            }
            let quantity = Int(quantityText)
            if quantity.map({ !Bounds.bundleQuantity.contains($0) }) ?? true {
                problem(
                    2,
                    "quantity '\(quantityText)' is not valid: expected a whole number of units per bundle, "
                        + "\(Bounds.bundleQuantity.lowerBound)–\(Bounds.bundleQuantity.upperBound)")
                good = false
            }
            guard good, let quantity else { continue }
            if component == bundle {
                problem(1, "bundle \(bundle) lists itself as a component; a bundle is made of other SKUs")
                continue
            }
            if let earlier = lines[bundle]?[component] {
                problem(1, "bundle \(bundle) lists \(component) again (first on line \(earlier)); give it once")
                continue
            }
            if firstLine[bundle] == nil {
                firstLine[bundle] = line
                order.append(bundle)
            }
            parts[bundle, default: []].append(BundleComponent(sku: component, quantity: quantity))
            lines[bundle, default: [:]][component] = line
        }
        // One level deep: a code that is a bundle in this file cannot be a component in it.
        for bundle in order {
            for component in parts[bundle] ?? [] where firstLine[component.sku] != nil {
                problems.append(
                    ImportProblem(
                        file: table.file, line: lines[bundle]?[component.sku] ?? 1, column: columns[1] + 1,
                        message: "component \(component.sku) of \(bundle) is itself a bundle in this file; "
                            + "components must be ordinary SKUs (one level deep)"))
            }
        }
        guard problems.isEmpty else { throw ImportFailure(problems) }
        if order.isEmpty {
            throw ImportFailure([ImportProblem(file: table.file, line: 2, message: "no bundle rows below the header")])
        }
        return order.map { bundle in
            Definition(
                definition: BundleDefinition(code: bundle, components: parts[bundle] ?? []),
                lines: lines[bundle] ?? [:], firstLine: firstLine[bundle] ?? 1)
        }
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
