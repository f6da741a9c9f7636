import Foundation

/// A fresh directory under the system's temporary directory, removed when the value dies.
public final class TemporaryDirectory {
    public let path: String

    /// `inMemory`: under /dev/shm when it exists, for tests that write thousands of stores and
    /// test logic rather than durability (fsync there costs nothing).
    public init(_ label: String = "onepool-test", inMemory: Bool = false) {
        let base = inMemory && FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm/" : NSTemporaryDirectory()
        let template = base + "\(label)-XXXXXX"
        var bytes = Array(template.utf8CString)
        let made = bytes.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = made.map { String(cString: $0) } ?? template
    }

    /// A path inside the directory (not created).
    public func child(_ name: String) -> String { "\(path)/\(name)" }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Raw file access for tests that damage stores on purpose.
public enum RawFile {
    public static func bytes(_ path: String) -> [UInt8] {
        (try? Data(contentsOf: URL(fileURLWithPath: path))).map(Array.init) ?? []
    }

    public static func write(_ bytes: [UInt8], to path: String) {
        try? Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    public static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? -1
    }

    public static func truncate(_ path: String, to size: Int) {
        _ = Foundation.truncate(path, off_t(size))
    }

    public static func flipByte(_ path: String, at offset: Int) {
        var content = bytes(path)
        content[offset] ^= 0x5A
        write(content, to: path)
    }

    public static func permissions(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }
}
