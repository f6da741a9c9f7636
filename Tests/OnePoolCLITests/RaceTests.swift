import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolTestSupport
import Testing

@Suite(.serialized) struct RaceTests {
    /// 8 processes × 50 reservations of 1 unit against 200 available: exactly 200 succeed.
    @Test func concurrentReservationsNeverOversell() throws {
        let home = TemporaryDirectory("onepool-race")
        let store = home.child("store")
        try OnePoolBinary.succeed(["init", "--store", store], home: home.path)
        try OnePoolBinary.succeed(["channel", "add", "shopify", "--store", store], home: home.path)
        try OnePoolBinary.succeed(["sku", "add", "MUG", "--title", "Mug", "--store", store], home: home.path)
        try OnePoolBinary.succeed(["receive", "MUG", "200", "--store", store], home: home.path)

        let script = """
            for i in $(seq 50); do "$ONEPOOL" reserve --channel shopify MUG 1 --store "$STORE" >/dev/null 2>&1; echo "rc $?"; done
            """
        var processes: [(Process, Pipe)] = []
        for _ in 0..<8 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script]
            process.environment = OnePoolBinary.environment(home: home.path, extra: ["ONEPOOL": OnePoolBinary.path, "STORE": store])
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            processes.append((process, pipe))
        }
        var granted = 0, refused = 0, other: [String] = []
        for (process, pipe) in processes {
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            for line in text.split(separator: "\n") {
                switch line {
                case "rc 0": granted += 1
                case "rc 3": refused += 1
                default: other.append(String(line))
                }
            }
        }
        #expect(other.isEmpty, "unexpected exits: \(other.prefix(5))")
        #expect(granted == 200)
        #expect(refused == 200)
        let state = try Store.open(at: store).state
        #expect(state.stock("MUG")?.committed == 200)
        #expect(state.stock("MUG")?.available == 0)
        #expect(state.openLines.count == 200)
    }
}
