/// The open order lines by id: a dictionary split in `partCount` parts by the id's hash, so that
/// growing it never holds two layouts of the whole table at once.
///
/// Why split: a `Dictionary` grows by allocating its doubled layout and moving every entry into
/// it, so while it doubles both layouts are resident. The open lines are the largest dictionary
/// of the state (a 5M-line import keeps ~240,000 open: a 41 MB layout doubling to 82 MB), and
/// that doubling was the peak of a long import's memory once the idempotency keys and shipped
/// lines grew in place (`SlotBuffer`). Split in 16, one part doubles at a time and the transient
/// is a sixteenth of the table. The parts are ordinary dictionaries, so lookups, `_modify` and
/// removal keep the standard library's tested behaviour; only the part is chosen here.
///
/// The order of iteration is unspecified, as a dictionary's is. Two tables with the same entries
/// are equal (an id's part depends only on the id).
public struct OpenLineTable: Sendable {
    public typealias Part = [OrderLineID: OpenOrderLine]

    /// 16: at the largest store measured (5M lines) a part is ~5 MB, small beside the state; more
    /// parts only add empty dictionaries to every small store's value.
    @usableFromInline static let partCount = 16

    /// Always `partCount` parts; the entry for an id is in `part(of: id)`.
    @usableFromInline var parts: [Part]

    public init() { parts = Array(repeating: [:], count: Self.partCount) }

    public init(_ lines: [OrderLineID: OpenOrderLine]) {
        self.init()
        reserveCapacity(lines.count)
        for (id, line) in lines { self[id] = line }
    }

    /// Room for `count` lines in all without growing, as the parts share them (each part gets
    /// its expected share and a margin of four standard deviations of a uniform spread).
    public mutating func reserveCapacity(_ count: Int) {
        guard count > 0 else { return }
        let share = count / Self.partCount
        let margin = 4 * Int(Double(share).squareRoot()) + 8
        for index in parts.indices { parts[index].reserveCapacity(share + margin) }
    }

    /// The part `id` lives in: the top bits of its stored hash (`TextHash`'s multiply-fold, so
    /// its top bits are as even as its low ones). The dictionaries spread the same hash again
    /// their own way (`_rawHashValue`), so a part's entries still fill its buckets evenly.
    ///
    /// The lookups are `@inlinable`: the import plans from another module, and a call per
    /// lookup plus a part chosen through a call cost it 0.7% of its instructions (callgrind).
    @inlinable @inline(__always)
    static func part(of id: OrderLineID) -> Int {
        Int(truncatingIfNeeded: UInt64(truncatingIfNeeded: id.storedHash) &>> 60)
    }

    @inlinable
    public subscript(id: OrderLineID) -> OpenOrderLine? {
        get { parts[Self.part(of: id)][id] }
        set { parts[Self.part(of: id)][id] = newValue }
        _modify { yield &parts[Self.part(of: id)][id] }
    }

    @discardableResult
    public mutating func updateValue(_ line: OpenOrderLine, forKey id: OrderLineID) -> OpenOrderLine? {
        parts[Self.part(of: id)].updateValue(line, forKey: id)
    }

    @inlinable
    public func index(forKey id: OrderLineID) -> Index? {
        let part = Self.part(of: id)
        return parts[part].index(forKey: id).map { Index(part: part, position: $0) }
    }

    /// The line at `index` (from `index(forKey:)`), changed where it lies.
    @inlinable
    public subscript(valueAt index: Index) -> OpenOrderLine {
        get { parts[index.part].values[index.position] }
        _modify { yield &parts[index.part].values[index.position] }
    }

    @discardableResult
    public mutating func remove(at index: Index) -> Element {
        parts[index.part].remove(at: index.position)
    }

    public mutating func removeAll() {
        for index in parts.indices { parts[index].removeAll() }
    }

    public var keys: LazyMapSequence<OpenLineTable, OrderLineID> { lazy.map(\.key) }
    public var values: LazyMapSequence<OpenLineTable, OpenOrderLine> { lazy.map(\.value) }
}

extension OpenLineTable: Collection {
    public typealias Element = (key: OrderLineID, value: OpenOrderLine)

    /// A part and a position in it. Every index but `endIndex` names an entry; `endIndex` is the
    /// last part's end.
    public struct Index: Comparable, Sendable {
        @usableFromInline let part: Int
        @usableFromInline let position: Part.Index

        @inlinable init(part: Int, position: Part.Index) {
            self.part = part
            self.position = position
        }

        public static func < (lhs: Index, rhs: Index) -> Bool {
            lhs.part != rhs.part ? lhs.part < rhs.part : lhs.position < rhs.position
        }
    }

    public var startIndex: Index { firstEntry(from: 0) }

    public var endIndex: Index {
        let last = Self.partCount - 1
        return Index(part: last, position: parts[last].endIndex)
    }

    public func index(after index: Index) -> Index {
        let next = parts[index.part].index(after: index.position)
        if next != parts[index.part].endIndex || index.part == Self.partCount - 1 {
            return Index(part: index.part, position: next)
        }
        return firstEntry(from: index.part + 1)
    }

    public subscript(index: Index) -> Element { parts[index.part][index.position] }

    public var count: Int { parts.reduce(0) { $0 + $1.count } }

    public var isEmpty: Bool { parts.allSatisfy(\.isEmpty) }

    /// The first entry in part `first` or after it, else `endIndex`.
    private func firstEntry(from first: Int) -> Index {
        for part in first..<Self.partCount where !parts[part].isEmpty {
            return Index(part: part, position: parts[part].startIndex)
        }
        return endIndex
    }
}

extension OpenLineTable: Equatable {
    public static func == (lhs: OpenLineTable, rhs: OpenLineTable) -> Bool { lhs.parts == rhs.parts }
}

extension OpenLineTable: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (OrderLineID, OpenOrderLine)...) {
        self.init()
        for (id, line) in elements { self[id] = line }
    }
}
