#include "onepool_csv.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

struct op_csv {
    struct csv_parser parser;
    unsigned char delimiter;
    op_csv_status status;

    // Fields of the rows not yet taken, and of the row being read, back to back.
    unsigned char *bytes;
    size_t byte_count, byte_capacity;
    size_t *starts, *ends;
    size_t field_count, starts_capacity, ends_capacity;

    // Complete rows not yet taken.
    int64_t *row_lines;
    size_t *row_first, *row_fields;
    size_t row_count, lines_capacity, first_capacity, fields_capacity;

    // The row being read: its first field's index, how many fields so far, its first line.
    size_t current_first, current_fields;
    int64_t current_line;
    // The line the next byte is on (libcsv does not count lines), and whether the last line
    // end seen was a CR, whose LF (CRLF) ends the same line.
    int64_t line;
    int last_was_cr;
    // Tab-separated text: inside a row (a field ended on this line), and the start of a field
    // cut by the end of the last chunk.
    int tsv_in_row;
    unsigned char *pending;
    size_t pending_count, pending_capacity;
    // Comma-separated text: the start of a line cut by the end of the last chunk.
    unsigned char *carry;
    size_t carry_count, carry_capacity;

    int64_t error_line, error_field;
    // Every line through libcsv (tests compare the shortcuts with it).
    int libcsv_only;
};

// MARK: - Growing the buffers

static int reserve(void **buffer, size_t *capacity, size_t needed, size_t element) {
    if (needed <= *capacity) return 1;
    size_t larger = *capacity ? *capacity : 64;
    while (larger < needed) larger *= 2;
    void *moved = realloc(*buffer, larger * element);
    if (!moved) return 0;
    *buffer = moved;
    *capacity = larger;
    return 1;
}

static void fail(op_csv *r, op_csv_status status, int64_t line, int64_t field) {
    if (r->status != OP_CSV_OK) return;
    r->status = status;
    r->error_line = line;
    r->error_field = field;
}

// MARK: - Lines and UTF-8

/// Line ends in `s[0..<n]`: LF, CR not followed by LF, CRLF once.
static int64_t line_ends(const unsigned char *s, size_t n) {
    int64_t count = 0;
    const unsigned char *p = s, *end = s + n;
    while (p < end) {
        const unsigned char *lf = memchr(p, '\n', (size_t)(end - p));
        const unsigned char *stop = lf ? lf : end;
        // Lone CRs before the next LF (a CR right before that LF belongs to it).
        const unsigned char *c = memchr(p, '\r', (size_t)(stop - p));
        for (; c; c = memchr(c + 1, '\r', (size_t)(stop - c - 1))) {
            if (c + 1 != lf) count++;
            if (c + 1 >= stop) break;
        }
        if (!lf) break;
        count++;
        p = lf + 1;
    }
    return count;
}

/// The offset of the first byte that does not begin a valid UTF-8 sequence (as Swift's
/// `String(validating:as: UTF8.self)` judges: no overlong forms, surrogates or values past
/// U+10FFFF), or `n` when all of `s[0..<n]` is UTF-8.
static size_t utf8_invalid_at(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
#if defined(__SSE2__)
        // ASCII sixteen bytes at a time (a line with one accented name is mostly ASCII), then
        // straight to the first byte past ASCII.
        while (i + 16 <= n) {
            const unsigned high = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)));
            if (high) {
                i += (size_t)__builtin_ctz(high);
                break;
            }
            i += 16;
        }
#endif
        while (i + 8 <= n) {
            uint64_t word;
            memcpy(&word, s + i, 8);
            if (word & 0x8080808080808080ULL) break;
            i += 8;
        }
        if (i >= n) break;
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned char low = 0x80, high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) need = 1;
        else if (c == 0xE0) { need = 2; low = 0xA0; }
        else if (c >= 0xE1 && c <= 0xEC) need = 2;
        else if (c == 0xED) { need = 2; high = 0x9F; }
        else if (c >= 0xEE && c <= 0xEF) need = 2;
        else if (c == 0xF0) { need = 3; low = 0x90; }
        else if (c >= 0xF1 && c <= 0xF3) need = 3;
        else if (c == 0xF4) { need = 3; high = 0x8F; }
        else return i;
        if (i + need >= n) return i;
        if (s[i + 1] < low || s[i + 1] > high) return i;
        for (size_t k = 2; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return i;
        }
        i += need + 1;
    }
    return n;
}

