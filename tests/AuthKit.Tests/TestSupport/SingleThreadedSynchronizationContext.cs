using System.Collections.Concurrent;

namespace AuthKit.Tests.TestSupport;

/// <summary>
/// One thread runs every posted continuation, as in a UI app or classic ASP.NET: blocking that
/// thread on a task whose continuation was posted here deadlocks.
/// </summary>
internal sealed class SingleThreadedSynchronizationContext : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];

    public int Posted;

    public override void Post(SendOrPostCallback d, object? state)
    {
        Interlocked.Increment(ref Posted);
        _queue.Add((d, state));
    }

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException();

    /// <summary>Runs <paramref name="action"/> on a new thread owning this context; false if it did not finish in time.</summary>
    public static bool Run(Action action, TimeSpan timeout, out Exception? error)
    {
        Exception? caught = null;
        var context = new SingleThreadedSynchronizationContext();
        var thread = new Thread(() =>
        {
            SetSynchronizationContext(context);
            try
            {
                action();
            }
            catch (Exception ex)
            {
                caught = ex;
            }
            finally
            {
                context._queue.CompleteAdding();
            }

            // Drain what was posted, as a message loop would after the blocking call returned.
            foreach (var (callback, state) in context._queue.GetConsumingEnumerable())
            {
                callback(state);
            }
        })
        { IsBackground = true };
        thread.Start();
        var finished = thread.Join(timeout);
        error = caught;
        return finished;
    }
}
