import Foundation
import OnePoolChannels
import OnePoolCore

/// A purchase order as a supplier receives it: a printable text and a CSV of its lines.
enum PODocument {
    static func text(_ record: PurchaseOrderRecord, state: StockState) -> String {
        let order = record.order
        let supplier = state.purchasing.suppliers[order.supplier]
        var lines = [
            "PURCHASE ORDER \(order.id)",
            "Supplier:  \(supplier?.name ?? order.supplier) (\(order.supplier))" + (supplier.map { $0.contact.isEmpty ? "" : " · \($0.contact)" } ?? ""),
            "Status:    \(record.status.rawValue)" + (record.approvedBy.map { " · approved by \($0)" } ?? "")
                + (record.rejection.map { " · rejected: \($0)" } ?? "") + (record.cancelReason.map { " · cancelled: \($0)" } ?? ""),
            "Drafted:   \(CivilDate.text(record.draftedAt, offsetSeconds: 0)) UTC · expected \(CivilDate(dayNumber: record.expectedArrival.day()))",
            "",
            pad("SKU", 16) + pad("Supplier code", 15) + padLeft("Qty", 7) + padLeft("Received", 9) + padLeft("Unit cost", 11) + padLeft("Value", 12),
        ]
        for line in order.lines {
            let code = state.purchasing.items[order.supplier]?[line.sku]?.supplierCode ?? ""
            lines.append(pad(line.sku, 16) + pad(code, 15) + padLeft("\(line.quantity)", 7) + padLeft("\(record.received[line.sku] ?? 0)", 9)
                         + padLeft("\(line.unitCost)", 11) + padLeft("\(line.value)", 12))
            lines.append("    why: \(line.reason)")
        }
        lines.append(pad("Total", 38) + padLeft("\(order.units)", 7) + padLeft("", 20) + padLeft("\(order.value)", 12) + (supplier.map { $0.currency.isEmpty ? "" : " \($0.currency)" } ?? ""))
        return lines.joined(separator: "\n")
    }

    static func csv(_ record: PurchaseOrderRecord, state: StockState) -> String {
        UploadWriter.csv(header: ["po", "supplier", "sku", "supplier_code", "quantity", "unit_cost", "value"], rows: record.order.lines.map { line in
            [record.order.id, record.order.supplier, line.sku, state.purchasing.items[record.order.supplier]?[line.sku]?.supplierCode ?? "",
             "\(line.quantity)", "\(line.unitCost)", "\(line.value)"]
        })
    }

    static func write(_ record: PurchaseOrderRecord, state: StockState, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (suffix, text) in [("csv", csv(record, state: state)), ("txt", text(record, state: state) + "\n")] {
            let path = "\(directory)/\(record.order.id).\(suffix)"
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else { throw CLIError("cannot write \(path)") }
        }
    }

    private static func pad(_ text: String, _ width: Int) -> String { text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count) }
    private static func padLeft(_ text: String, _ width: Int) -> String { text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text }
}
