// A thin shim over zlib: gzip in and out of whole buffers, so Swift needs none of zlib's macros
// (inflateInit2 is one) or its z_stream bookkeeping.
#include "onepool_zlib.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int onepool_gunzip(const uint8_t *in, size_t in_length, size_t limit, uint8_t **out, size_t *out_length) {
    *out = NULL;
    *out_length = 0;
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    /* 15 + 32: the largest window, and gzip or zlib recognised from the header. */
    if (inflateInit2(&stream, 15 + 32) != Z_OK) return ONEPOOL_Z_MEMORY;
    size_t capacity = in_length * 4 + 1024;
    if (capacity > limit + 1) capacity = limit + 1;
    uint8_t *buffer = malloc(capacity);
    if (buffer == NULL) {
        inflateEnd(&stream);
        return ONEPOOL_Z_MEMORY;
    }
    size_t produced = 0;
    size_t consumed = 0;
    int result = Z_OK;
    while (result != Z_STREAM_END) {
        if (produced == capacity) {
            if (capacity > limit) {
                free(buffer);
                inflateEnd(&stream);
                return ONEPOOL_Z_TOO_LARGE;
            }
            size_t larger = capacity * 2;
            if (larger > limit + 1) larger = limit + 1;
            uint8_t *grown = realloc(buffer, larger);
            if (grown == NULL) {
                free(buffer);
                inflateEnd(&stream);
                return ONEPOOL_Z_MEMORY;
            }
            buffer = grown;
            capacity = larger;
        }
        /* zlib counts in uInt: feed and drain at most 1 GiB at a time. */
        size_t in_chunk = in_length - consumed;
        if (in_chunk > (1u << 30)) in_chunk = 1u << 30;
        size_t out_chunk = capacity - produced;
        if (out_chunk > (1u << 30)) out_chunk = 1u << 30;
        stream.next_in = (Bytef *)(in + consumed);
        stream.avail_in = (uInt)in_chunk;
        stream.next_out = buffer + produced;
        stream.avail_out = (uInt)out_chunk;
        result = inflate(&stream, Z_NO_FLUSH);
        consumed += in_chunk - stream.avail_in;
        produced += out_chunk - stream.avail_out;
        if (result == Z_STREAM_END) break;
        if (result == Z_BUF_ERROR && consumed == in_length && stream.avail_out != 0) {
            free(buffer);
            inflateEnd(&stream);
            return ONEPOOL_Z_TRUNCATED;
        }
        if (result != Z_OK && result != Z_BUF_ERROR) {
            free(buffer);
            inflateEnd(&stream);
            return result == Z_MEM_ERROR ? ONEPOOL_Z_MEMORY : ONEPOOL_Z_DATA;
        }
        if (consumed == in_length && stream.avail_out != 0) {
            free(buffer);
            inflateEnd(&stream);
            return ONEPOOL_Z_TRUNCATED;
        }
    }
    inflateEnd(&stream);
    if (produced > limit) {
        free(buffer);
        return ONEPOOL_Z_TOO_LARGE;
    }
    *out = buffer;
    *out_length = produced;
    return ONEPOOL_Z_OK;
}

int onepool_gzip(const uint8_t *in, size_t in_length, uint8_t **out, size_t *out_length) {
    *out = NULL;
    *out_length = 0;
    if (in_length > (1u << 30)) return ONEPOOL_Z_TOO_LARGE;
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    /* 15 + 16: the largest window, with a gzip header and trailer. */
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        return ONEPOOL_Z_MEMORY;
    }
    size_t capacity = deflateBound(&stream, (uLong)in_length) + 32;
    uint8_t *buffer = malloc(capacity);
    if (buffer == NULL) {
        deflateEnd(&stream);
        return ONEPOOL_Z_MEMORY;
    }
    stream.next_in = (Bytef *)in;
    stream.avail_in = (uInt)in_length;
    stream.next_out = buffer;
    stream.avail_out = (uInt)capacity;
    int result = deflate(&stream, Z_FINISH);
    size_t produced = capacity - stream.avail_out;
    deflateEnd(&stream);
    if (result != Z_STREAM_END) {
        free(buffer);
        return ONEPOOL_Z_MEMORY;
    }
    *out = buffer;
    *out_length = produced;
    return ONEPOOL_Z_OK;
}

void onepool_z_free(void *buffer) { free(buffer); }