// MARK: - Fields and rows

static void add_field(op_csv *r, const unsigned char *s, size_t n) {
    if (r->status != OP_CSV_OK) return;
    if (r->current_fields == 0) r->current_line = r->line;
    size_t bad = utf8_invalid_at(s, n);
    if (bad < n) {
        fail(r, OP_CSV_NOT_UTF8, r->line + line_ends(s, bad), (int64_t)r->current_fields + 1);
        return;
    }
    if (memchr(s, '\n', n) || memchr(s, '\r', n)) r->line += line_ends(s, n);
    if (!reserve((void **)&r->bytes, &r->byte_capacity, r->byte_count + n, 1)
        || !reserve((void **)&r->starts, &r->starts_capacity, r->field_count + 1, sizeof(size_t))
        || !reserve((void **)&r->ends, &r->ends_capacity, r->field_count + 1, sizeof(size_t))) {
        fail(r, OP_CSV_NO_MEMORY, r->line, 0);
        return;
    }
    if (n) memcpy(r->bytes + r->byte_count, s, n);
    r->starts[r->field_count] = r->byte_count;
    r->byte_count += n;
    r->ends[r->field_count] = r->byte_count;
    r->field_count++;
    r->current_fields++;
    r->last_was_cr = 0;
}

/// The end of a row (`c` is the CR or LF that ended it, or -1 at the end of the file), or,
/// with no field read since the last, a line end outside any row (a blank line, or the LF of
/// a CRLF).
static void end_row(op_csv *r, int c) {
    if (r->status != OP_CSV_OK) return;
    if (r->current_fields > 0) {
        size_t first = r->current_first;
        int blank = r->current_fields == 1 && r->ends[first] == r->starts[first];
        if (blank) {
            // A line holding one empty field ("" or nothing) is blank, as before.
            r->field_count = first;
            r->byte_count = r->starts[first];
        } else {
            size_t row = r->row_count;
            if (!reserve((void **)&r->row_lines, &r->lines_capacity, row + 1, sizeof(int64_t))
                || !reserve((void **)&r->row_first, &r->first_capacity, row + 1, sizeof(size_t))
                || !reserve((void **)&r->row_fields, &r->fields_capacity, row + 1, sizeof(size_t))) {
                fail(r, OP_CSV_NO_MEMORY, r->line, 0);
                return;
            }
            r->row_lines[row] = r->current_line;
            r->row_first[row] = first;
            r->row_fields[row] = r->current_fields;
            r->row_count++;
        }
        r->current_first = r->field_count;
        r->current_fields = 0;
        if (c == '\r' || c == '\n') r->line++;
        r->last_was_cr = c == '\r';
        return;
    }
    if (c == '\n' && r->last_was_cr) {
        r->last_was_cr = 0;
    } else if (c == '\r' || c == '\n') {
        r->line++;
        r->last_was_cr = c == '\r';
    }
}

static void field_callback(void *s, size_t n, void *data) { add_field((op_csv *)data, (const unsigned char *)s, n); }

static void row_callback(int c, void *data) { end_row((op_csv *)data, c); }

// MARK: - Tab-separated text

/// One field of tab-separated text ends at `s[0..<n]` (after what waits in `pending`); `line_end`
/// when it also ends its line (a CR before the LF is dropped). An empty line is no row.
static void end_tab_field(op_csv *r, const unsigned char *s, size_t n, int line_end) {
    const unsigned char *field = s;
    size_t count = n;
    if (r->pending_count) {
        if (!reserve((void **)&r->pending, &r->pending_capacity, r->pending_count + n, 1)) {
            fail(r, OP_CSV_NO_MEMORY, r->line, 0);
            return;
        }
        memcpy(r->pending + r->pending_count, s, n);
        field = r->pending;
        count = r->pending_count + n;
        r->pending_count = 0;
    }
    if (line_end && count > 0 && field[count - 1] == '\r') count--;
    if (line_end && !r->tsv_in_row && count == 0) {
        r->line++;
        return;
    }
    add_field(r, field, count);
    r->tsv_in_row = !line_end;
    if (line_end) end_row(r, '\n');
}

