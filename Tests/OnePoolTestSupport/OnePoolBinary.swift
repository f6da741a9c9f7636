import Foundation

/// Runs the real `onepool` executable built next to the test runner, with a clean environment:
/// the one helper the CLI's and the sync's end-to-end tests share.
public enum OnePoolBinary {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// Ended by a signal (a trap, an abort): a crash, whatever the status says.
        public var crashed = false

        public init(status: Int32, stdout: String, stderr: String, crashed: Bool = false) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
            self.crashed = crashed
        }
    }

    /// The executable in the build products directory: the test runner lives there too.
    public static let path: String = {
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

    /// A clean environment: HOME and XDG point into `home` so no test touches a real store or a
    /// real connection; `apiBase` sends sync's requests to an emulator.
    public static func environment(
        home: String, apiBase: String? = nil, extra: [String: String] = [:]
    ) -> [String: String] {
        var environment = [
            "HOME": home, "XDG_DATA_HOME": "\(home)/data", "XDG_CONFIG_HOME": "\(home)/config", "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8",
        ]
        if let apiBase { environment["ONEPOOL_API_BASE_URL"] = apiBase }
        environment.merge(extra) { _, new in new }
        return environment
    }

    /// Runs to the end and returns the status and both outputs.
    @discardableResult
    public static func run(
        _ arguments: [String], home: String, apiBase: String? = nil, extra: [String: String] = [:]
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment(home: home, apiBase: apiBase, extra: extra)
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
    public static func succeed(_ arguments: [String], home: String, extra: [String: String] = [:]) throws -> String {
        let result = try run(arguments, home: home, extra: extra)
        guard result.status == 0 else {
            throw Failure(
                description: "onepool \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return result.stdout
    }

    /// Starts a long-running `onepool` (its output discarded) and returns the process.
    public static func start(
        _ arguments: [String], home: String, apiBase: String?, extra: [String: String] = [:]
    ) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment(home: home, apiBase: apiBase, extra: extra)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Writes `secret` to a new 0600 file and returns its path.
    public static func secretFile(_ secret: String, in directory: String, name: String) -> String {
        let path = "\(directory)/\(name)"
        FileManager.default.createFile(
            atPath: path, contents: Data("\(secret)\n".utf8), attributes: [.posixPermissions: 0o600])
        return path
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) { self.description = description }
    }
}
