#include "onepool_curses.h"

#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool started = false;
static SCREEN *screen = NULL;
// One flag per signal the loop handles (a second signal of another kind is never lost).
static volatile sig_atomic_t pending_signals[65];
// The real stderr while it is captured, and the file that holds what was written meanwhile.
static volatile int real_stderr = -1;
static volatile int captured_stderr = -1;

bool op_set_locale(const char *name) { return setlocale(LC_ALL, name ? name : "") != NULL; }

bool op_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

int op_terminal_problem(char *reason, int size) {
    const char *name = getenv("TERM");
    if (name == NULL || name[0] == '\0') {
        snprintf(reason, size, "TERM is not set");
        return 1;
    }
    int error = 0;
    TERMINAL *saved = cur_term;
    if (setupterm(name, STDOUT_FILENO, &error) != OK) {
        if (error == -1) {
            snprintf(reason, size, "no terminfo database was found for TERM=%s", name);
        } else {
            snprintf(reason, size, "TERM=%s is a terminal type this machine does not know (no terminfo entry)", name);
        }
        return 1;
    }
    char *move = tigetstr("cup");
    bool hardcopy = tigetflag("hc") > 0;
    bool canMove = move != NULL && move != (char *)-1;
    TERMINAL *probed = cur_term;
    set_curterm(saved);
    del_curterm(probed);
    if (!canMove || hardcopy) {
        snprintf(reason, size, "TERM=%s cannot move its cursor, which the console needs", name);
        return 1;
    }
    return 0;
}

bool op_start(bool want_color) {
    screen = newterm(NULL, stdout, stdin);
    if (screen == NULL) return false;
    set_term(screen);
    started = true;
    raw();                    // Ctrl-C and Ctrl-Z arrive as keys, so each has one code path
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    curs_set(0);
    set_escdelay(25);
    if (want_color && has_colors()) {
        start_color();
        use_default_colors();
    }
    return true;
}

void op_stop(void) {
    if (!started) return;
    started = false;
    curs_set(1);
    endwin();
    if (screen != NULL) {
        delscreen(screen);
        screen = NULL;
    }
}

bool op_is_started(void) { return started; }

void op_suspend(void) {
    if (!started) return;
    curs_set(1);
    endwin();
    fflush(stdout);
    // Stop as the default action of SIGTSTP would, the whole process group as a shell expects.
    struct sigaction previous, stop;
    memset(&stop, 0, sizeof stop);
    stop.sa_handler = SIG_DFL;
    sigemptyset(&stop.sa_mask);
    sigaction(SIGTSTP, &stop, &previous);
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, SIGTSTP);
    sigprocmask(SIG_UNBLOCK, &unblock, NULL);
    kill(0, SIGTSTP);
    // Continued (fg): take the terminal again.
    sigaction(SIGTSTP, &previous, NULL);
    pending_signals[SIGCONT] = 0;
    reset_prog_mode();
    curs_set(0);
    clearok(curscr, TRUE);
}

void op_invalidate(void) {
    if (started) clearok(curscr, TRUE);
}

int op_lines(void) { return LINES; }
int op_cols(void) { return COLS; }
int op_colors(void) { return COLORS; }
int op_color_pairs(void) { return COLOR_PAIRS; }
bool op_has_colors(void) { return has_colors(); }

unsigned int op_attr_bold(void) { return A_BOLD; }
unsigned int op_attr_underline(void) { return A_UNDERLINE; }
unsigned int op_attr_reverse(void) { return A_REVERSE; }
unsigned int op_attr_dim(void) { return A_DIM; }

bool op_init_pair(short pair, short foreground, short background) {
    return init_pair(pair, foreground, background) == OK;
}

void op_erase(void) { werase(stdscr); }

void op_put(int y, int x, const wchar_t *text, int count, unsigned int attributes, short pair) {
    wattr_set(stdscr, (attr_t)attributes, pair, NULL);
    mvwaddnwstr(stdscr, y, x, text, count);
}

void op_present(void) {
    wnoutrefresh(stdscr);
    doupdate();
}

int op_read(int timeout_ms, int *value) {
    wtimeout(stdscr, timeout_ms);
    wint_t character = 0;
    int kind = wget_wch(stdscr, &character);
    if (kind == ERR) return 0;
    if (kind == KEY_CODE_YES) {
        if (character == KEY_RESIZE) return 3;
        *value = (int)character;
        return 2;
    }
    *value = (int)character;
    return 1;
}