/// Splits on tabs and LFs; no quoting at all.
static op_csv_status feed_tabs(op_csv *r, const unsigned char *s, size_t n) {
    size_t start = 0;
    for (size_t i = 0; i < n && r->status == OP_CSV_OK; i++) {
        unsigned char c = s[i];
        if (c != '\t' && c != '\n') continue;
        end_tab_field(r, s + start, i - start, c == '\n');
        start = i + 1;
    }
    if (r->status != OP_CSV_OK || start == n) return r->status;
    size_t rest = n - start;
    if (r->pending_count + rest > OP_CSV_MAX_FIELD) {
        fail(r, OP_CSV_FIELD_TOO_LARGE, r->line, (int64_t)r->current_fields + 1);
        return r->status;
    }
    if (!reserve((void **)&r->pending, &r->pending_capacity, r->pending_count + rest, 1)) {
        fail(r, OP_CSV_NO_MEMORY, r->line, 0);
        return r->status;
    }
    memcpy(r->pending + r->pending_count, s + start, rest);
    r->pending_count += rest;
    return r->status;
}

// MARK: - The reader

static int never_space(unsigned char c) {
    (void)c;
    return 0;
}

op_csv *op_csv_new(unsigned char delimiter) {
    op_csv *r = calloc(1, sizeof(op_csv));
    if (!r) return NULL;
    r->delimiter = delimiter;
    r->line = 1;
    if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0) {
        free(r);
        return NULL;
    }
    csv_set_delim(&r->parser, delimiter);
    // Spaces are data: libcsv would trim them around unquoted fields by default.
    csv_set_space_func(&r->parser, never_space);
    return r;
}

void op_csv_read_all_with_libcsv(op_csv *r) { r->libcsv_only = 1; }

void op_csv_free(op_csv *r) {
    if (!r) return;
    csv_free(&r->parser);
    free(r->bytes);
    free(r->starts);
    free(r->ends);
    free(r->row_lines);
    free(r->row_first);
    free(r->row_fields);
    free(r->pending);
    free(r->carry);
    free(r);
}

/// The line and field of a byte libcsv refused: the lines ended so far, plus those inside the
/// field it was reading (still in its own buffer).
static void locate_parse_error(op_csv *r, op_csv_status status) {
    int64_t line = r->line + line_ends(r->parser.entry_buf, r->parser.entry_pos);
    fail(r, status, line, (int64_t)r->current_fields + 1);
}

/// Hands `s[0..<n]` to libcsv.
static void parse_with_libcsv(op_csv *r, const unsigned char *s, size_t n) {
    size_t done = csv_parse(&r->parser, s, n, field_callback, row_callback, r);
    if (r->status != OP_CSV_OK) return;
    if (done < n) {
        if (csv_error(&r->parser) == CSV_EPARSE) {
            locate_parse_error(r, r->parser.quoted ? OP_CSV_TEXT_AFTER_QUOTE : OP_CSV_QUOTE_IN_UNQUOTED);
        } else {
            fail(r, OP_CSV_NO_MEMORY, r->line, 0);
        }
        return;
    }
    if (r->parser.entry_pos > OP_CSV_MAX_FIELD) {
        fail(r, OP_CSV_FIELD_TOO_LARGE, r->line, (int64_t)r->current_fields + 1);
    }
}

/// Lines up to this many bytes are split through bit masks (`split_line`); longer ones (none
/// in a real export) byte by byte (`split_quoted_line`).
#define OP_CSV_MASK_WORDS 64

/// The first set bit of `mask` at or after `from` and before `end`, or `end`.
static inline size_t next_bit(const uint64_t *mask, size_t from, size_t end) {
    if (from >= end) return end;
    size_t word_index = from >> 6;
    const size_t words = (end + 63) >> 6;
    uint64_t word = mask[word_index] & (~(uint64_t)0 << (from & 63));
    while (!word) {
        if (++word_index >= words) return end;
        word = mask[word_index];
    }
    const size_t at = (word_index << 6) + (size_t)__builtin_ctzll(word);
    return at < end ? at : end;
}

