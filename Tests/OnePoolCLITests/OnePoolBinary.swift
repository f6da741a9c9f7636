import Foundation

/// Runs the real `onepool` executable built next to the test bundle.
enum OnePoolBinary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Ended by a signal (a trap, an abort): a crash, whatever the status says.
        var crashed = false
    }

    /// The build products directory: the test runner lives there too.
    static let path: String = {
        let runner =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: runner).deletingLastPathComponent()
        while !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("onepool").path),
            directory.path != "/"
        {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("onepool").path
    }()

    /// A clean environment: HOME and XDG point into `home` so no test touches a real store.
    static func environment(home: String, extra: [String: String] = [:]) -> [String: String] {
        var environment = ["HOME": home, "XDG_DATA_HOME": "\(home)/data", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        environment.merge(extra) { $1 }
        return environment
    }

    @discardableResult
    static func run(_ arguments: [String], home: String, extra: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment(home: home, extra: extra)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self), crashed: process.terminationReason == .uncaughtSignal)
    }

    /// Runs and requires success, returning standard output.
    @discardableResult
    static func succeed(_ arguments: [String], home: String) throws -> String {
        let result = try run(arguments, home: home)
        guard result.status == 0 else {
            throw Failure(
                description: "onepool \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return result.stdout
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }
}
