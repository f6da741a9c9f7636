import Foundation
import OnePoolTestSupport
import Testing

/// One bad input and what OnePool must answer: the exit code, the argument (or file:line:column)
/// the message names, and what it says was expected. Every row runs the real binary on its own
/// copy of `BadInputFixture`, whose every file must be byte-identical afterwards.
struct BadInput: Sendable, CustomTestStringConvertible {
    enum Kind: String, Sendable, CaseIterable {
        /// A number outside its range (huge, negative, not a number): never a crash.
        case range
        /// An amount written wrong: a decimal comma, too many decimals, too large, negative.
        case money
        /// A verb, option value or format that does not exist.
        case flags
        /// A value read from a file, located as file:line:column.
        case file
        /// A value the store refuses: an unknown SKU, not enough stock, an invalid code.
        case store
    }

    var kind: Kind
    var arguments: [String]
    var exit: Int32
    /// The argument or place the message must name.
    var names: String
    /// What the message must say was expected.
    var expects: String
    /// Files written beside the store first ("$DIR/name" in the arguments is their path).
    var files: [String: String] = [:]

    var testDescription: String { "\(kind.rawValue): onepool \(arguments.joined(separator: " "))" }
}

/// `onepool` words split at spaces (a word with a space is given as an array instead).
private func row(
    _ kind: BadInput.Kind, _ line: String, _ exit: Int32, names: String, expects: String, files: [String: String] = [:]
) -> BadInput {
    BadInput(
        kind: kind, arguments: line.split(separator: " ").map(String.init), exit: exit, names: names, expects: expects,
        files: files)
}

private func row(
    _ kind: BadInput.Kind, _ words: [String], _ exit: Int32, names: String, expects: String,
    files: [String: String] = [:]
) -> BadInput {
    BadInput(kind: kind, arguments: words, exit: exit, names: names, expects: expects, files: files)
}

enum BadInputTable {
    static let ordersHeader = "channel,order_id,line,sku,qty,unit_price,placed_at,status\n"

