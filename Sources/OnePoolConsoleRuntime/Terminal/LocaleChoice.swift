import OnePoolConsole

/// Which characters the console may draw, from what the environment asks for.
///
/// When LC_ALL, LC_CTYPE or LANG (the first that is set) names a UTF-8 codeset, the console
/// draws UTF-8 — in that locale when it is installed, else in C.UTF-8 (over ssh the client's
/// locale is often not installed on the server). When it does not ask for UTF-8 (LANG=C, LANG
/// unset, a Latin-1 locale), ncurses cannot draw box or block characters and drops anything
/// else outside ASCII, so the console draws with ASCII stand-ins instead.
public enum LocaleChoice {
    /// The locale name the environment asks for, POSIX's way: LC_ALL, else LC_CTYPE, else LANG.
    public static func requested(_ environment: [String: String]) -> String? {
        for name in ["LC_ALL", "LC_CTYPE", "LANG"] {
            if let value = environment[name], !value.isEmpty { return value }
        }
        return nil
    }

    /// Whether a locale name asks for UTF-8 ("en_US.UTF-8", "C.utf8").
    public static func asksForUTF8(_ name: String?) -> Bool {
        guard let name else { return false }
        if ["utf-8", "utf8"].contains(name.lowercased()) { return true }
        let codeset =
            name.lowercased().split(separator: ".").dropFirst().first.map { $0.split(separator: "@")[0] } ?? ""
        return codeset == "utf-8" || codeset == "utf8"
    }

    /// Sets the process locale and says what to draw with. `setLocale` sets one ("" is the
    /// environment's) and reports success; `isUTF8` says whether the locale set is UTF-8.
    public static func apply(
        environment: [String: String], setLocale: (String) -> Bool, isUTF8: () -> Bool
    ) -> (charset: Charset, notice: String?) {
        let wanted = requested(environment)
        if asksForUTF8(wanted) {
            if setLocale(""), isUTF8() { return (.unicode, nil) }
            for fallback in ["C.UTF-8", "C.utf8"] where setLocale(fallback) && isUTF8() {
                return (.unicode, "the locale \(wanted ?? "") is not installed; the console used C.UTF-8")
            }
            _ = setLocale("C")
            return (.ascii, "neither \(wanted ?? "") nor C.UTF-8 is installed; the console drew in ASCII")
        }
        if !setLocale("") { _ = setLocale("C") }
        return (isUTF8() ? .unicode : .ascii, nil)
    }
}
