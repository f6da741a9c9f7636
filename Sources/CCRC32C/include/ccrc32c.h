#ifndef ONEPOOL_CCRC32C_H
#define ONEPOOL_CCRC32C_H

#include <stddef.h>
#include <stdint.h>

/// Whether this CPU has the CRC-32C instruction (x86-64 SSE4.2). Checked once per process by
/// the caller; `onepool_crc32c_update` must not be called where this returns 0.
int onepool_crc32c_available(void);

/// Extends the raw CRC-32C register `crc` (no inversion before or after: the caller does those)
/// over `count` bytes at `bytes`, with the CPU's CRC-32C instruction.
uint32_t onepool_crc32c_update(uint32_t crc, const void *bytes, size_t count);

#endif