    static let ranges: [BadInput] = [
        row(
            .range, "log --limit 4611686018427387904", 64, names: "'--limit <n>'",
            expects: "expected 0–1000000 rows, 0: all"),
        row(.range, "log --limit 9223372036854775807", 64, names: "'--limit <n>'", expects: "expected 0–1000000 rows"),
        row(.range, "log --limit -1", 64, names: "'--limit <n>'", expects: "expected 0–1000000 rows"),
        row(.range, "log --limit 1000001", 64, names: "'--limit <n>'", expects: "expected 0–1000000 rows"),
        row(.range, "log --limit ten", 64, names: "'--limit <n>'", expects: "expected a whole number, 0–1000000"),
        row(.range, "briefing --limit -1", 64, names: "'--limit <n>'", expects: "expected 0–1000000 rows, 0: all"),
        row(
            .range, "briefing --limit 99999999999999999999", 64, names: "'--limit <n>'",
            expects: "expected 0–1000000 rows"),
        row(.range, "reorder --lead-time 731", 64, names: "'--lead-time <days>'", expects: "expected 0–730 days"),
        row(.range, "reorder --lead-time -1", 64, names: "'--lead-time <days>'", expects: "expected 0–730 days"),
        row(
            .range, "reorder --lead-time 9223372036854775000", 64, names: "'--lead-time <days>'",
            expects: "expected 0–730 days"),
        row(.range, "reorder --review-days 0", 64, names: "'--review-days <days>'", expects: "expected 1–365 days"),
        row(
            .range, "reorder --review-days 1000000000000", 64, names: "'--review-days <days>'",
            expects: "expected 1–365 days"),
        row(.range, "reorder --service-level 1", 64, names: "'--service-level <p>'", expects: "expected 0.5–0.999"),
        row(.range, "reorder --service-level 0.4", 64, names: "'--service-level <p>'", expects: "expected 0.5–0.999"),
        row(
            .range, "reorder --service-level nan", 64, names: "'--service-level <p>'",
            expects: "expected a number, 0.5–0.999"),
        row(
            .range, "reorder --service-level 95%", 64, names: "'--service-level <p>'",
            expects: "expected a number, 0.5–0.999"),
        row(
            .range, "reorder --overstock-days 0", 64, names: "'--overstock-days <days>'",
            expects: "expected 1–3650 days"),
        row(
            .range, "reorder --overstock-days 3651", 64, names: "'--overstock-days <days>'",
            expects: "expected 1–3650 days"),
        row(.range, "reorder --history-days 6", 64, names: "'--history-days <days>'", expects: "expected 7–3650 days"),
        row(
            .range, "reorder --history-days 100000000", 64, names: "'--history-days <days>'",
            expects: "expected 7–3650 days"),
        row(.range, "simulate --days 0", 64, names: "'--days <n>'", expects: "expected 7–3650 days"),
        row(.range, "simulate --days 9223372036854775807", 64, names: "'--days <n>'", expects: "expected 7–3650 days"),
        row(.range, "simulate --lead-time 100000", 64, names: "'--lead-time <days>'", expects: "expected 0–730 days"),
        row(.range, "shadow --days 0", 64, names: "'--days <n>'", expects: "expected 1–3650 days"),
        row(.range, "shadow --days 9223372036854775000", 64, names: "'--days <n>'", expects: "expected 1–3650 days"),
        row(.range, "forecast MUG --days 0", 64, names: "'--days <n>'", expects: "expected 1–3650 days"),
        row(.range, "forecast MUG --days 5000", 64, names: "'--days <n>'", expects: "expected 1–3650 days"),
        row(
            .range, "forecast MUG --review-days 9999999999", 64, names: "'--review-days <days>'",
            expects: "expected 1–365 days"),
        row(
            .range, "forecast evaluate --data $DIR/d.csv --horizon 0", 64, names: "'--horizon <horizon>'",
            expects: "expected 1–366 periods"),
        row(
            .range, "forecast evaluate --data $DIR/d.csv --horizon 367", 64, names: "'--horizon <horizon>'",
            expects: "expected 1–366 periods"),
        row(
            .range, "forecast evaluate --data $DIR/d.csv --horizon 9223372036854775000", 64,
            names: "'--horizon <horizon>'",
            expects: "expected 1–366 periods"),
        row(
            .range, "forecast evaluate --data $DIR/d.csv --horizon six", 64, names: "'--horizon <horizon>'",
            expects: "expected a whole number"),
        row(
            .range, "forecast evaluate --data $DIR/d.csv --horizon 3 --season 0", 64, names: "'--season <season>'",
            expects: "expected 1–52 periods"),
        row(
            .range, "forecast evaluate --data $DIR/d.csv --horizon 3 --season 1000000000000", 64,
            names: "'--season <season>'",
            expects: "expected 1–52 periods"),
        row(.range, "po draft --review-days 0", 64, names: "'--review-days <days>'", expects: "expected 1–365 days"),
        row(.range, "po draft --service-level 1.5", 64, names: "'--service-level <p>'", expects: "expected 0.5–0.999"),
        row(.range, "briefing --history-days 1", 64, names: "'--history-days <days>'", expects: "expected 7–3650 days"),
        row(
            .range, "demo --store $DIR/demo --skus 5", 64, names: "'--skus <skus>'",
            expects: "expected 10–100000 SKUs"),
        row(
            .range, "demo --store $DIR/demo --skus 100001", 64, names: "'--skus <skus>'",
            expects: "expected 10–100000 SKUs"),
        row(.range, "demo --store $DIR/demo --days 13", 64, names: "'--days <days>'", expects: "expected 14–3650 days"),
        row(
            .range, "demo --store $DIR/demo --days 3651", 64, names: "'--days <days>'", expects: "expected 14–3650 days"
        ),
        row(.range, "demo --store $DIR/demo --seed -1", 64, names: "'--seed <seed>'", expects: "expected 0–"),
        row(
            .range, "channel set shopify --priority 0", 64, names: "'--priority <priority>'",
            expects: "expected 1–1000, 1 is served first"),
        row(
            .range, "channel set shopify --priority 1001", 64, names: "'--priority <priority>'",
            expects: "expected 1–1000"),
        row(
            .range, "channel set shopify --floor -1", 64, names: "'--floor <floor>'",
            expects: "expected 0–10000000 units"),
        row(
            .range, "channel set shopify --floor 10000001", 64, names: "'--floor <floor>'",
            expects: "expected 0–10000000 units"),
        row(
            .range, "channel set shopify --cap 101%", 64, names: "'--cap <cap>'",
            expects: "a percentage (0–100%) or none"),
        row(
            .range, "channel set shopify --cap -5", 64, names: "'--cap <cap>'",
            expects: "expected units (0–10000000 units)"),
        row(
            .range, "channel set shopify --cap 99999999999", 64, names: "'--cap <cap>'",
            expects: "expected units (0–10000000 units)"),
        row(.range, "channel set shopify --cap lots", 64, names: "'--cap <cap>'", expects: "or none"),
        row(
            .range, "sku add NEW --title x --lead-time 731", 64, names: "'--lead-time <days>'",
            expects: "expected 0–730 days"),
        row(
            .range, "sku add NEW --title x --case-pack 0", 64, names: "'--case-pack <case-pack>'",
            expects: "expected 1–100000 units"),
        row(
            .range, "sku add NEW --title x --case-pack 100001", 64, names: "'--case-pack <case-pack>'",
            expects: "expected 1–100000 units"),
        row(.range, "sku add NEW --title x --moq 0", 64, names: "'--moq <moq>'", expects: "expected 1–10000000 units"),
        row(
            .range, "sku add NEW --title x --moq 10000001", 64, names: "'--moq <moq>'",
            expects: "expected 1–10000000 units"),
        row(.range, "sku set MUG --lead-time -3", 64, names: "'--lead-time <days>'", expects: "expected 0–730 days"),
        row(
            .range, "sku set MUG --case-pack six", 64, names: "'--case-pack <case-pack>'",
            expects: "expected a whole number, 1–100000"),
        row(.range, "receive MUG 0", 64, names: "'<quantity>'", expects: "expected 1–10000000 units"),
        row(.range, "receive MUG -3", 64, names: "'<quantity>'", expects: "expected 1–10000000 units"),
        row(.range, "receive MUG 10000001", 64, names: "'<quantity>'", expects: "expected 1–10000000 units"),
        row(.range, "receive MUG 4006381333931", 64, names: "'<quantity>'", expects: "expected 1–10000000 units"),
        row(
            .range, "receive MUG 99999999999999999999999", 64, names: "'<quantity>'",
            expects: "expected 1–10000000 units"),
        row(
            .range, "receive MUG three", 64, names: "'<quantity>'", expects: "expected a whole number, 1–10000000 units"
        ),
        row(.range, "receive MUG 1.5", 64, names: "'<quantity>'", expects: "expected a whole number, 1–10000000 units"),
        row(.range, "count MUG -1 --reason shelf", 64, names: "'<quantity>'", expects: "expected 0–10000000 units"),
        row(
            .range, "count MUG 10000001 --reason shelf", 64, names: "'<quantity>'", expects: "expected 0–10000000 units"
        ),
        row(
            .range, "adjust MUG 10000001 --reason found", 64, names: "'<delta>'",
            expects: "expected -10000000 to 10000000 units"),
        row(
            .range, "adjust MUG -99999999999 --reason lost", 64, names: "'<delta>'",
            expects: "expected -10000000 to 10000000 units"),
        row(.range, "adjust MUG some --reason lost", 64, names: "'<delta>'", expects: "expected a whole number"),
        row(.range, "hold MUG 0 --reason promise", 64, names: "'<quantity>'", expects: "expected 1–10000000 units"),
        row(
            .range, "hold MUG 99999999999 --reason promise", 64, names: "'<quantity>'",
            expects: "expected 1–10000000 units"),
        row(.range, "release MUG -1", 64, names: "'<quantity>'", expects: "expected 1–10000000 units"),
        row(.range, "damage MUG 0 --reason chipped", 64, names: "'<quantity>'", expects: "expected 1–10000000 units"),
        row(.range, "restore MUG 10000001", 64, names: "'<quantity>'", expects: "expected 1–10000000 units"),
        row(.range, "safety MUG -2", 64, names: "'<quantity>'", expects: "expected 0–10000000 units"),
        row(.range, "safety MUG 10000001", 64, names: "'<quantity>'", expects: "expected 0–10000000 units"),
        row(
            .range, "sell --channel shopify --order 9 --line 0 MUG 1", 64, names: "'--line <line>'",
            expects: "expected 1–1000000"),
        row(
            .range, "sell --channel shopify --order 9 --line 1000001 MUG 1", 64, names: "'--line <line>'",
            expects: "expected 1–1000000"),
        row(
            .range, "sell --channel shopify --order 9 --line first MUG 1", 64, names: "'--line <line>'",
            expects: "expected a whole number"),
        row(
            .range, "sell --channel shopify --order 9 MUG 0", 64, names: "'<quantity>'",
            expects: "expected 1–10000000 units"),
        row(
            .range, "sell --channel shopify --order 9 MUG 10000001", 64, names: "'<quantity>'",
            expects: "expected 1–10000000 units"),
        row(.range, "reserve --channel shopify MUG 0", 64, names: "'<quantity>'", expects: "expected 1–10000000 units"),
        row(
            .range, "reserve --channel shopify --line -1 MUG 1", 64, names: "'--line <line>'",
            expects: "expected 1–1000000"),
        row(
            .range, "ship --channel shopify --order S11 --line 0", 64, names: "'--line <line>'",
            expects: "expected 1–1000000"),
        row(
            .range, "cancel --channel shopify --order S11 --line 99999999999", 64, names: "'--line <line>'",
            expects: "expected 1–1000000"),
        row(.range, "map shopify L1 MUG --pack 0", 64, names: "'--pack <pack>'", expects: "expected 1–10000 units"),
        row(.range, "map shopify L1 MUG --pack 10001", 64, names: "'--pack <pack>'", expects: "expected 1–10000 units"),
        row(
            .range, "supplier add NEW --lead-time 731", 64, names: "'--lead-time <days>'",
            expects: "expected 0–730 days"),
        row(
            .range, "supplier add NEW --lead-time 3 --moq 0", 64, names: "'--moq <moq>'",
            expects: "expected 1–10000000 units"),
        row(
            .range, "supplier add NEW --lead-time 3 --case-pack 0", 64, names: "'--case-pack <case-pack>'",
            expects: "expected 1–100000"),
        row(
            .range, "supplier set ACME --lead-time -1", 64, names: "'--lead-time <days>'",
            expects: "expected 0–730 days"),
        row(
            .range, "po edit PO-00001 --sku MUG --qty -1", 64, names: "'--qty <qty>'",
            expects: "expected 0–10000000 units"),
        row(
            .range, "po edit PO-00001 --sku MUG --qty 10000001", 64, names: "'--qty <qty>'",
            expects: "expected 0–10000000 units"),
        row(
            .range, "po receive PO-00001 --sku MUG --qty 0", 64, names: "'--qty <qty>'",
            expects: "expected 1–10000000 units"),
        row(
            .range, "stress-append --channel shopify --sku MUG --batch 0", 64, names: "'--batch <batch>'",
            expects: "expected 1–10000 events"),
        row(
            .range, "stress-append --channel shopify --sku MUG --count -1", 64, names: "'--count <count>'",
            expects: "expected 0–1000000000"),
    ]

