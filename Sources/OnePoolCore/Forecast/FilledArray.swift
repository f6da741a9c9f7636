/// `Array(repeating: value, count: count)`, the same array, without the standard library's
/// unspecialised allocation behind that initialiser: it looks the array's storage type up at
/// every call (about 600 instructions under callgrind, more than filling a forecast path of a few
/// dozen doubles). Reserving and appending are specialised where this is inlined. The backtest
/// makes millions of these small arrays (a flat path per method and origin, phase sums per origin).
@inline(__always)
func filledArray<Element>(_ value: Element, count: Int) -> [Element] {
    var result: [Element] = []
    result.reserveCapacity(count)
    for _ in 0..<count { result.append(value) }
    return result
}
