// ncurses painting a console Screen into a pseudo-terminal of 200×60, to measure what the
// terminal library costs next to our update + view.
//
// The main package's C shim (CNcurses) and its backend (NcursesTerminal) are internal to
// OnePoolConsole, so this file does what they do with the same library calls:
// - libncursesw is loaded with dlopen and its functions called through C function pointers,
//   so this executable target needs no C target or module map of its own;
// - start-up mirrors `op_start` (setlocale, newterm instead of initscr so the output goes to our
//   pty, raw, noecho, nonl, curs_set(0), start_color, use_default_colors);
// - `draw` mirrors `NcursesTerminal.draw`: runs of cells with the same role become one
//   `wattr_set` + `mvwaddnwstr`, after a `werase`; then `wnoutrefresh` + `doupdate`, which diff
//   against what the terminal shows and write only the changes.
// The work is split in two timed phases: turning the Screen into runs of wide characters and
// styles (Swift, ours: in the console this happens inside NcursesTerminal.draw) and the ncurses
// calls (theirs, including the write(2) of the escape sequences to the pty).
//
// A thread drains the pty's master side (as a terminal emulator would, without parsing), so
// ncurses never blocks on a full pty buffer; it counts the bytes ncurses sent.

#if canImport(Glibc)
import Glibc
#endif
import BenchSupport
import Foundation
import OnePoolConsole

/// Counts what the terminal side of the pty receives; reads it until the pty closes.
final class PtyDrain: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var total = 0  // written by the drain thread only; read after `done`

    init(master: Int32) {
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
                if count > 0 { total += count; continue }
                if count < 0 && errno == EINTR { continue }
                break  // EIO: every slave descriptor is closed
            }
            done.signal()
        }
        thread.start()
    }

    /// Waits for the pty to close and returns the bytes received.
    func finish() -> Int {
        done.wait()
        return total
    }
}

final class CursesPainter {
    // MARK: ncursesw, loaded at run time