    static let money: [BadInput] = [
        row(
            .money, "sku add NEW --title x --price 1,50", 64, names: "'--price <amount>'",
            expects: "decimal comma: write 1.50"),
        row(
            .money, "sku add NEW --title x --price 12,99", 64, names: "'--price <amount>'",
            expects: "decimal comma: write 12.99"),
        row(
            .money, "sku add NEW --title x --cost 12.345", 64, names: "'--cost <amount>'", expects: "at most 2 decimals"
        ),
        row(
            .money, "sku add NEW --title x --price 1000000.01", 64, names: "'--price <amount>'",
            expects: "too large: at most 1000000.00"),
        row(
            .money, "sku add NEW --title x --price 99999999999999999999", 64, names: "'--price <amount>'",
            expects: "too large"),
        row(
            .money, "sku add NEW --title x --price -1", 64, names: "'--price <amount>'",
            expects: "negative: expected 0 or more"),
        row(
            .money, "sku add NEW --title x --price twelve", 64, names: "'--price <amount>'",
            expects: "expected a number such as 12.99"),
        row(
            .money, "sku add NEW --title x --cost 1e3", 64, names: "'--cost <amount>'",
            expects: "expected a number such as 12.99"),
        row(
            .money, ["sku", "set", "MUG", "--price", "12 EUR"], 64, names: "'--price <amount>'",
            expects: "expected a number such as 12.99"),
        row(
            .money, "sku set MUG --cost 1,2,3", 64, names: "'--cost <amount>'",
            expects: "expected a number such as 12.99"),
        row(
            .money, "sell --channel shopify --order 9 --price 9,99 MUG 1", 64, names: "'--price <amount>'",
            expects: "write 9.99"),
        row(
            .money, "supplier add NEW --lead-time 3 --min-value 1,5", 64, names: "'--min-value <amount>'",
            expects: "write 1.5"),
        row(
            .money, "supplier add NEW --lead-time 3 --min-value 99999999999999", 64, names: "'--min-value <amount>'",
            expects: "too large: at most 10000000000.00"),
        row(
            .money, "supplier item ACME MUG --cost 3,10", 64, names: "'--cost <amount>'",
            expects: "decimal comma: write 3.10"),
        row(.money, "supplier item ACME MUG --cost -1", 64, names: "'--cost <amount>'", expects: "expected 0 or more"),
        row(
            .money, "approver add bob --limit 5.000,00", 64, names: "'--limit <amount>'",
            expects: "expected a number such as 12.99"),
        row(.money, "approver add bob --limit -5", 64, names: "'--limit <amount>'", expects: "expected 0 or more"),
        row(.money, "approver add bob --limit 10000000000.01", 64, names: "'--limit <amount>'", expects: "too large"),
        row(
            .money, "import $DIR/o.csv", 1, names: "o.csv:2:6", expects: "decimal comma: write 12.99",
            files: ["o.csv": ordersHeader + "shopify,N1,1,MUG,1,\"12,99\",2024-05-01,open\n"]),
        row(
            .money, "import $DIR/o.csv", 1, names: "o.csv:2:6", expects: "at most 2 decimals",
            files: ["o.csv": ordersHeader + "shopify,N1,1,MUG,1,12.999,2024-05-01,open\n"]),
        row(
            .money, "import $DIR/o.csv", 1, names: "o.csv:2:6", expects: "too large: at most 1000000.00",
            files: ["o.csv": ordersHeader + "shopify,N1,1,MUG,1,9999999.00,2024-05-01,open\n"]),
        row(
            .money, "import $DIR/o.csv", 1, names: "o.csv:2:6", expects: "negative: expected 0 or more",
            files: ["o.csv": ordersHeader + "shopify,N1,1,MUG,1,-2.00,2024-05-01,open\n"]),
        row(
            .money, "import $DIR/c.csv", 1, names: "c.csv:2:3", expects: "decimal comma: write 4.20",
            files: ["c.csv": "sku,title,cost,price,on_hand\nNEW,New,\"4,20\",9.00,5\n"]),
        row(
            .money, "import $DIR/c.csv --decimal-comma", 1, names: "c.csv:2:4",
            expects: "decimal point where a decimal comma was declared",
            files: ["c.csv": "sku,title,cost,price,on_hand\nNEW,New,\"4,20\",9.00,5\n"]),
    ]

