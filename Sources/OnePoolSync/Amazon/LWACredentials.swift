import Foundation

/// Login with Amazon credentials for the refresh-token grant: the app's client id and secret
/// and the refresh token the seller's authorisation gave. Printing, dumping or interpolating
/// the value shows the client id only; the secret and the token are never shown.
public struct LWACredentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    public let clientID: String
    public let clientSecret: String
    public let refreshToken: String

    /// Refuses empty values and values with whitespace or control characters inside (a file
    /// read with its trailing newline is trimmed by the caller; a value with a space in the
    /// middle is a pasting mistake).
    public init(clientID: String, clientSecret: String, refreshToken: String) throws(AmazonError) {
        for (name, value) in [
            ("client id", clientID), ("client secret", clientSecret), ("refresh token", refreshToken),
        ] {
            guard !value.isEmpty else { throw .invalidConfiguration("the LWA \(name) is empty") }
            guard value.utf8.count <= 2048 else {
                throw .invalidConfiguration("the LWA \(name) is longer than 2048 bytes")
            }
            guard value.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
                throw .invalidConfiguration("the LWA \(name) contains spaces or characters outside printable ASCII")
            }
        }
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.refreshToken = refreshToken
    }

    public var description: String {
        "LWACredentials(clientID: \(clientID), clientSecret: ‹redacted›, refreshToken: ‹redacted›)"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["clientID": clientID], displayStyle: .struct) }
}

/// Removes secrets from any text before it can reach an error, a log or an event: the known
/// secret values, and anything shaped like an LWA token (`Atza|…` access, `Atzr|…` refresh).
public struct AmazonSecretRedactor: Sendable {
    private var secrets: [String]

    public init(secrets: [String] = []) { self.secrets = secrets.filter { $0.count >= 4 } }

    public mutating func add(_ secret: String) {
        if secret.count >= 4, !secrets.contains(secret) { secrets.append(secret) }
    }

    public func redact(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: "‹redacted›")
        }
        for prefix in ["Atza|", "Atzr|"] { result = Self.redactTokens(startingWith: prefix, in: result) }
        return result
    }

    /// `Atza|abc123… rest` → `‹redacted› rest`: the token runs to the next character that
    /// cannot be in one (whitespace, quote, comma, brace).
    private static func redactTokens(startingWith prefix: String, in text: String) -> String {
        guard text.contains(prefix) else { return text }
        var output = ""
        var rest = Substring(text)
        while let range = rest.range(of: prefix) {
            output += rest[..<range.lowerBound]
            output += "‹redacted›"
            rest = rest[range.upperBound...].drop { !$0.isWhitespace && !"\"',;}&".contains($0) }
        }
        return output + rest
    }
}
