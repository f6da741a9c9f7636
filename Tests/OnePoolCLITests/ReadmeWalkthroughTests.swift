import Foundation
import OnePoolTestSupport
import Testing

/// The README's day-one walk-through, run line for line by `sh -e` against a fresh store, so
/// the README cannot drift from what OnePool does.
@Suite struct ReadmeWalkthroughTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let marker = "<!-- day-one: run by Tests/OnePoolCLITests/ReadmeWalkthroughTests.swift -->"

    /// The fenced block right after the marker.
    static func walkthrough() throws -> String {
        let readme = try String(contentsOf: repository.appendingPathComponent("README.md"), encoding: .utf8)
        let after = try #require(readme.range(of: marker)).upperBound
        let rest = readme[after...]
        let open = try #require(rest.range(of: "```sh\n"))
        let close = try #require(rest[open.upperBound...].range(of: "```"))
        return String(rest[open.upperBound..<close.lowerBound])
    }

    @Test func theDayOneWalkthroughRunsAsWritten() throws {
        let script = try Self.walkthrough()
        #expect(script.split(separator: "\n").filter { $0.hasPrefix("onepool ") }.count >= 10)
        // A fresh place to run it from: the samples where the README says, nothing else.
        let home = TemporaryDirectory("onepool-readme")
        let samples = URL(fileURLWithPath: home.child("Tests/Fixtures"))
        try FileManager.default.createDirectory(at: samples, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.repository.appendingPathComponent("Tests/Fixtures/samples"),
            to: samples.appendingPathComponent("samples"))
        try ("set -eux\n" + script).write(toFile: home.child("day-one.sh"), atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [home.child("day-one.sh")]
        process.currentDirectoryURL = URL(fileURLWithPath: home.path)
        let binaries = URL(fileURLWithPath: OnePoolBinary.path).deletingLastPathComponent().path
        var environment = OnePoolBinary.environment(home: home.path)
        environment["PATH"] = "\(binaries):/usr/bin:/bin"
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        #expect(process.terminationStatus == 0, "the walk-through stopped:\n\(stderr.suffix(2000))")
        #expect(stdout.contains("created 8, counted 8"))
        #expect(stdout.contains("amazon   TORCH-CB-M-DE"))
        #expect(stdout.contains("Mapped amazon:TORCH-CB-M-DE → TORCH-CB-M"))
        #expect(stdout.contains("MUG-ENM-BLK-12"))
        #expect(FileManager.default.fileExists(atPath: home.child("onepool-day-one/onepool-store.json")))
        #expect(FileManager.default.fileExists(atPath: home.child("shopify-upload.csv")))
    }
}