    static let flags: [BadInput] = [
        row(.flags, "stok", 64, names: "'stok'", expects: "did you mean 'stock'?"),
        row(.flags, "help stok", 64, names: "'stok'", expects: "did you mean 'stock'?"),
        row(.flags, "recieve MUG 1", 64, names: "'recieve'", expects: "did you mean 'receive'?"),
        row(.flags, "po shwo PO-00001", 64, names: "'shwo'", expects: "did you mean 'show'?"),
        row(.flags, "help po shwo", 64, names: "'shwo'", expects: "did you mean 'show'?"),
        row(.flags, "channel lst", 64, names: "'lst'", expects: "did you mean 'list'?"),
        row(.flags, "sku ad NEW --title x", 64, names: "'ad'", expects: "did you mean 'add'?"),
        row(
            .flags, "forecast evalute --data x.csv --horizon 3", 64, names: "'evalute'",
            expects: "did you mean 'evaluate'?"),
        row(.flags, "xyzzy", 64, names: "'xyzzy'", expects: "expected one of init, demo"),
        row(.flags, "stock --format xml", 64, names: "'--format <format>'", expects: "'table', 'csv' or 'json'"),
        row(.flags, "log --format yaml", 64, names: "'--format <format>'", expects: "'table', 'csv' or 'json'"),
        row(
            .flags, "po show PO-00001 --format pdf", 64, names: "'--format <format>'",
            expects: "'table', 'csv' or 'json'"),
        row(.flags, "doctor --format html", 64, names: "'--format <format>'", expects: "'table', 'csv' or 'json'"),
        row(
            .flags, "briefing --format html", 64, names: "'--format <format>'",
            expects: "'text', 'markdown' or 'json'"),
        row(
            .flags, "log --kind foo", 64, names: "'--kind <kinds>'",
            expects: "unknown kind 'foo': expected one or more of sku-created"),
        row(.flags, "log --kind received,shipped", 64, names: "'--kind <kinds>'", expects: "unknown kind 'shipped'"),
        row(.flags, "log --kind ,", 64, names: "'--kind <kinds>'", expects: "no kind given: expected one or more of"),
        row(
            .flags, "stock --only broken", 64, names: "'--only <only>'",
            expects: "'oversold', 'out', 'held' or 'unsellable'"),
        row(.flags, "stock --colour red", 64, names: "'--colour'", expects: "Usage: onepool stock"),
        row(
            .flags, "receive MUG 5 --ref", 64, names: "'--ref <ref>'",
            expects: "the same reference and SKU is one receipt"),
        row(.flags, "po list --status late", 1, names: "--status 'late'", expects: "expected drafted, approved"),
        row(
            .flags, "autonomy ACME sometimes", 1, names: "'sometimes'",
            expects: "expected off, recommend, approve or automatic"),
        row(.flags, "channel add etsy --kind market", 1, names: "'market'", expects: "expected one of shopify, amazon"),
        row(
            .flags, "channel set shopify --format pdf", 1, names: "--format 'pdf'",
            expects: "expected shopify, amazon, generic"),
        row(.flags, "log --since yesterday", 1, names: "--since 'yesterday'", expects: "expected YYYY-MM-DD"),
        row(.flags, "briefing --date tomorrow", 1, names: "--date 'tomorrow'", expects: "expected YYYY-MM-DD"),
        row(
            .flags, "init --store $DIR/new --time-zone Mars/Base", 1, names: "'Mars/Base'",
            expects: "expected an IANA name"),
        row(.flags, "sku add NEW", 1, names: "--title", expects: "required for a new SKU"),
        row(.flags, "po receive PO-00001 --sku MUG", 1, names: "--qty", expects: "give --sku and --qty together"),
        row(
            .flags, "import $DIR/o.csv --format xls", 1, names: "--format 'xls'",
            expects: "expected shopify, amazon, generic",
            files: ["o.csv": ordersHeader]),
        row(
            .flags, "import $DIR/i.csv --as-of soon", 1, names: "--as-of 'soon'",
            expects: "expected e.g. 2024-05-01T09:00:00Z",
            files: ["i.csv": "sku,title,on_hand\nNEW,New,4\n"]),
        row(
            .flags, "publish --channel amazon --template $DIR/t.csv", 1, names: "--template",
            expects: "for Shopify channels",
            files: ["t.csv": "SKU,Location\n"]),
    ]

