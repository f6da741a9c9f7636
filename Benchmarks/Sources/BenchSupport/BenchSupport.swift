// What every benchmark runner here shares: the monotonic clock, peak memory, progress on
// standard error, failing with a message, and one-line JSON results.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Monotonic time in seconds.
@inlinable
public func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// A field of /proc/self/status in kB (VmHWM: peak resident set), or -1.
public func procStatusKB(_ field: String) -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return -1 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 512)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix(field + ":") {
            return Int(text.dropFirst(field.count + 1).filter { $0 >= "0" && $0 <= "9" }) ?? -1
        }
    }
    return -1
}

/// Progress and notes go to standard error; results to standard output.
public func log(_ text: String) {
    let line = text + "\n"
    _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
}

/// Says what went wrong, named after the runner, and exits 2.
public func fail(_ text: String) -> Never {
    let tool = CommandLine.arguments.first.map { String($0.split(separator: "/").last ?? Substring($0)) } ?? "bench"
    log("\(tool): \(text)")
    exit(2)
}

/// One line of JSON from ordered key/value pairs (numbers, strings, flags).
public func json(_ pairs: [(String, Any)]) -> String {
    func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
    let body = pairs.map { key, value -> String in
        let rendered: String
        switch value {
        case let number as Double: rendered = number.isFinite ? "\(number)" : "null"
        case let number as Int: rendered = "\(number)"
        case let number as UInt64: rendered = "\(number)"
        case let flag as Bool: rendered = flag ? "true" : "false"
        case let text as String: rendered = quote(text)
        default: rendered = quote("\(value)")
        }
        return "\(quote(key)): \(rendered)"
    }
    return "{" + body.joined(separator: ", ") + "}"
}

