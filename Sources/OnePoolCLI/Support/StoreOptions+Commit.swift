import OnePoolCore
import OnePoolStore

extension StoreOptions {
    /// Opens the store, appends what `decide` proposes in one durable batch, and reports the
    /// store's warnings (such as a torn tail it cut off) on standard error.
    func commit<Result>(
        as role: ActorRole = .operator, _ decide: (StockState) throws -> (changes: [ProposedChange], result: Result)
    ) throws -> (store: Store, commit: Commit<Result>) {
        let actor = try actor(role)
        let store = try openStore()
        let commit = try store.transact(actor: actor, time: Clock.now(), decide)
        store.takeNewWarnings().forEach(Console.warn)
        return (store, commit)
    }

    /// For verbs that append exactly one change: prints `done` or that nothing changed.
    func commitOne(
        _ change: Change, key: String? = nil, as role: ActorRole = .operator
    ) throws -> (store: Store, appended: Bool) {
        let (store, commit) = try commit(as: role) { _ in ([ProposedChange(change, idempotencyKey: key)], ()) }
        return (store, !commit.appended.isEmpty)
    }
}
