#include "onepool_curses.h"

#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static bool started = false;
static volatile sig_atomic_t pending_signal = 0;

bool op_start(bool want_color) {
    setlocale(LC_ALL, "");
    if (initscr() == NULL) return false;
    started = true;
    raw();                    // Ctrl-C arrives as a key, so quitting is one code path
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
}

bool op_is_started(void) { return started; }
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
    if (strcmp(name, "backspace") == 0) return KEY_BACKSPACE;
    if (strcmp(name, "dc") == 0) return KEY_DC;
    if (strcmp(name, "btab") == 0) return KEY_BTAB;
    if (strcmp(name, "enter") == 0) return KEY_ENTER;
    if (strcmp(name, "f0") == 0) return KEY_F0;
    return -1;
}

static void on_request(int signal_number) { pending_signal = signal_number; }

// A fatal signal: put the terminal back (reset attributes, show the cursor, leave the
// alternate screen, cooked mode) with write(2) only, then die of the same signal.
static void on_fatal(int signal_number) {
    static const char reset[] = "\033[0m\033[?25h\033[?1049l\r\n";
    if (started) {
        ssize_t ignored = write(STDOUT_FILENO, reset, sizeof reset - 1);
        (void)ignored;
        endwin();
    }
    signal(signal_number, SIG_DFL);
    raise(signal_number);
}

void op_install_signal_handlers(void) {
    // A parent may have left these blocked (test runners and supervisors do); the console
    // needs them: quit requests, and SIGWINCH for resizes.
    sigset_t wanted;
    sigemptyset(&wanted);
    sigaddset(&wanted, SIGTERM);
    sigaddset(&wanted, SIGHUP);
    sigaddset(&wanted, SIGINT);
    sigaddset(&wanted, SIGWINCH);
    sigprocmask(SIG_UNBLOCK, &wanted, NULL);

    struct sigaction request;
    memset(&request, 0, sizeof request);
    request.sa_handler = on_request;
    sigemptyset(&request.sa_mask);
    sigaction(SIGTERM, &request, NULL);
    sigaction(SIGHUP, &request, NULL);
    sigaction(SIGINT, &request, NULL);

    struct sigaction fatal;
    memset(&fatal, 0, sizeof fatal);
    fatal.sa_handler = on_fatal;
    sigemptyset(&fatal.sa_mask);
    int fatal_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE};
    for (unsigned i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++) sigaction(fatal_signals[i], &fatal, NULL);
}

int op_take_signal(void) {
    int signal_number = pending_signal;
    pending_signal = 0;
    return signal_number;
}
