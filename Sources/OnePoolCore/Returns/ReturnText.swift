/// Returns in the operator's words, for `onepool log` and the activity pane.
enum ReturnText {
    static func details(_ change: ReturnChange) -> String {
        switch change {
        case .arrived(let line):
            "\(line.id) returned \(line.quantity) × \(line.sku)"
                + (line.returnID.isEmpty ? "" : " (return \(line.returnID))")
                + ", awaiting inspection — \(line.reason)"
        case .restocked(let sku, let quantity, let reason):
            "\(sku) \(quantity) returned unit(s) restocked" + (reason.map { " — \($0)" } ?? "")
        case .writtenOff(let sku, let quantity, let reason):
            "\(sku) \(quantity) returned unit(s) written off (unsellable) — \(reason)"
        }
    }
}
