/// Told how a pull or push advances, for a progress display; called on the syncing thread.
public protocol SyncProgress: AnyObject {
    /// Work begins: `total` items if known.
    func start(total: Int?)
    /// `count` more items are done; `note` says where (for a pull, the feed position).
    func advance(by count: Int, note: String?)
    /// The work ended, done or failed: anything drawn is cleared.
    func finish()
}
