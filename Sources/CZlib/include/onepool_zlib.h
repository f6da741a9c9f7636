#ifndef ONEPOOL_ZLIB_H
#define ONEPOOL_ZLIB_H

#include <stddef.h>
#include <stdint.h>

/* Results of the calls below. */
enum {
    ONEPOOL_Z_OK = 0,
    /* The input is not gzip (or zlib) data, or it is damaged. */
    ONEPOOL_Z_DATA = 1,
    /* The input ends before the compressed stream does. */
    ONEPOOL_Z_TRUNCATED = 2,
    /* Inflating would pass the caller's limit (a damaged or hostile document). */
    ONEPOOL_Z_TOO_LARGE = 3,
    /* Memory could not be had. */
    ONEPOOL_Z_MEMORY = 4
};

/* Inflates a gzip member (or zlib stream) into a buffer from malloc, of at most `limit` bytes.
   On ONEPOOL_Z_OK, *out holds *out_length bytes: release it with onepool_z_free. */
int onepool_gunzip(const uint8_t *in, size_t in_length, size_t limit, uint8_t **out, size_t *out_length);

/* Deflates into a gzip member (for test servers), released with onepool_z_free. */
int onepool_gzip(const uint8_t *in, size_t in_length, uint8_t **out, size_t *out_length);

void onepool_z_free(void *buffer);

#endif