    private typealias NewTerm = @convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<FILE>?, UnsafeMutablePointer<FILE>?) -> OpaquePointer?
    private typealias WindowCall = @convention(c) (OpaquePointer?) -> Int32
    private typealias NoArgument = @convention(c) () -> Int32
    private typealias IntArgument = @convention(c) (Int32) -> Int32
    private typealias InitPair = @convention(c) (Int16, Int16, Int16) -> Int32
    private typealias AttrSet = @convention(c) (OpaquePointer?, UInt32, Int16, UnsafeMutableRawPointer?) -> Int32
    private typealias AddWide = @convention(c) (OpaquePointer?, Int32, Int32, UnsafePointer<wchar_t>?, Int32) -> Int32
    private typealias DeleteScreen = @convention(c) (OpaquePointer?) -> Void

    private let library: UnsafeMutableRawPointer
    private let werase: WindowCall
    private let wattrSet: AttrSet
    private let mvwaddnwstr: AddWide
    private let wnoutrefresh: WindowCall
    private let doupdate: NoArgument
    private let endwin: NoArgument
    private let delscreen: DeleteScreen
    private let initPair: InitPair
    private let stdscrAddress: UnsafeMutablePointer<OpaquePointer?>
    private let colorPairs: Int
    let colors: Int

    // A_BOLD, A_UNDERLINE, A_REVERSE, A_DIM of ncurses 6 (macros, so not in the library).
    private static let bold: UInt32 = 1 << 21, underline: UInt32 = 1 << 17, reverse: UInt32 = 1 << 18, dim: UInt32 = 1 << 20
    // Linux pty ioctls (x86_64 and arm64 values).
    private static let TIOCSPTLCK: UInt = 0x4004_5431, TIOCGPTN: UInt = 0x8004_5430, TIOCSWINSZ: UInt = 0x5414

    // MARK: the pty and the screen

    private let master: Int32
    private var slave: Int32
    private var slaveFile: UnsafeMutablePointer<FILE>?
    private var screenPointer: OpaquePointer?
    private let drain: PtyDrain

    // MARK: styles, as NcursesTerminal caches them

    private var theme: Theme
    private var styleCache: [Role: (attributes: UInt32, pair: Int16)] = [:]
    private var pairs: [PairKey: Int16] = [:]

    private struct PairKey: Hashable {
        var foreground: Int
        var background: Int
    }

    /// Opens a pty of `width`×`height`, starts ncurses on it as `term`, with colours when the
    /// terminal has them (as `op_start(true)`).
    init(width: Int, height: Int, theme: Theme, term: String = "xterm-256color") {
        guard let library = dlopen("libncursesw.so.6", RTLD_NOW | RTLD_GLOBAL) ?? dlopen("libncursesw.so", RTLD_NOW | RTLD_GLOBAL) else {
            fail("cannot load libncursesw: \(String(cString: dlerror()))")
        }
        self.library = library
        func symbol<T>(_ name: String, as type: T.Type) -> T {
            guard let address = dlsym(library, name) else { fail("libncursesw has no \(name)") }
            return unsafeBitCast(address, to: type)
        }
        werase = symbol("werase", as: WindowCall.self)
        wattrSet = symbol("wattr_set", as: AttrSet.self)
        mvwaddnwstr = symbol("mvwaddnwstr", as: AddWide.self)
        wnoutrefresh = symbol("wnoutrefresh", as: WindowCall.self)
        doupdate = symbol("doupdate", as: NoArgument.self)
        endwin = symbol("endwin", as: NoArgument.self)
        delscreen = symbol("delscreen", as: DeleteScreen.self)
        initPair = symbol("init_pair", as: InitPair.self)
        guard let stdscr = dlsym(library, "stdscr") else { fail("libncursesw has no stdscr") }
        stdscrAddress = stdscr.assumingMemoryBound(to: OpaquePointer?.self)

        // The pty: ncurses writes to the slave; the drain reads the master.
        // (posix_openpt/unlockpt/ptsname are not visible to Swift here: the same with Linux ioctls.)
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0, number: Int32 = 0
        guard master >= 0, ioctl(master, Self.TIOCSPTLCK, &unlock) == 0, ioctl(master, Self.TIOCGPTN, &number) == 0 else {
            fail("cannot open a pty (/dev/ptmx)")
        }
        slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        guard slave >= 0 else { fail("cannot open /dev/pts/\(number)") }
        var size = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
        guard ioctl(slave, Self.TIOCSWINSZ, &size) == 0 else { fail("cannot size the pty") }
        drain = PtyDrain(master: master)

        // As op_start: a UTF-8 locale (else wide characters do not draw), then the terminal modes.
        setlocale(LC_ALL, "")
        if String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" { setlocale(LC_ALL, "C.UTF-8") }
        unsetenv("LINES")
        unsetenv("COLUMNS")
        slaveFile = fdopen(slave, "r+")
        let newterm = symbol("newterm", as: NewTerm.self)
        screenPointer = newterm(term, slaveFile, slaveFile)
        guard screenPointer != nil else { fail("newterm(\(term)) failed: is its terminfo installed?") }
        _ = symbol("raw", as: NoArgument.self)()
        _ = symbol("noecho", as: NoArgument.self)()
        _ = symbol("nonl", as: NoArgument.self)()
        _ = symbol("curs_set", as: IntArgument.self)(0)
        let hasColors = symbol("has_colors", as: (@convention(c) () -> Bool).self)()
        if hasColors {
            _ = symbol("start_color", as: NoArgument.self)()
            _ = symbol("use_default_colors", as: NoArgument.self)()
        }
        colors = hasColors ? Int(symbol("COLORS", as: UnsafeMutableRawPointer.self).load(as: Int32.self)) : 0
        colorPairs = hasColors ? Int(symbol("COLOR_PAIRS", as: UnsafeMutableRawPointer.self).load(as: Int32.self)) : 0
        self.theme = hasColors ? theme : theme.withoutColor()
    }

    /// Ends ncurses, closes the pty and returns the bytes the terminal side received in all.
    func close() -> Int {
        _ = endwin()
        delscreen(screenPointer)
        screenPointer = nil
        fclose(slaveFile)  // closes `slave` too
        slaveFile = nil
        let bytes = drain.finish()
        Glibc.close(master)
        dlclose(library)
        return bytes
    }

    // MARK: - Drawing

    /// One run of same-role cells on a row: characters `start..<start+count` of `Frame.text`.
    struct Run {
        var y: Int32, x: Int32, start: Int, count: Int32, attributes: UInt32, pair: Int16
    }

    /// A Screen as ncurses will be fed it.
    struct Frame {
        var text: [wchar_t] = []
        var runs: [Run] = []
    }

    /// Phase 1 (ours): the Screen as runs of wide characters with styles, exactly as
    /// NcursesTerminal.draw walks it (`Screen.forEachRun`: a run per change of role).
    func prepare(_ screen: Screen, into frame: inout Frame) {
        frame.text.removeAll(keepingCapacity: true)
        frame.runs.removeAll(keepingCapacity: true)
        for y in 0..<screen.height {
            screen.forEachRun(inRow: y) { start, role, scalars in
                guard !scalars.isEmpty else { return }
                let textStart = frame.text.count
                for scalar in scalars { frame.text.append(wchar_t(bitPattern: scalar.value)) }
                let style = cursesStyle(for: role)
                frame.runs.append(Run(
                    y: Int32(y), x: Int32(start), start: textStart, count: Int32(frame.text.count - textStart),
                    attributes: style.attributes, pair: style.pair))
            }
        }
    }

    /// Phase 2 (ncurses): erase, add every run, then one update of the terminal.
    func paint(_ frame: Frame) {
        let window = stdscrAddress.pointee
        _ = werase(window)
        frame.text.withUnsafeBufferPointer { text in
            for run in frame.runs {
                _ = wattrSet(window, run.attributes, run.pair, nil)
                _ = mvwaddnwstr(window, run.y, run.x, text.baseAddress! + run.start, run.count)
            }
        }
        _ = wnoutrefresh(window)
        _ = doupdate()
    }

    /// The role's attributes and colour pair, made once per role (as NcursesTerminal does).
    private func cursesStyle(for role: Role) -> (attributes: UInt32, pair: Int16) {
        if let cached = styleCache[role] { return cached }
        let style = theme.style(for: role).resolved(colors: colors)
        var attributes: UInt32 = 0
        if style.bold { attributes |= Self.bold }
        if style.underline { attributes |= Self.underline }
        if style.reverse { attributes |= Self.reverse }
        if style.dim { attributes |= Self.dim }
        var pair: Int16 = 0
        if colors > 0 {
            let key = PairKey(foreground: style.foreground, background: style.background)
            if key.foreground != -1 || key.background != -1 {
                if let known = pairs[key] {
                    pair = known
                } else if pairs.count + 1 < colorPairs {
                    let next = Int16(pairs.count + 1)
                    if initPair(next, Int16(key.foreground), Int16(key.background)) == 0 {
                        pairs[key] = next
                        pair = next
                    }
                }
            }
        }
        styleCache[role] = (attributes, pair)
        return (attributes, pair)
    }
}
