import OnePoolCore
import OnePoolTestSupport
import Testing

/// `Change.kinds` is what `log --kind` accepts and lists: every kind a stream can hold is in it.
@Suite struct ChangeKindTests {
    @Test func everyKindOfARandomStreamIsListed() {
        var random = RandomChanges(seed: 11)
        let kinds = Set(random.events(count: 3000).map(\.change.kind))
        #expect(kinds.count > 15)
        #expect(
            kinds.subtracting(Change.kinds).isEmpty, "not in Change.kinds: \(kinds.subtracting(Change.kinds).sorted())")
        #expect(Set(Change.kinds).count == Change.kinds.count)
    }
}
