// CRC-32C with the CPU's own instruction. Swift cannot emit it without building the whole
// module for SSE4.2 (and `_mm_crc32_u64` through the intrinsics module crashed the compiler
// without the target feature), so this function alone is compiled for it, and callers check
// `onepool_crc32c_available()` first: the rest of the program still runs on any x86-64.
#include "ccrc32c.h"

#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>

int onepool_crc32c_available(void) {
    unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    return (ecx & bit_SSE4_2) != 0;
}

__attribute__((target("sse4.2")))
uint32_t onepool_crc32c_update(uint32_t crc, const void *bytes, size_t count) {
    // Eight bytes a step, four steps a loop (replay checksums every record, ~90 bytes each),
    // then the last 0-7 bytes as four, two and one: the instruction takes the bytes of a wider
    // operand in memory order, so the value is the byte-by-byte one.
    const unsigned char *p = bytes;
    const unsigned char *end = p + count;
    uint64_t value = crc;
    while (end - p >= 32) {
        uint64_t words[4];
        memcpy(words, p, 32);
        value = __builtin_ia32_crc32di(value, words[0]);
        value = __builtin_ia32_crc32di(value, words[1]);
        value = __builtin_ia32_crc32di(value, words[2]);
        value = __builtin_ia32_crc32di(value, words[3]);
        p += 32;
    }
    while (end - p >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        value = __builtin_ia32_crc32di(value, word);
        p += 8;
    }
    uint32_t low = (uint32_t)value;
    if (end - p >= 4) {
        uint32_t word;
        memcpy(&word, p, 4);
        low = __builtin_ia32_crc32si(low, word);
        p += 4;
    }
    if (end - p >= 2) {
        uint16_t half;
        memcpy(&half, p, 2);
        low = __builtin_ia32_crc32hi(low, half);
        p += 2;
    }
    if (p < end) low = __builtin_ia32_crc32qi(low, *p);
    return low;
}

#else

int onepool_crc32c_available(void) { return 0; }

uint32_t onepool_crc32c_update(uint32_t crc, const void *bytes, size_t count) {
    (void)bytes;
    (void)count;
    return crc;
}

#endif