/// A whole line between records (`s[0..<n]`, without its line end), split as libcsv would
/// deliver it — quotes removed from quoted fields — without libcsv's per-byte cost (it copies
/// and classifies every byte). Returns 0, having changed nothing, for what libcsv must read and
/// judge: a CR in the line, a quote inside an unquoted field, text after a closing quote, a
/// quoted field left open (a line break inside it). Returns 1 once the line is taken (or
/// refused as not UTF-8, with the field of the first bad byte).
///
/// One pass marks the delimiters and quotes in bit masks (with SSE2 sixteen bytes at a time)
/// and notes CRs and bytes past ASCII; fields are then taken from the masks, a bit scan per
/// field (a Shopify row has a delimiter every ~5 bytes, and a third of its rows quote a
/// field). The line is copied once, whole: a quoted field is the bytes between its quotes,
/// closed up over its doubled quotes (`"8"" pan"`). Lines too long for the masks go to
/// `split_quoted_line`. The UTF-8 check runs only on a line that
/// has a byte past ASCII, before anything is kept: a refused line leaves no field behind.
static int split_quoted_line(op_csv *r, const unsigned char *s, size_t n);

static int split_line(op_csv *r, const unsigned char *s, size_t n) {
    if (n == 0) {
        r->line++;
        r->last_was_cr = 0;
        return 1;
    }
    if (n > OP_CSV_MASK_WORDS * 64) return !memchr(s, '\r', n) && split_quoted_line(r, s, n);
    uint64_t delimiters[OP_CSV_MASK_WORDS], quotes[OP_CSV_MASK_WORDS];
    const size_t words = (n + 63) >> 6;
    memset(delimiters, 0, words * sizeof(uint64_t));
    memset(quotes, 0, words * sizeof(uint64_t));
    const unsigned char delimiter = r->delimiter;
    unsigned returns = 0, high = 0;
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i delimiter_bytes = _mm_set1_epi8((char)delimiter);
    const __m128i quote_bytes = _mm_set1_epi8('"');
    const __m128i return_bytes = _mm_set1_epi8('\r');
    for (; i + 16 <= n; i += 16) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        const unsigned shift = (unsigned)(i & 63);
        delimiters[i >> 6] |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, delimiter_bytes)) << shift;
        quotes[i >> 6] |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote_bytes)) << shift;
        returns |= (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, return_bytes));
        high |= (unsigned)_mm_movemask_epi8(v);
    }
#endif
    for (; i < n; i++) {
        const unsigned char c = s[i];
        delimiters[i >> 6] |= (uint64_t)(c == delimiter) << (i & 63);
        quotes[i >> 6] |= (uint64_t)(c == '"') << (i & 63);
        returns |= c == '\r';
        high |= c & 0x80;
    }
    if (returns) return 0;
    // At most n + 1 fields: room for them all at once, so taking them never stops to grow.
    if (!reserve((void **)&r->bytes, &r->byte_capacity, r->byte_count + n, 1)
        || !reserve((void **)&r->starts, &r->starts_capacity, r->field_count + n + 1, sizeof(size_t))
        || !reserve((void **)&r->ends, &r->ends_capacity, r->field_count + n + 1, sizeof(size_t))) {
        fail(r, OP_CSV_NO_MEMORY, r->line, 0);
        return 1;
    }
    const size_t base = r->byte_count;
    // The line's copy, kept only if the line is taken (`byte_count` moves at the end).
    unsigned char *const copy = r->bytes + base;
    memcpy(copy, s, n);
    size_t *starts = r->starts + r->field_count, *ends = r->ends + r->field_count;
    size_t fields = 0;
    int quoted = 0;
    for (size_t w = 0; w < words && !quoted; w++) quoted = quotes[w] != 0;
    if (!quoted) {
        // No quote: the fields are the bytes between delimiters.
        size_t start = 0;
        for (size_t w = 0; w < words; w++) {
            for (uint64_t mask = delimiters[w]; mask; mask &= mask - 1) {
                const size_t at = (w << 6) + (size_t)__builtin_ctzll(mask);
                starts[fields] = base + start;
                ends[fields] = base + at;
                fields++;
                start = at + 1;
            }
        }
        starts[fields] = base + start;
        ends[fields] = base + n;
        fields++;
    } else {
        // The next quote is looked up once per quoted field, not once per field: an unquoted
        // field is refused only if that quote falls inside it.
        size_t next_quote = next_bit(quotes, 0, n);
        i = 0;
        for (;;) {
            size_t start, end;
            if (i < n && i == next_quote) {
                // The bytes between the quotes, each doubled quote made single: written over
                // the line's copy (`out` never passes `from`, and reads are from `s`).
                size_t from = i + 1, out = i + 1, quote;
                for (;;) {
                    quote = next_bit(quotes, from, n);
                    if (quote >= n) return 0;  // left open: its line break is inside the field
                    if (out != from) memmove(copy + out, s + from, quote - from);
                    out += quote - from;
                    if (quote + 1 < n && s[quote + 1] == '"') {
                        copy[out++] = '"';
                        from = quote + 2;
                        continue;
                    }
                    break;
                }
                if (quote + 1 < n && s[quote + 1] != delimiter) return 0;  // text after the closing quote
                start = i + 1;
                end = out;
                i = quote + 1;
                next_quote = next_bit(quotes, i, n);
            } else {
                const size_t next = next_bit(delimiters, i, n);
                if (next_quote < next) return 0;  // a quote inside an unquoted field
                start = i;
                end = next;
                i = next;
            }
            starts[fields] = base + start;
            ends[fields] = base + end;
            fields++;
            if (i >= n) break;
            i++;  // the delimiter
        }
    }
    if (high) {
        size_t bad = utf8_invalid_at(s, n);
        if (bad < n) {
            if (quoted) return 0;  // libcsv reads it and names the field
            int64_t field = 1;
            for (size_t k = 0; k < bad; k++) field += s[k] == delimiter;
            fail(r, OP_CSV_NOT_UTF8, r->line, field);
            return 1;
        }
    }
    r->byte_count += n;
    r->field_count += fields;
    r->current_fields += fields;
    r->current_line = r->line;
    r->last_was_cr = 0;
    end_row(r, '\n');
    return 1;
}

