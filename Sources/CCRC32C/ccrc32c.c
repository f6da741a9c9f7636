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
    const unsigned char *p = bytes;
    uint64_t value = crc;
    while (count >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        value = __builtin_ia32_crc32di(value, word);
        p += 8;
        count -= 8;
    }
    uint32_t low = (uint32_t)value;
    while (count > 0) {
        low = __builtin_ia32_crc32qi(low, *p);
        p += 1;
        count -= 1;
    }
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
