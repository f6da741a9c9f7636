import Foundation
import OnePoolChannels
import OnePoolConsole
import OnePoolCore

/// A purchase order two ways: as OnePool shows it (`po show`: status, who approved, why each
/// quantity) and as the supplier receives it (`po send`: a printable text and a CSV of its
/// lines, with none of OnePool's internal reasoning or approval state — a document for someone
/// else).
enum PODocument {
    static func detail(_ record: PurchaseOrderRecord, state: StockState) -> PODetail {
        let order = record.order
        let supplier = state.purchasing.suppliers[order.supplier]
        return PODetail(
            po: Identifier(order.id), supplier: Identifier(order.supplier),
            supplierName: supplier?.name ?? order.supplier,
            contact: supplier?.contact ?? "", status: Identifier(record.status.rawValue),
            approvedBy: record.approvedBy.map { Identifier($0) },
            rejection: record.rejection, cancellation: record.cancelReason,
            drafted: CivilDate.text(record.draftedAt, offsetSeconds: 0),
            expected: CivilDate(dayNumber: record.expectedArrival.day()).description,
            currency: Identifier(supplier?.currency ?? ""),
            units: order.units, value: Amount(order.value),
            lines: order.lines.map { line in
                POLineDetail(
                    sku: Identifier(line.sku),
                    supplierCode: Identifier(state.purchasing.items[order.supplier]?[line.sku]?.supplierCode ?? ""),
                    quantity: line.quantity, received: record.received[line.sku] ?? 0, unitCost: Amount(line.unitCost),
                    value: Amount(line.value), reason: line.reason)
            })
    }

    /// `po show`: the PO with its status and the reason for each quantity.
    static func internalText(_ detail: PODetail) -> String {
        var status = "Status:    \(detail.status.raw)" + (detail.approvedBy.map { " · approved by \($0.raw)" } ?? "")
        status += detail.rejection.map { " · rejected: \($0)" } ?? ""
        status += detail.cancellation.map { " · cancelled: \($0)" } ?? ""
        var lines = header(detail) + [TerminalText.escaped(status)]
        lines.append("Drafted:   \(detail.drafted) UTC · expected \(detail.expected)")
        lines.append("")
        lines += table(detail, withReasons: true)
        return lines.joined(separator: "\n")
    }

    /// `po send`'s printable text: what is ordered, from whom, by when — nothing else.
    static func supplierText(_ detail: PODetail) -> String {
        var lines = header(detail)
        lines.append("Date:      \(detail.drafted) · delivery expected \(detail.expected)")
        lines.append("")
        lines += table(detail, withReasons: false)
        return lines.joined(separator: "\n")
    }

    private static func header(_ detail: PODetail) -> [String] {
        let contact = detail.contact.isEmpty ? "" : " · \(detail.contact)"
        return [
            "PURCHASE ORDER \(detail.po.raw)",
            TerminalText.escaped("Supplier:  \(detail.supplierName) (\(detail.supplier.raw))\(contact)"),
        ]
    }

    private static func table(_ detail: PODetail, withReasons: Bool) -> [String] {
        func padded(_ text: String, _ width: Int, right: Bool = false) -> String {
            TerminalText.padded(text, to: width, rightAligned: right) + (right ? "" : " ")
        }
        var lines = [
            padded("SKU", 15) + padded("Supplier code", 14) + padded("Qty", 7, right: true)
                + (withReasons ? padded("Received", 9, right: true) : "") + padded("Unit cost", 11, right: true)
                + padded("Value", 12, right: true)
        ]
        for line in detail.lines {
            lines.append(
                padded(line.sku.raw, 15) + padded(line.supplierCode.raw, 14)
                    + padded(
                        "\(line.quantity)", 7,
                        right: true)
                    + (withReasons ? padded("\(line.received)", 9, right: true) : "")
                    + padded(NumberText.money(line.unitCost.money), 11, right: true)
                    + padded(NumberText.money(line.value.money), 12, right: true))
            if withReasons { lines.append(TerminalText.escaped("    why: \(line.reason)")) }
        }
        let currency = detail.currency.raw.isEmpty ? "" : " \(detail.currency.raw)"
        lines.append(
            padded("Total", 30) + padded("\(detail.units)", 7, right: true)
                + String(
                    repeating: " ",
                    count: withReasons ? 20 : 11)
                + padded(NumberText.money(detail.value.money), 12, right: true) + currency)
        return lines
    }

    /// `po send`'s CSV: one row per line, identifiers byte for byte.
    static func csv(_ detail: PODetail) -> String {
        let rows: [[OutputValue]] = detail.lines.map { line in
            [
                detail.po.outputValue, detail.supplier.outputValue, line.sku.outputValue, line.supplierCode.outputValue,
                .integer(line.quantity), line.unitCost.outputValue, line.value.outputValue,
            ]
        }
        return CSVText.render(
            header: ["po", "supplier", "sku", "supplier_code", "quantity", "unit_cost", "value"],
            rows: rows) + "\n"
    }

    static func write(_ record: PurchaseOrderRecord, state: StockState, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let detail = detail(record, state: state)
        for (suffix, text) in [("csv", csv(detail)), ("txt", supplierText(detail) + "\n")] {
            let path = "\(directory)/\(record.order.id).\(suffix)"
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
                throw CLIError("cannot write \(path)")
            }
        }
    }
}