int op_key_code(const char *name) {
    if (strcmp(name, "up") == 0) return KEY_UP;
    if (strcmp(name, "down") == 0) return KEY_DOWN;
    if (strcmp(name, "left") == 0) return KEY_LEFT;
    if (strcmp(name, "right") == 0) return KEY_RIGHT;
    if (strcmp(name, "ppage") == 0) return KEY_PPAGE;
    if (strcmp(name, "npage") == 0) return KEY_NPAGE;
    if (strcmp(name, "home") == 0) return KEY_HOME;
    if (strcmp(name, "end") == 0) return KEY_END;
    if (strcmp(name, "find") == 0) return KEY_FIND;
    if (strcmp(name, "select") == 0) return KEY_SELECT;
    if (strcmp(name, "backspace") == 0) return KEY_BACKSPACE;
    if (strcmp(name, "dc") == 0) return KEY_DC;
    if (strcmp(name, "btab") == 0) return KEY_BTAB;
    if (strcmp(name, "enter") == 0) return KEY_ENTER;
    if (strcmp(name, "beg") == 0) return KEY_BEG;
    if (strcmp(name, "b2") == 0) return KEY_B2;
    if (strcmp(name, "f0") == 0) return KEY_F0;
    return -1;
}

int op_key_code_for_capability(const char *cap, int *final) {
    char name[16];
    *final = 0;
    if (strlen(cap) >= sizeof name) return -1;
    strcpy(name, cap);
    const char *sequence = tigetstr(name);
    if (sequence == NULL || sequence == (char *)-1 || sequence[0] == 0) return -1;
    if (strlen(sequence) == 3 && sequence[0] == 27 && sequence[1] == 'O') *final = (unsigned char)sequence[2];
    int code = key_defined(sequence);
    return code > 0 ? code : -1;
}

static void on_request(int signal_number) {
    if (signal_number > 0 && signal_number < 65) pending_signals[signal_number] = 1;
}

// Writes what was captured from stderr to the real stderr: async-signal-safe (read, write,
// lseek only), so the fatal handler can use it.
static void copy_captured(void) {
    if (captured_stderr < 0 || real_stderr < 0) return;
    char buffer[4096];
    if (lseek(captured_stderr, 0, SEEK_SET) < 0) return;
    for (;;) {
        ssize_t count = read(captured_stderr, buffer, sizeof buffer);
        if (count <= 0) break;
        ssize_t ignored = write(real_stderr, buffer, (size_t)count);
        (void)ignored;
    }
}

// A fatal signal: put the terminal back (reset attributes, show the cursor, leave the
// alternate screen, cooked mode) with write(2) only, print the crash's reason that went to the
// captured stderr, then die of the same signal.
static void on_fatal(int signal_number) {
    static const char reset[] = "\033[0m\033[?25h\033[?1049l\r\n";
    if (started) {
        ssize_t ignored = write(STDOUT_FILENO, reset, sizeof reset - 1);
        (void)ignored;
        endwin();
    }
    copy_captured();
    if (real_stderr >= 0) dup2(real_stderr, STDERR_FILENO);
    signal(signal_number, SIG_DFL);
    raise(signal_number);
}

void op_install_signal_handlers(void) {
    // A parent may have left these blocked (test runners and supervisors do); the console
    // needs them: quit requests, suspend and resume, and SIGWINCH for resizes.
    int requests[] = {SIGTERM, SIGHUP, SIGINT, SIGTSTP, SIGCONT};
    sigset_t wanted;
    sigemptyset(&wanted);
    for (unsigned i = 0; i < sizeof requests / sizeof requests[0]; i++) sigaddset(&wanted, requests[i]);
    sigaddset(&wanted, SIGWINCH);
    sigprocmask(SIG_UNBLOCK, &wanted, NULL);

    struct sigaction request;
    memset(&request, 0, sizeof request);
    request.sa_handler = on_request;
    sigemptyset(&request.sa_mask);
    for (unsigned i = 0; i < sizeof requests / sizeof requests[0]; i++) sigaction(requests[i], &request, NULL);

    struct sigaction fatal;
    memset(&fatal, 0, sizeof fatal);
    fatal.sa_handler = on_fatal;
    sigemptyset(&fatal.sa_mask);
    int fatal_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE};
    for (unsigned i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++) sigaction(fatal_signals[i], &fatal, NULL);
}

int op_take_signal(void) {
    for (int number = 1; number < 65; number++) {
        if (pending_signals[number]) {
            pending_signals[number] = 0;
            return number;
        }
    }
    return 0;
}

void op_capture_stderr(void) {
    if (captured_stderr >= 0) return;
    char path[] = "/tmp/onepool-stderr-XXXXXX";
    int file = mkstemp(path);
    if (file < 0) return;
    unlink(path);
    int saved = dup(STDERR_FILENO);
    if (saved < 0) {
        close(file);
        return;
    }
    fflush(stderr);
    real_stderr = saved;
    captured_stderr = file;
    dup2(file, STDERR_FILENO);
}

void op_release_stderr(void) {
    if (captured_stderr < 0) return;
    fflush(stderr);
    dup2(real_stderr, STDERR_FILENO);
    copy_captured();
    close(captured_stderr);
    close(real_stderr);
    captured_stderr = -1;
    real_stderr = -1;
}
