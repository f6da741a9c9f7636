import Foundation
import OnePoolTestSupport
import Testing

/// What a store or a file holds never breaks a terminal or a file: control characters are shown
/// escaped, identifiers travel byte for byte, formula escaping is only for people's spreadsheets.
@Suite struct OutputSafetyTests {
    private func store() throws -> (TemporaryDirectory, String) {
        let home = TemporaryDirectory("onepool-safety")
        let store = home.child("store")
        try OnePoolBinary.succeed(["init", "--store", store, "--time-zone", "UTC"], home: home.path)
        try OnePoolBinary.succeed(["channel", "add", "amazon", "--store", store], home: home.path)
        return (home, store)
    }

    @Test func controlCharactersInTitlesAndReasonsAreShownEscaped() throws {
        let (home, store) = try store()
        let title = "Red\u{1B}[31m mug\twith\r\nbreaks"
        let added = try OnePoolBinary.run(["sku", "add", "MUG", "--title", title, "--store", store], home: home.path)
        #expect(added.status == 0)
        try OnePoolBinary.succeed(["receive", "MUG", "5", "--store", store], home: home.path)
        try OnePoolBinary.succeed(
            ["hold", "MUG", "1", "--reason", "for\u{1B}]0;owned\u{7}", "--store", store], home: home.path)
        var outputs = [added.stdout]
        for verb in [
            ["stock"], ["sku", "list"], ["sku", "show", "MUG"], ["log"], ["forecast", "MUG"],
            ["reorder", "--explain", "MUG"],
        ] {
            outputs.append(try OnePoolBinary.succeed(verb + ["--store", store], home: home.path))
        }
        outputs.append(try OnePoolBinary.run([], home: home.path, extra: ["ONEPOOL_STORE": store]).stdout)
        for output in outputs {
            #expect(
                !output.contains("\u{1B}") && !output.contains("\u{7}") && !output.contains("\r")
                    && !output.contains("\t"), "\(output)")
        }
        #expect(outputs[1].contains("Red\\e[31m mug\\twith\\r\\nbreaks"))
        // An error quoting the bad text escapes it too.
        let refused = try OnePoolBinary.run(["stock", "NO\u{1B}PE", "--store", store], home: home.path)
        #expect(refused.status == 1 && refused.stderr.contains("NO\\ePE") && !refused.stderr.contains("\u{1B}"))
    }

    @Test(arguments: ["=SUM(A1)", "+1", "-MUG", "@cmd"])
    func aSKUCodeThatASpreadsheetWouldRunIsRefused(code: String) throws {
        let (home, store) = try store()
        // `--` lets a word that starts with "-" be the code.
        let result = try OnePoolBinary.run(
            ["sku", "add", "--title", "x", "--store", store, "--", code], home: home.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("not beginning with = + - @"))
    }

    @Test func uploadFilesCarryIdentifiersByteForByte() throws {
        let (home, store) = try store()
        try OnePoolBinary.succeed(
            ["sku", "add", "MUG", "--title", "=HYPERLINK(\"x\")", "--store", store], home: home.path)
        try OnePoolBinary.succeed(["receive", "MUG", "9", "--store", store], home: home.path)
        try OnePoolBinary.succeed(
            ["map", "amazon", "--pack", "3", "--store", store, "--", "-MUG-6", "MUG"], home: home.path)
        let out = home.child("amazon.txt")
        try OnePoolBinary.succeed(
            ["publish", "--channel", "amazon", "--full", "--out", out, "--store", store], home: home.path)
        let upload = try String(contentsOfFile: out, encoding: .utf8)
        #expect(upload.contains("\n-MUG-6\t\t\t\t3\t\t\n") && upload.contains("\nMUG\t\t\t\t9\t\t\n"), "\(upload)")
        // A listing id is an identifier in the read verbs' CSV too; a title is free text.
        let mapped = try OnePoolBinary.succeed(["map", "list", "--format", "csv", "--store", store], home: home.path)
        #expect(mapped.contains("amazon,-MUG-6,MUG,3"))
        let listed = try OnePoolBinary.succeed(["sku", "list", "--format", "csv", "--store", store], home: home.path)
        #expect(listed.contains("MUG,\"'=HYPERLINK(\"\"x\"\")\""))
    }

    @Test func theRejectsFileEscapesTheFilesOwnHeader() throws {
        let (home, store) = try store()
        try OnePoolBinary.succeed(["sku", "add", "MUG", "--title", "Mug", "--store", store], home: home.path)
        let file = home.child("orders.csv")
        let text =
            "channel,order_id,line,sku,qty,unit_price,placed_at,status,=cmd|' /C calc'!A0\n"
            + "amazon,1,1,MUG,1,2.00,2024-05-01,open,x\namazon,2,1,MUG,two,2.00,2024-05-01,open,@SUM(1)\n"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try OnePoolBinary.run(
            ["import", file, "--channel", "amazon", "--skip-bad", "--store", store], home: home.path)
        #expect(result.status == 0, "\(result.stderr)")
        let rejects = try String(contentsOfFile: file + ".rejects.csv", encoding: .utf8)
        #expect(rejects.hasPrefix("line,problems,channel,order_id,line,sku,qty,unit_price,placed_at,status,'=cmd"))
        #expect(rejects.contains(",'@SUM(1)"))
    }
}