/// A whole line between records whose quoted fields all open and close on it (`"a, b"`,
/// `"8"" pan"`): its fields as libcsv would deliver them (quotes removed, doubled quotes made
/// single), without libcsv's per-byte cost. Returns 0, having changed nothing, for anything
/// else — a quote inside an unquoted field, text after a closing quote, a quoted field left
/// open (a line break inside it), bytes that are not UTF-8 — which libcsv then reads and judges.
/// `s[0..<n]` is the line without its line end.
static int split_quoted_line(op_csv *r, const unsigned char *s, size_t n) {
    if (utf8_invalid_at(s, n) < n) return 0;
    if (!reserve((void **)&r->bytes, &r->byte_capacity, r->byte_count + n, 1)) return 0;
    const size_t saved_bytes = r->byte_count, saved_fields = r->field_count, saved_current = r->current_fields;
    const unsigned char delimiter = r->delimiter;
    size_t i = 0;
    for (;;) {
        size_t start = r->byte_count;
        if (i < n && s[i] == '"') {
            i++;
            for (;;) {
                const unsigned char *quote = memchr(s + i, '"', n - i);
                if (!quote) goto refuse;  // left open: its line break is inside the field
                size_t upto = (size_t)(quote - s);
                memcpy(r->bytes + r->byte_count, s + i, upto - i);
                r->byte_count += upto - i;
                i = upto + 1;
                if (i < n && s[i] == '"') {
                    r->bytes[r->byte_count++] = '"';
                    i++;
                    continue;
                }
                break;
            }
            if (i < n && s[i] != delimiter) goto refuse;  // text after the closing quote
        } else {
            size_t from = i;
            while (i < n && s[i] != delimiter) {
                if (s[i] == '"') goto refuse;  // a quote inside an unquoted field
                i++;
            }
            memcpy(r->bytes + r->byte_count, s + from, i - from);
            r->byte_count += i - from;
        }
        if (r->field_count == r->starts_capacity
            && (!reserve((void **)&r->starts, &r->starts_capacity, r->field_count + 1, sizeof(size_t))
                || !reserve((void **)&r->ends, &r->ends_capacity, r->field_count + 1, sizeof(size_t)))) {
            goto refuse;
        }
        r->starts[r->field_count] = start;
        r->ends[r->field_count] = r->byte_count;
        r->field_count++;
        r->current_fields++;
        if (i >= n) break;
        i++;  // the delimiter
    }
    r->current_line = r->line;
    r->last_was_cr = 0;
    end_row(r, '\n');
    return 1;
refuse:
    r->byte_count = saved_bytes;
    r->field_count = saved_fields;
    r->current_fields = saved_current;
    return 0;
}

