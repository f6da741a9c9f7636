#if canImport(Glibc)
    import Glibc
#endif

/// Who may write a store, checked before the first write as ssh checks a private key.
///
/// The model: a store belongs to one OS user (directories 0700, files 0600), or is shared by a
/// group declared at `onepool init --group GROUP` (directories 2770, files 0660, nothing for
/// others), so that several operators — each approving as themselves — write one store. The
/// check accepts exactly that and refuses anything looser: a path writable by others, group
/// write without a declared group (or for another group), or a store owned by another user and
/// not shared with this one. Readers are not checked: reading never changes a file.
enum StoreOwnership {
    /// The paths whose ownership decides who may write: the directories, the metadata, the lock.
    static func pathsToCheck(_ layout: StoreLayout) -> [String] {
        [layout.root, layout.journal, layout.snapshots, layout.metadata, layout.lock]
    }

    static func checkWritable(_ layout: StoreLayout, group: String?, extra: [String] = []) throws(StoreError) {
        let user = geteuid()
        let sharedGroup = try group.map { name throws(StoreError) in try groupID(named: name, store: layout.metadata) }
        for path in pathsToCheck(layout) + extra {
            guard case .found(let info) = FileSystem.status(path) else { continue }
            try check(path, info, user: user, sharedGroup: sharedGroup, groupName: group)
        }
    }

    private static func check(
        _ path: String, _ info: stat, user: uid_t, sharedGroup: gid_t?, groupName: String?
    ) throws(StoreError) {
        let mode = info.st_mode & 0o7777
        let octal = "0" + String(mode, radix: 8)
        if mode & 0o002 != 0 {
            throw .unsafePermissions(
                path: path, problem: "is writable by every user (mode \(octal))", fix: "chmod o-w '\(path)'")
        }
        if let sharedGroup, let groupName {
            guard info.st_gid == sharedGroup else {
                throw .unsafePermissions(
                    path: path,
                    problem: "belongs to group \(nameOfGroup(info.st_gid)), but the store is shared with \(groupName)",
                    fix: "chgrp \(groupName) '\(path)'")
            }
            guard info.st_uid == user || isMember(of: sharedGroup) else {
                throw .unsafePermissions(
                    path: path, problem: "is shared with group \(groupName), and you (\(userName(user))) are not in it",
                    fix: "ask an administrator to add you to \(groupName), or run onepool as a member")
            }
            return
        }
        if mode & 0o020 != 0 {
            throw .unsafePermissions(
                path: path,
                problem: "is writable by its group (mode \(octal)), and the store was not created to be shared",
                fix: "chmod g-w '\(path)' (a shared store is made with `onepool init --group GROUP`)")
        }
        guard info.st_uid == user else {
            throw .unsafePermissions(
                path: path, problem: "belongs to \(userName(info.st_uid)), not to you (\(userName(user)))",
                fix:
                    "run onepool as \(userName(info.st_uid)), or share the store through a group (`onepool init --group GROUP`)"
            )
        }
    }

    static func groupID(named name: String, store: String) throws(StoreError) -> gid_t {
        guard let entry = getgrnam(name) else {
            throw .invalidMetadata(
                path: store, field: "group", value: name, expected: "a group that exists on this machine")
        }
        return entry.pointee.gr_gid
    }

    static func isMember(of group: gid_t) -> Bool {
        if getegid() == group { return true }
        let count = getgroups(0, nil)
        guard count > 0 else { return false }
        var groups = [gid_t](repeating: 0, count: Int(count))
        let got = getgroups(count, &groups)
        return got > 0 && groups.prefix(Int(got)).contains(group)
    }

    static func userName(_ uid: uid_t) -> String {
        if let entry = getpwuid(uid), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid \(uid)"
    }

    static func nameOfGroup(_ gid: gid_t) -> String {
        if let entry = getgrgid(gid), let name = entry.pointee.gr_name { return String(cString: name) }
        return "gid \(gid)"
    }
}
