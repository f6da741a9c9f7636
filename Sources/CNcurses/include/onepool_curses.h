// The only door to ncurses. Swift cannot import curses' macros (A_BOLD, COLOR_PAIR, KEY_*) and
// must not touch its mutable C globals (stdscr, LINES, COLS) under strict concurrency, so this
// shim wraps each in a function. Only OnePoolConsole's terminal backend imports it.
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

// Lifecycle. `op_start` calls setlocale(LC_ALL, "") first so UTF-8 draws correctly.
bool op_start(bool want_color);
void op_stop(void);
bool op_is_started(void);

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

// Signals: SIGTERM, SIGHUP and SIGINT set a flag the event loop polls; fatal signals restore
// the terminal before the process dies.
void op_install_signal_handlers(void);
int op_take_signal(void);

#endif