/// One physical line, with its LF if it has one (the file's last line may not).
static void take_line(op_csv *r, const unsigned char *s, size_t n) {
    size_t body = n && s[n - 1] == '\n' ? n - 1 : n;
    const int between_records = r->parser.pstate == 0 && r->current_fields == 0 && !r->libcsv_only;
    if (between_records) {
        // A CR is allowed only as the CR of a final CRLF.
        size_t line = body < n && body && s[body - 1] == '\r' ? body - 1 : body;
        if (split_line(r, s, line)) return;
    }
    parse_with_libcsv(r, s, n);
}

op_csv_status op_csv_feed(op_csv *r, const unsigned char *s, size_t n) {
    if (r->status != OP_CSV_OK) return r->status;
    if (r->delimiter == '\t') return feed_tabs(r, s, n);
    const unsigned char *p = s, *end = s + n;
    if (r->carry_count) {
        const unsigned char *lf = memchr(p, '\n', (size_t)(end - p));
        size_t take = lf ? (size_t)(lf - p) + 1 : (size_t)(end - p);
        if (r->carry_count + take > OP_CSV_MAX_LINE) {
            fail(r, OP_CSV_FIELD_TOO_LARGE, r->line, 0);
            return r->status;
        }
        if (!reserve((void **)&r->carry, &r->carry_capacity, r->carry_count + take, 1)) {
            fail(r, OP_CSV_NO_MEMORY, r->line, 0);
            return r->status;
        }
        memcpy(r->carry + r->carry_count, p, take);
        r->carry_count += take;
        if (!lf) return r->status;
        size_t count = r->carry_count;
        r->carry_count = 0;
        take_line(r, r->carry, count);
        p = lf + 1;
    }
    while (p < end && r->status == OP_CSV_OK) {
        const unsigned char *lf = memchr(p, '\n', (size_t)(end - p));
        if (!lf) {
            size_t rest = (size_t)(end - p);
            if (!reserve((void **)&r->carry, &r->carry_capacity, rest, 1)) {
                fail(r, OP_CSV_NO_MEMORY, r->line, 0);
                break;
            }
            memcpy(r->carry, p, rest);
            r->carry_count = rest;
            break;
        }
        take_line(r, p, (size_t)(lf - p) + 1);
        p = lf + 1;
    }
    return r->status;
}

op_csv_status op_csv_finish(op_csv *r) {
    if (r->status != OP_CSV_OK) return r->status;
    if (r->delimiter == '\t') {
        // The last line has no line end after it.
        if (r->tsv_in_row || r->pending_count) end_tab_field(r, (const unsigned char *)"", 0, 1);
        return r->status;
    }
    if (r->carry_count) {
        size_t count = r->carry_count;
        r->carry_count = 0;
        take_line(r, r->carry, count);
        if (r->status != OP_CSV_OK) return r->status;
    }
    if (csv_fini(&r->parser, field_callback, row_callback, r) != 0) {
        fail(r, OP_CSV_UNCLOSED_QUOTE, r->line, (int64_t)r->current_fields + 1);
    }
    return r->status;
}

int64_t op_csv_error_line(const op_csv *r) { return r->error_line; }
int64_t op_csv_error_field(const op_csv *r) { return r->error_field; }
size_t op_csv_row_count(const op_csv *r) { return r->row_count; }
int64_t op_csv_row_line(const op_csv *r, size_t row) { return r->row_lines[row]; }
size_t op_csv_row_fields(const op_csv *r, size_t row) { return r->row_fields[row]; }
size_t op_csv_row_first_field(const op_csv *r, size_t row) { return r->row_first[row]; }
const unsigned char *op_csv_bytes(const op_csv *r) { return r->bytes; }
const size_t *op_csv_field_starts(const op_csv *r) { return r->starts; }
const size_t *op_csv_field_ends(const op_csv *r) { return r->ends; }

void op_csv_take_rows(op_csv *r) {
    // Keep the fields of the row being read, moved to the front.
    size_t first = r->current_first;
    size_t keep = r->field_count - first;
    size_t byte_start = keep ? r->starts[first] : r->byte_count;
    size_t byte_keep = r->byte_count - byte_start;
    if (byte_keep) memmove(r->bytes, r->bytes + byte_start, byte_keep);
    for (size_t i = 0; i < keep; i++) {
        r->starts[i] = r->starts[first + i] - byte_start;
        r->ends[i] = r->ends[first + i] - byte_start;
    }
    r->byte_count = byte_keep;
    r->field_count = keep;
    r->current_first = 0;
    r->row_count = 0;
}
