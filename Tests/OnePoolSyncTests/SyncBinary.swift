import Foundation

/// The real `onepool` executable built beside the test runner, run with a clean environment.
enum SyncBinary {
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

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func environment(home: String, apiBase: String?, extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "HOME": home, "XDG_DATA_HOME": "\(home)/data", "XDG_CONFIG_HOME": "\(home)/config", "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8",
        ]
        if let apiBase { environment["ONEPOOL_API_BASE_URL"] = apiBase }
        environment.merge(extra) { _, new in new }
        return environment
    }

    @discardableResult
    static func run(
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
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Starts a long-running `onepool` (its output discarded) and returns the process.
    static func start(
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
    static func secretFile(_ secret: String, in directory: String, name: String) -> String {
        let path = "\(directory)/\(name)"
        FileManager.default.createFile(
            atPath: path, contents: Data("\(secret)\n".utf8), attributes: [.posixPermissions: 0o600])
        return path
    }
}
