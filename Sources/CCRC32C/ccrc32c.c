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

// a * b modulo CRC-32C's polynomial, both bit-reflected as the CRC register is (zlib's
// `multmodp`): what shifting a register over zeros does, used to join CRCs of adjacent blocks.
static uint32_t multiply_modulo_polynomial(uint32_t a, uint32_t b) {
    uint32_t m = (uint32_t)1 << 31, product = 0;
    for (;;) {
        if (a & m) {
            product ^= b;
            if ((a & (m - 1)) == 0) break;
        }
        m >>= 1;
        b = (b & 1) ? (b >> 1) ^ 0x82F63B78u : b >> 1;
    }
    return product;
}

// Three blocks of this many bytes are checksummed side by side (see below).
enum { interleaved_block = 4096 };
// x^(8 * interleaved_block) and x^(16 * interleaved_block) modulo the polynomial, reflected:
// the shifts over one and two blocks (computed once with the function above and checked by
// CRC32CTests against the byte-by-byte CRC).
static const uint32_t shift_one_block = 0x35d73a62u;
static const uint32_t shift_two_blocks = 0x28461564u;

__attribute__((target("sse4.2")))
uint32_t onepool_crc32c_update(uint32_t crc, const void *bytes, size_t count) {
    // Eight bytes a step, four steps a loop (replay checksums every record, ~90 bytes each),
    // then the last 0-7 bytes as four, two and one: the instruction takes the bytes of a wider
    // operand in memory order, so the value is the byte-by-byte one.
    const unsigned char *p = bytes;
    const unsigned char *end = p + count;
    uint64_t value = crc;
    // Long inputs (an imported file's chunks, snapshots) as three independent chains: the
    // instruction's latency is three cycles and its throughput one a cycle, so one chain runs at
    // a third of the speed the CPU has. The register is linear: CRC(a, A B C) is A's CRC shifted
    // over B and C, plus B's (from zero) shifted over C, plus C's (from zero).
    while (end - p >= 3 * interleaved_block) {
        uint64_t first = value, second = 0, third = 0;
        for (size_t offset = 0; offset < interleaved_block; offset += 8) {
            uint64_t a, b, c;
            memcpy(&a, p + offset, 8);
            memcpy(&b, p + interleaved_block + offset, 8);
            memcpy(&c, p + 2 * interleaved_block + offset, 8);
            first = __builtin_ia32_crc32di(first, a);
            second = __builtin_ia32_crc32di(second, b);
            third = __builtin_ia32_crc32di(third, c);
        }
        value = multiply_modulo_polynomial((uint32_t)first, shift_two_blocks)
            ^ multiply_modulo_polynomial((uint32_t)second, shift_one_block) ^ (uint32_t)third;
        p += 3 * interleaved_block;
    }
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