    static let files: [BadInput] = [
        row(
            .file, "import $DIR/o.csv", 1, names: "o.csv:2:5",
            expects: "expected a whole number of units (1–10000000 units)",
            files: ["o.csv": ordersHeader + "shopify,N1,1,MUG,two,2.00,2024-05-01,open\n"]),
        row(
            .file, "import $DIR/o.csv", 1, names: "o.csv:2:5", expects: "expected 1–10000000 units, found -3",
            files: ["o.csv": ordersHeader + "shopify,N1,1,MUG,-3,2.00,2024-05-01,open\n"]),
        row(
            .file, "import $DIR/o.csv", 1, names: "o.csv:2:5",
            expects: "expected 1–10000000 units, found 4006381333931",
            files: ["o.csv": ordersHeader + "shopify,N1,1,MUG,4006381333931,2.00,2024-05-01,open\n"]),
        row(
            .file, "import $DIR/o.csv", 1, names: "o.csv:2:5",
            expects: "expected 1–10000000 units, found 99999999999999999999999",
            files: ["o.csv": ordersHeader + "shopify,N1,1,MUG,99999999999999999999999,2.00,2024-05-01,open\n"]),
        row(
            .file, "import $DIR/o.csv", 1, names: "o.csv:2:3", expects: "expected 1–1000000, found 0",
            files: ["o.csv": ordersHeader + "shopify,N1,0,MUG,1,2.00,2024-05-01,open\n"]),
        row(
            .file, "import $DIR/o.csv", 1, names: "o.csv:2:7", expects: "expected a date and time",
            files: ["o.csv": ordersHeader + "shopify,N1,1,MUG,1,2.00,yesterday,open\n"]),
        row(
            .file, "import $DIR/o.csv", 1, names: "o.csv:2:8", expects: "expected open, shipped or cancelled",
            files: ["o.csv": ordersHeader + "shopify,N1,1,MUG,1,2.00,2024-05-01,maybe\n"]),
        row(
            .file, "import $DIR/o.csv", 1, names: "o.csv:3:5", expects: "expected a whole number of units",
            files: [
                "o.csv": ordersHeader
                    + "shopify,N1,1,MUG,1,2.00,2024-05-01,open\nshopify,N2,1,MUG,,2.00,2024-05-01,open\n"
            ]),
        row(.file, "import $DIR/missing.csv", 1, names: "missing.csv", expects: "no such file"),
        row(
            .file, "import $DIR/odd.csv", 1, names: "odd.csv:1", expects: "cannot tell what this file is",
            files: ["odd.csv": "a,b,c\n1,2,3\n"]),
        row(
            .file, "import $DIR/c.csv", 1, names: "c.csv:2:5", expects: "expected 0–10000000 units, found 99999999999",
            files: ["c.csv": "sku,title,cost,price,on_hand\nNEW,New,1.00,2.00,99999999999\n"]),
        row(
            .file, "import $DIR/c.csv", 1, names: "c.csv:2:1", expects: "not beginning with = + - @",
            files: ["c.csv": "sku,title,on_hand\n=CMD,Evil,1\n"]),
        row(
            .file, "import $DIR/inv.csv", 1, names: "inv.csv:2:5", expects: "expected -10000000 to 10000000 units",
            files: ["inv.csv": "Handle,Title,SKU,Location,On hand (current)\nmug,Mug,NEW,Main,9223372036854775807\n"]),
        row(
            .file, "import $DIR/inv.csv", 1, names: "inv.csv:3:5",
            expects: "expected at most 10000000 units on hand over all locations",
            files: [
                "inv.csv":
                    "Handle,Title,SKU,Location,On hand (current)\nmug,Mug,NEW,Main,9000000\nmug,Mug,NEW,Back,9000000\n"
            ]),
        row(
            .file, "map import $DIR/m.csv", 1, names: "m.csv:2:4", expects: "1–10000000 units",
            files: ["m.csv": "channel,listing,sku,pack\namazon,L9,MUG,0\n"]),
        row(
            .file, "map import $DIR/m.csv", 1, names: "m.csv:2:4", expects: "expected a whole number of units",
            files: ["m.csv": "channel,listing,sku,pack\namazon,L9,MUG,six\n"]),
        row(
            .file, "map import $DIR/m.csv", 1, names: "m.csv:1", expects: "missing column 'sku'",
            files: ["m.csv": "channel,listing\namazon,L9\n"]),
        row(
            .file, "forecast evaluate --data $DIR/d.csv --horizon 3", 1, names: "d.csv:2:3",
            expects: "expected a demand of 0–1000000000 units",
            files: ["d.csv": "series_id,period,demand\na,1,1e300\n"]),
        row(
            .file, "forecast evaluate --data $DIR/d.csv --horizon 3", 1, names: "d.csv:2:3",
            expects: "expected a demand of 0–1000000000 units",
            files: ["d.csv": "series_id,period,demand\na,1,-1\n"]),
        row(
            .file, "forecast evaluate --data $DIR/d.csv --horizon 3", 1, names: "d.csv:3:3",
            expects: "expected a number of units",
            files: ["d.csv": "series_id,period,demand\na,1,2\na,2,lots\n"]),
        row(
            .file, "forecast evaluate --data $DIR/d.csv --horizon 3", 1, names: "d.csv:2:2",
            expects: "expected a period",
            files: ["d.csv": "series_id,period,demand\na,2014-13-01,2\n"]),
        row(
            .file, "forecast evaluate --data $DIR/d.csv --horizon 3", 1, names: "d.csv:3:2",
            expects: "expected a whole number 0–1000000000",
            files: ["d.csv": "series_id,period,demand\na,1,2\na,99999999999999,2\n"]),
        row(
            .file, "forecast evaluate --data $DIR/d.csv --horizon 3", 1, names: "d.csv:1",
            expects: "expected columns series_id",
            files: ["d.csv": "series_id,period\na,1\n"]),
        row(
            .file, "forecast evaluate --data $DIR/d.csv --horizon 3", 1, names: "d.csv:2",
            expects: "expected at least one row",
            files: ["d.csv": "series_id,period,demand\n"]),
        row(.file, "forecast evaluate --data $DIR/none.csv --horizon 3", 1, names: "none.csv", expects: "no such file"),
        row(
            .file, "publish --channel shopify --template $DIR/t.csv", 1, names: "t.csv:1", expects: "missing column",
            files: ["t.csv": "Handle,Title\nmug,Mug\n"]),
    ]

