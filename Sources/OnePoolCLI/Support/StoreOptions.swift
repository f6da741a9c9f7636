import ArgumentParser
import Foundation
import OnePoolCore
import OnePoolStore

/// The options every verb shares: which store, and who is acting.
public struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The store directory.",
            discussion:
                "Default: $ONEPOOL_STORE, else $XDG_DATA_HOME/onepool/default, else ~/.local/share/onepool/default.",
            valueName: "dir"))
    public var store: String?

    @Option(
        help: ArgumentHelp(
            "Who did what a fact-recording verb records (a sale, a count), for the audit trail (default: the OS user). "
                + "Other changes, approvals above all, are made as the OS user running the command.",
            valueName: "name"))
    public var actor: String?

    public init() {}

    /// The store directory this invocation means, and how it was chosen (for messages).
    public var resolvedPath: String {
        StoreLocation.resolve(explicit: store, environment: ProcessInfo.processInfo.environment).path
    }

    public var actorName: String { actor ?? OperatingSystemUser.name() }

    /// The name a verb in `role` records as its actor, or why `--actor` is refused.
    func actor(_ role: ActorRole) throws -> UserName {
        let user = OperatingSystemUser.name()
        guard let actor else { return UserName(user) }
        switch role {
        case .recorder:
            guard !actor.trimmingCharacters(in: .whitespaces).isEmpty, actor.utf8.count <= 64,
                !actor.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else {
                let shown = actor.debugDescription.dropFirst().dropLast()
                throw CLIError("--actor '\(shown)' is not a name: expected 1–64 printable characters")
            }
            return UserName(actor)
        case .operator:
            guard actor == user else {
                throw CLIError(
                    "--actor names who did what a fact records (a sale, a count); this change is made as the OS user "
                        + "running it (\(user)), so --actor \(actor) is refused: run it as \(actor) instead")
            }
            return UserName(user)
        case .authority(let verb):
            throw CLIError(
                "\(verb) is made as the OS user running it (\(user)) and takes no --actor: approvals and approver "
                    + "changes must be the approver's own")
        }
    }

    /// Opens the store and prints its warnings (a tail set aside, damaged pieces not yet looked
    /// at, a snapshot ignored) on standard error: every verb tells the operator.
    public func openStore() throws -> Store {
        let store = try Store.open(at: resolvedPath)
        store.takeNewWarnings().forEach(Console.warn)
        return store
    }
}

/// Whose name a verb records in the journal. Facts (a sale, a count) may be recorded on
/// someone's behalf; every other change is the OS user's own, and approvals are nobody else's.
enum ActorRole {
    /// Recording a fact: `--actor` may name who did it (never empty, never with control characters).
    case recorder
    /// Settings and purchasing steps: the OS user; `--actor` naming anyone else is refused.
    case `operator`
    /// Approvals and approver changes: the OS user, and `--actor` is refused outright.
    case authority(verb: String)
}

/// Where a store lives when no `--store` is given, in the order an operator would guess.
public struct StoreLocation: Equatable {
    public var path: String
    public var reason: String

    public static func resolve(explicit: String?, environment: [String: String], name: String = "default")
        -> StoreLocation
    {
        if let explicit, !explicit.isEmpty { return StoreLocation(path: absolute(explicit), reason: "--store") }
        if name == "default", let fromEnvironment = environment["ONEPOOL_STORE"], !fromEnvironment.isEmpty {
            return StoreLocation(path: absolute(fromEnvironment), reason: "$ONEPOOL_STORE")
        }
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty {
            return StoreLocation(path: "\(absolute(data))/onepool/\(name)", reason: "$XDG_DATA_HOME")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return StoreLocation(path: "\(home)/.local/share/onepool/\(name)", reason: "the default location")
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path == "~" { return NSHomeDirectory() }
        if path.hasPrefix("~/") { return NSHomeDirectory() + path.dropFirst() }
        return FileManager.default.currentDirectoryPath + "/" + path
    }
}

enum OperatingSystemUser {
    static func name() -> String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
    }
}

enum Clock {
    /// The wall clock, read here and passed into Core (which never reads one).
    /// `ONEPOOL_NOW` (ISO 8601) pins it for tests and reproducible demos.
    static func now() -> Timestamp {
        if let pinned = ProcessInfo.processInfo.environment["ONEPOOL_NOW"],
            let date = DateText.instant(pinned, zone: DateText.utc)
        {
            return Timestamp(date)
        }
        return Timestamp(Date())
    }
}

extension Timestamp {
    init(_ date: Date) {
        self.init(millisecondsSince1970: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }

    var date: Date { Date(timeIntervalSince1970: Double(millisecondsSince1970) / 1000) }
}
