// Rows of a delimited file, read by Debian's libcsv (`apt-get install libcsv-dev`), with what
// libcsv does not tell: the line each row starts on, the line and field of a parse error, and
// whether the bytes are UTF-8. Comma-separated text is parsed by libcsv in strict RFC 4180 mode
// (quotes, doubled quotes, CRLF, line breaks inside quoted fields); tab-separated text has no
// quoting at all (Amazon's reports: a `"` in a title is just a character) and is split here.
//
// Bytes go in by chunks of any size (`op_csv_feed`); complete rows come out in the reader's
// own memory, which is reused once they have been taken (`op_csv_take_rows`), so reading a file
// costs memory for one chunk's rows, not for the file.
#ifndef ONEPOOL_CSV_H
#define ONEPOOL_CSV_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    OP_CSV_OK = 0,
    /// A `"` inside a field that does not start with one (RFC 4180: quote the whole field).
    OP_CSV_QUOTE_IN_UNQUOTED = 1,
    /// Something other than a delimiter or a line end right after a quoted field's closing quote.
    OP_CSV_TEXT_AFTER_QUOTE = 2,
    /// A byte sequence that is not UTF-8.
    OP_CSV_NOT_UTF8 = 3,
    /// The file ends inside a quoted field.
    OP_CSV_UNCLOSED_QUOTE = 4,
    /// One field larger than `OP_CSV_MAX_FIELD` (almost always an unclosed quote), or one line
    /// longer than `OP_CSV_MAX_LINE`.
    OP_CSV_FIELD_TOO_LARGE = 5,
    OP_CSV_NO_MEMORY = 6,
} op_csv_status;

/// The largest field accepted: a quoted field left open would otherwise swallow the whole file.
#define OP_CSV_MAX_FIELD (1 << 20)
/// The longest physical line accepted (a line is gathered whole when a chunk ends inside it).
#define OP_CSV_MAX_LINE (16 << 20)

typedef struct op_csv op_csv;

/// A reader for `delimiter` (',' or '\t'), or NULL when memory is short.
op_csv *op_csv_new(unsigned char delimiter);
void op_csv_free(op_csv *reader);
/// Reads every line through libcsv itself, without the shortcuts for lines whose fields are plain
/// or quoted on one line (what tests compare those shortcuts against). Call before the first feed.
void op_csv_read_all_with_libcsv(op_csv *reader);

/// Parses the next bytes of the file; complete rows are added to those not yet taken. After an
/// error status the reader stops; `op_csv_error_line` and `op_csv_error_field` locate it.
op_csv_status op_csv_feed(op_csv *reader, const unsigned char *bytes, size_t count);
/// The end of the file: completes a last row without a line end.
op_csv_status op_csv_finish(op_csv *reader);

/// Where the error is: its 1-based line, and its 1-based field (0 when not in a field).
int64_t op_csv_error_line(const op_csv *reader);
int64_t op_csv_error_field(const op_csv *reader);

/// Complete rows not yet taken. Blank lines are not rows.
size_t op_csv_row_count(const op_csv *reader);
/// The line on which row `row` starts, its number of fields, and its first field's index.
int64_t op_csv_row_line(const op_csv *reader, size_t row);
size_t op_csv_row_fields(const op_csv *reader, size_t row);
size_t op_csv_row_first_field(const op_csv *reader, size_t row);
/// Field bytes (without quotes; doubled quotes made single) and where each field lies in them.
const unsigned char *op_csv_bytes(const op_csv *reader);
const size_t *op_csv_field_starts(const op_csv *reader);
const size_t *op_csv_field_ends(const op_csv *reader);
/// Forgets the rows taken (their memory is reused); a row still being read is kept.
void op_csv_take_rows(op_csv *reader);

#endif