    static let store: [BadInput] = [
        row(.store, "stock NOPE", 1, names: "'NOPE'", expects: "see `onepool sku list`"),
        row(.store, "receive NOPE 3", 1, names: "'NOPE'", expects: "see `onepool sku list`"),
        row(.store, "forecast NOPE", 1, names: "'NOPE'", expects: "see `onepool sku list`"),
        row(.store, "reorder --explain NOPE", 1, names: "'NOPE'", expects: "see `onepool sku list`"),
        row(.store, "allocation NOPE", 1, names: "'NOPE'", expects: "see `onepool sku list`"),
        row(.store, "log --sku NOPE", 1, names: "'NOPE'", expects: "see `onepool sku list`"),
        row(.store, "sell --channel etsy --order 1 MUG 1", 1, names: "'etsy'", expects: "see `onepool channel list`"),
        row(.store, "publish --channel etsy", 1, names: "'etsy'", expects: "see `onepool channel list`"),
        row(
            .store, "import $DIR/o.csv --channel etsy", 1, names: "'etsy'", expects: "see `onepool channel list`",
            files: ["o.csv": ordersHeader + "etsy,N1,1,MUG,1,2.00,2024-05-01,open\n"]),
        row(.store, "supplier set NOPE --lead-time 3", 1, names: "'NOPE'", expects: "see `onepool supplier list`"),
        row(.store, "po show PO-99999", 1, names: "PO-99999", expects: "see `onepool po list`"),
        row(
            .store, "po send PO-00001 --out $DIR/out", 1, names: "PO-00001",
            expects: "only an approved PO can be sent"),
        row(
            .store, "adjust MUG 0 --reason none", 1, names: "adjustment '0'",
            expects: "expected a non-zero number of units"),
        row(.store, "adjust MUG -1000 --reason lost", 1, names: "MUG", expects: "not enough on hand"),
        row(.store, ["hold", "MUG", "1", "--reason", " "], 1, names: "--reason", expects: "a reason is required"),
        row(.store, "release MUG 50", 1, names: "MUG", expects: "not enough held"),
        row(.store, "damage MUG 500 --reason chipped", 1, names: "MUG", expects: "not enough sellable on hand"),
        row(.store, "sku add MUG --title again", 1, names: "'MUG'", expects: "already exists"),
        row(
            .store, ["sku", "add", "--title", "x", "--", "=SUM(A1)"], 1, names: "'=SUM(A1)'",
            expects: "not beginning with = + - @"),
        row(
            .store, ["sku", "add", "--title", "x", "--", "-MUG"], 1, names: "'-MUG'",
            expects: "not beginning with = + - @"),
        row(.store, "sku add @HOME --title x", 1, names: "'@HOME'", expects: "not beginning with = + - @"),
        row(
            .store, ["sku", "add", "TWO WORDS", "--title", "x"], 1, names: "'TWO WORDS'",
            expects: "without spaces or commas"),
        row(.store, "channel add Big-Shop", 1, names: "'Big-Shop'", expects: "expected 1–32 of a-z, 0-9"),
        row(.store, "channel add shopify", 1, names: "'shopify'", expects: "already exists"),
        row(.store, "ship --channel shopify --order NOPE", 1, names: "NOPE", expects: "has no open lines"),
        row(.store, "reserve --channel shopify MUG 500", 3, names: "500 × MUG", expects: "whose allocation is"),
        row(.store, "autonomy NOBODY off", 1, names: "'NOBODY'", expects: "neither a supplier nor a SKU"),
        row(.store, "map amazon L2 NOPE", 1, names: "'NOPE'", expects: "see `onepool sku list`"),
    ]

