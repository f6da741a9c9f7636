import OnePoolTestSupport
import Testing

@testable import OnePoolStore

/// The store's checksums come from the CPU's CRC-32C instruction where it has one, and from
/// tables elsewhere: both must give the same value for every length, alignment and starting CRC,
/// or a store written on one machine would read as damaged on another. Every length to 40 and
/// those around a record's size: the instruction's route takes 32, 8, 4, 2 and 1 bytes a step.
@Suite struct CRC32CTests {
    @Test func theInstructionAndTheTablesAgree() {
        var random = SplitMix64(seed: 0xC5C3_2C)
        let bytes = (0..<4_200).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        bytes.withUnsafeBytes { all in
            for start in 0..<9 {
                for length in Array(0...40) + [63, 64, 65, 90, 91, 92, 93, 94, 95, 96, 97, 1_000, 4_000] {
                    let part = UnsafeRawBufferPointer(rebasing: all[start..<(start + length)])
                    for seed: UInt32 in [0, 0xE306_9283, .max] {
                        #expect(
                            CRC32C.checksum(part, continuing: seed) == CRC32C.softwareChecksum(part, continuing: seed))
                    }
                }
            }
        }
        let nine = Array("123456789".utf8)
        nine.withUnsafeBytes { #expect(CRC32C.softwareChecksum($0) == 0xE306_9283) }
        #expect(CRC32C.checksum(nine) == 0xE306_9283)
    }

    /// Inputs of three 4 KiB blocks and more run as three chains joined by shifts: every length
    /// around one, two and three groups of blocks, at odd alignments, from several starting CRCs.
    @Test func longInputsInThreeChainsAgreeWithTheTables() {
        var random = SplitMix64(seed: 0x3C4A_1D)
        let bytes = (0..<(3 * 3 * 4_096 + 64)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let group = 3 * 4_096
        let lengths = [group - 1, group, group + 1, group + 7, 2 * group - 9, 2 * group, 2 * group + 33, 3 * group]
        bytes.withUnsafeBytes { all in
            for start in [0, 1, 5, 13] {
                for length in lengths {
                    let part = UnsafeRawBufferPointer(rebasing: all[start..<(start + length)])
                    for seed: UInt32 in [0, 0x1234_5678, .max] {
                        #expect(
                            CRC32C.checksum(part, continuing: seed) == CRC32C.softwareChecksum(part, continuing: seed),
                            "start \(start), length \(length)")
                    }
                }
            }
        }
    }

    @Test func thisMachineUsesTheInstructionIfItHasIt() {
        #if arch(x86_64)
            // Every x86-64 CPU of the last fifteen years has SSE4.2; the project machine does.
            #expect(CRC32C.hasInstruction)
        #else
            #expect(!CRC32C.hasInstruction)
        #endif
    }
}
