// The only door to ncurses. Swift cannot import curses' macros (A_BOLD, COLOR_PAIR, KEY_*) and
// must not touch its mutable C globals (stdscr, LINES, COLS) under strict concurrency, so this
// shim wraps each in a function. Only OnePoolConsoleRuntime's terminal backend imports it.
#ifndef ONEPOOL_CURSES_H
#define ONEPOOL_CURSES_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <wchar.h>
#include <stdbool.h>

// Locale: set one (NULL-safe name, "" for the environment's); whether its codeset is UTF-8.
bool op_set_locale(const char *name);
bool op_locale_is_utf8(void);

// Whether $TERM can be drawn on: 0 when it can, else a reason is written to `reason` (a
// terminal type terminfo does not know, or one that cannot move its cursor, like dumb).
int op_terminal_problem(char *reason, int size);

// Lifecycle. `op_start` takes the terminal (newterm: a failure returns false, never exits).
bool op_start(bool want_color);
void op_stop(void);
bool op_is_started(void);
// Gives the terminal back, stops the process group (as Ctrl-Z would), and takes it again when
// continued; the next present repaints everything.
void op_suspend(void);
// The next present repaints every cell.
void op_invalidate(void);

// Terminal facts.
int op_lines(void);
int op_cols(void);
int op_colors(void);
int op_color_pairs(void);
bool op_has_colors(void);

// Styles: attribute bits and colour pairs.
unsigned int op_attr_bold(void);
unsigned int op_attr_underline(void);
unsigned int op_attr_reverse(void);
unsigned int op_attr_dim(void);
bool op_init_pair(short pair, short foreground, short background);

// Drawing into the virtual screen, then one update of the real one.
void op_erase(void);
void op_put(int y, int x, const wchar_t *text, int count, unsigned int attributes, short pair);
void op_present(void);

// Input: a wide character (kind 1), a function key code (kind 2), a timeout (kind 0),
// or a resize (kind 3). Waits at most `timeout_ms`.
int op_read(int timeout_ms, int *value);
int op_key_code(const char *name);
// The key code ncurses gives the sequence of terminfo capability `cap` (standard or extended,
// such as xterm's kb1=\EOt for the keypad's 4), or -1 when the terminal has none; `final` gets
// the sequence's last byte when it is ESC O and one byte (the keypad's application sequences),
// else 0.
int op_key_code_for_capability(const char *cap, int *final);

// Signals: SIGTERM, SIGHUP, SIGINT, SIGTSTP and SIGCONT set flags the event loop polls; fatal
// signals restore the terminal, print what the process wrote to stderr meanwhile (the crash's
// reason), and die of the same signal.
void op_install_signal_handlers(void);
// One pending signal (the lowest-numbered), or 0.
int op_take_signal(void);

// While the console runs, what the process writes to stderr is kept aside (it would land in
// the alternate screen and be wiped); released, it is written to the real stderr.
void op_capture_stderr(void);
void op_release_stderr(void);

#endif