    static let all: [BadInput] = ranges + money + flags + files + store
}

@Suite struct BadInputTableTests {
    @Test func theTableHoldsAtLeast150BadInputsInEveryClass() {
        #expect(BadInputTable.all.count >= 150)
        for kind in BadInput.Kind.allCases {
            #expect(BadInputTable.all.contains { $0.kind == kind }, "no row of class \(kind)")
        }
    }

    @Test(arguments: BadInputTable.all)
    func isRefusedNamingWhatWasExpectedAndChangesNothing(_ input: BadInput) throws {
        let fixture = try BadInputFixture.shared.get()
        let (directory, store) = try fixture.copy()
        for (name, content) in input.files {
            try content.write(toFile: directory.child(name), atomically: true, encoding: .utf8)
        }
        let arguments = input.arguments.map { $0.replacingOccurrences(of: "$DIR", with: directory.path) }
        let before = BadInputFixture.contents(of: store)
        let extra = BadInputFixture.now.merging(["ONEPOOL_STORE": store]) { $1 }
        let result = try OnePoolBinary.run(arguments, home: directory.path, extra: extra)
        #expect(result.status == input.exit, "exit \(result.status), stderr: \(result.stderr)")
        #expect(result.stderr.contains(input.names), "stderr does not name \(input.names): \(result.stderr)")
        #expect(result.stderr.contains(input.expects), "stderr does not say \(input.expects): \(result.stderr)")
        #expect(BadInputFixture.contents(of: store) == before, "the store changed")
        #expect(!result.stderr.contains("\u{1B}"))
    }
}
