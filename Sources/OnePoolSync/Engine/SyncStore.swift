import OnePoolCore
import OnePoolStore

/// The store as the sync engine uses it: one `Store`, reached from one actor, so that the
/// channels working at the same time write their batches in turn (and each batch still takes
/// the store's own lock against other processes: the console, an import, a second sync).
actor SyncStore {
    private let store: Store
    let actor: UserName
    private let clock: @Sendable () -> Timestamp

    init(path: String, actor: UserName, clock: @escaping @Sendable () -> Timestamp) throws {
        store = try Store.open(at: path)
        self.actor = actor
        self.clock = clock
    }

    /// The newest state, including what other processes appended.
    func state() throws -> StockState {
        try store.refresh()
        return store.state
    }

    /// Appends what `decide` proposes against the newest state, as one durable batch; returns
    /// the events appended (none: nothing new, nothing written).
    @discardableResult
    func commit(_ decide: @Sendable (StockState) throws -> [ProposedChange]) throws -> [Event] {
        let commit = try store.transact(actor: actor, time: clock()) { state in (try decide(state), ()) }
        return commit.appended
    }

    /// `commit` for a plan that also says something to its caller.
    func commit<Result: Sendable>(
        _ decide: @Sendable (StockState) throws -> (changes: [ProposedChange], result: Result)
    ) throws -> (appended: [Event], result: Result) {
        let commit = try store.transact(actor: actor, time: clock(), decide)
        return (commit.appended, commit.result)
    }

    var now: Timestamp { clock() }

    private var warningsSeen = 0

    /// The store's warnings (a torn tail it cut off) not handed out before.
    func takeWarnings() -> [String] {
        let fresh = Array(store.warnings.dropFirst(warningsSeen))
        warningsSeen = store.warnings.count
        return fresh
    }

    var path: String { store.path }
}
