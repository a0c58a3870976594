namespace AuthKit.Tests.TestSupport;

/// <summary>
/// Occupies every thread-pool thread, with many more work items queued behind them, until disposed:
/// the pool as busy or blocked threads leave it, where a work item waits for the pool to add a
/// thread, about one every half second. Code that completes while the jam holds needed no pool
/// thread. The blockers sleep rather than wait on an event: the pool adds threads at once for
/// threads blocked in a wait it knows of, not for a sleeping or busy one. Process-wide: only for
/// tests of a non-parallel collection.
/// </summary>
internal sealed class ThreadPoolJam : IDisposable
{
    // The pool adds threads while starved and each new one takes the next blocker: this many
    // outlast any test's wait by far.
    private const int Spare = 200;

    private volatile bool _released;
    private int _blocked;

    private ThreadPoolJam()
    {
        for (var i = 0; i < ThreadPool.ThreadCount + Spare; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(
                static jam =>
                {
                    Interlocked.Increment(ref jam._blocked);
                    while (!jam._released)
                    {
                        Thread.Sleep(5);
                    }
                },
                this,
                preferLocal: false);
        }
    }

    /// <summary>
    /// Starts the jam and returns once no pool thread is idle: blockers are still queued and no
    /// thread has taken one for a while (an idle thread would take one at once).
    /// </summary>
    public static ThreadPoolJam Start()
    {
        var jam = new ThreadPoolJam();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var seen = -1;
        var stableSince = DateTime.UtcNow;
        while (true)
        {
            var blocked = Volatile.Read(ref jam._blocked);
            if (blocked != seen)
            {
                (seen, stableSince) = (blocked, DateTime.UtcNow);
            }
            else if (blocked > 0 && ThreadPool.PendingWorkItemCount > 0 && DateTime.UtcNow - stableSince > TimeSpan.FromMilliseconds(100))
            {
                return jam;
            }

            if (DateTime.UtcNow > deadline)
            {
                jam.Dispose();
                throw new InvalidOperationException($"the thread pool could not be jammed: {blocked} blockers running, {ThreadPool.PendingWorkItemCount} queued");
            }

            Thread.Sleep(5);
        }
    }

    /// <summary>Work items still queued behind the blocked threads (each new pool thread takes one).</summary>
    public long Queued => ThreadPool.PendingWorkItemCount;

    public void Dispose() => _released = true;
}
