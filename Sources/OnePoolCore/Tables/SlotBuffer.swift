#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The slots of an open-addressing hash table, in memory that grows in place (`realloc`), with
/// value semantics (copied on write, as an `Array` is).
///
/// Why not an `Array`: an array grows by allocating its new layout and copying into it, so while
/// a table doubles both layouts are resident — the peak of a long import was the largest table
/// held twice. A block as large as these tables is its own memory map in glibc, and `realloc`
/// of one moves its pages (`mremap`) instead of copying them: growing holds only the new slots.
/// `InPlaceRehash` then puts the entries where the larger mask wants them without a second
/// layout.
///
/// `Slot` must be a plain value (no references): slots are moved as bytes and freed without
/// deinitialising.
@usableFromInline
struct SlotBuffer<Slot>: @unchecked Sendable {
    // @unchecked: the slots are changed only through `withUnsafeMutableSlots` and `grow`, which
    // first make the memory this value's own (copy on write), so no two values ever share memory
    // that one of them changes.

    /// The slots. Kept here, not read through `owner`, so that a lookup reads no class property
    /// (each such read would be checked for exclusive access at run time).
    ///
    /// The reading path is `@inlinable`: replay touches a key's slot from OnePoolStore ahead of
    /// using it, dozens in a row so that their cache misses overlap, and that works only when the
    /// touch is a few instructions inlined there, not a call (a call per touch cost replay a third
    /// of its speed, measured).
    @usableFromInline private(set) var base: UnsafeMutablePointer<Slot>
    @usableFromInline private(set) var count: Int
    /// Frees the memory when the last value sharing it goes; tells whether it is shared.
    @usableFromInline var owner: SlotBufferOwner<Slot>

    /// `count` slots, each `empty`.
    init(count: Int, empty: Slot) {
        precondition(_isPOD(Slot.self), "SlotBuffer holds plain values only")
        base = Self.reallocated(nil, count: count)
        base.initialize(repeating: empty, count: count)
        self.count = count
        owner = SlotBufferOwner(base)
    }

    /// No slots.
    init() {
        precondition(_isPOD(Slot.self), "SlotBuffer holds plain values only")
        base = Self.reallocated(nil, count: 0)
        count = 0
        owner = SlotBufferOwner(base)
    }

    @inlinable
    subscript(index: Int) -> Slot {
        precondition(index >= 0 && index < count, "slot index out of range")
        return base[index]
    }

    @inlinable
    func withUnsafeSlots<R>(_ body: (UnsafeBufferPointer<Slot>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    @inlinable
    mutating func withUnsafeMutableSlots<R>(_ body: (UnsafeMutableBufferPointer<Slot>) throws -> R) rethrows -> R {
        if !isKnownUniquelyReferenced(&owner) { copy(to: count) }
        return try body(UnsafeMutableBufferPointer(start: base, count: count))
    }

    /// Grows to `count` slots (at least the present count), the new ones `empty`; the old slots
    /// keep their values and positions. Memory another value shares is copied instead.
    mutating func grow(to newCount: Int, empty: Slot) {
        let old = count
        precondition(newCount >= old, "a slot buffer only grows")
        if isKnownUniquelyReferenced(&owner) {
            base = Self.reallocated(base, count: newCount)
            owner.base = base
            count = newCount
        } else {
            copy(to: newCount)
        }
        (base + old).initialize(repeating: empty, count: newCount - old)
    }

    /// Makes the memory this value's own, with room for `newCount` slots (the old ones copied).
    @usableFromInline
    mutating func copy(to newCount: Int) {
        let fresh = Self.reallocated(nil, count: newCount)
        fresh.initialize(from: base, count: count)
        base = fresh
        count = newCount
        owner = SlotBufferOwner(fresh)
    }

    /// `realloc`, with a byte count checked for overflow; running out of memory stops the process
    /// as any allocation in Swift does.
    private static func reallocated(_ old: UnsafeMutablePointer<Slot>?, count: Int) -> UnsafeMutablePointer<Slot> {
        let (bytes, overflow) = max(1, count).multipliedReportingOverflow(by: MemoryLayout<Slot>.stride)
        precondition(!overflow, "slot buffer size overflows")
        guard let raw = realloc(old.map { UnsafeMutableRawPointer($0) }, bytes) else {
            fatalError("out of memory for \(bytes) bytes of slots")
        }
        return raw.bindMemory(to: Slot.self, capacity: max(1, count))
    }
}

/// Frees a `SlotBuffer`'s memory when the last value sharing it goes.
@usableFromInline
final class SlotBufferOwner<Slot> {
    var base: UnsafeMutablePointer<Slot>

    init(_ base: UnsafeMutablePointer<Slot>) { self.base = base }

    deinit { free(base) }
}
