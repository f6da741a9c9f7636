/// `onepool briefing --format json`.
struct BriefingReport: Codable {
    var title: String
    var date: String
    var total: Int
    var items: [BriefingRow]
}

/// One move of the briefing.
struct BriefingRow: Codable {
    var rank: Int
    var kind: Identifier
    var subject: Identifier
    var money: Amount
    var why: String
    var action: String
}

/// `onepool doctor`: what was verified and what is damaged.
struct DoctorReport: Codable {
    var store: String
    var sound: Bool
    var errors: Int
    var warnings: Int
    var findings: [DoctorFinding]
}

/// One finding of `doctor` (also its CSV row).
struct DoctorFinding: Codable {
    var severity: Identifier
    var file: String
    var message: String
}
