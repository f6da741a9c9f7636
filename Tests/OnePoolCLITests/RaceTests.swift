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

        let outcome = try reserveConcurrently(channels: Array(repeating: "shopify", count: 8), store: store, home: home)
        let granted = outcome.granted["shopify", default: 0]
        let refused = outcome.refused
        let other = outcome.other
        #expect(other.isEmpty, "unexpected exits: \(other.prefix(5))")
        #expect(granted == 200)
        #expect(refused == 200)
        let state = try Store.open(at: store).state
        #expect(state.stock("MUG")?.committed == 200)
        #expect(state.stock("MUG")?.available == 0)
        #expect(state.openLines.count == 200)
    }

    /// 8 processes reserve through two capped channels (4 each, 50 × 1 unit) against 200 available:
    /// shopify (priority 1, cap 60%) is granted exactly 120 and amazon (priority 2, cap 30%)
    /// exactly 60 — never more than their allocations — and 20 stay unexposed.
    @Test func concurrentReservationsStayWithinEachChannelsAllocation() throws {
        let home = TemporaryDirectory("onepool-race-caps")
        let store = home.child("store")
        for arguments in [
            ["init"], ["channel", "add", "shopify"], ["channel", "add", "amazon"],
            ["sku", "add", "MUG", "--title", "Mug"],
            ["receive", "MUG", "200"], ["channel", "set", "shopify", "--priority", "1", "--cap", "60%"],
            ["channel", "set", "amazon", "--priority", "2", "--cap", "30%"],
        ] {
            try OnePoolBinary.succeed(arguments + ["--store", store], home: home.path)
        }
        let outcome = try reserveConcurrently(
            channels: (0..<8).map { $0 % 2 == 0 ? "shopify" : "amazon" }, store: store, home: home)
        let granted = outcome.granted
        let other = outcome.other
        #expect(other.isEmpty, "unexpected exits: \(other.prefix(5))")
        #expect(granted["shopify"] == 120)
        #expect(granted["amazon"] == 60)
        let state = try Store.open(at: store).state
        #expect(state.stock("MUG")?.committed == 180)
        let allocation = try #require(state.allocation(of: "MUG"))
        #expect(allocation.shares.allSatisfy { $0.allocation == 0 })
        #expect(allocation.unexposed == 20)
    }

    /// One process per entry of `channels`, each reserving 1 unit of MUG 50 times through its
    /// channel; what was granted per channel, how many were refused, and any other exit.
    private func reserveConcurrently(
        channels: [ChannelName], store: String, home: TemporaryDirectory
    ) throws -> (granted: [ChannelName: Int], refused: Int, other: [String]) {
        var processes: [(Process, Pipe, ChannelName)] = []
        for channel in channels {
            let script = """
                for i in $(seq 50); do "$ONEPOOL" reserve --channel \(channel) MUG 1 --store "$STORE" >/dev/null 2>&1; echo "rc $?"; done
                """
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script]
            process.environment = OnePoolBinary.environment(
                home: home.path, extra: ["ONEPOOL": OnePoolBinary.path, "STORE": store])
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            processes.append((process, pipe, channel))
        }
        var granted: [ChannelName: Int] = [:]
        var refused = 0
        var other: [String] = []
        for (process, pipe, channel) in processes {
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            for line in text.split(separator: "\n") {
                switch line {
                case "rc 0": granted[channel, default: 0] += 1
                case "rc 3": refused += 1
                default: other.append(String(line))
                }
            }
        }
        return (granted, refused, other)
    }
}
