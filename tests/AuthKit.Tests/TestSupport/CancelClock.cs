using System.Diagnostics;

namespace AuthKit.Tests.TestSupport;

/// <summary>
/// Cancels a running call and measures the time from <see cref="CancellationTokenSource.Cancel()"/>
/// to the call's task completing. The completion is stamped by a synchronous continuation, on the
/// thread that completes the task, so the figure does not include the test's own await.
/// </summary>
internal static class CancelClock
{
    public static async Task<(Exception Error, TimeSpan Latency, long CancelledAt)> CancelAsync(Task call, CancellationTokenSource cancellation)
    {
        long completedAt = 0;
        var stamped = call.ContinueWith(
            _ => Volatile.Write(ref completedAt, Stopwatch.GetTimestamp()),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        var cancelledAt = Stopwatch.GetTimestamp();
        cancellation.Cancel();
        await stamped;

        Assert.True(call.IsFaulted || call.IsCanceled, "the call succeeded despite the cancellation");
        var error = call.Exception?.InnerException ?? await CaughtAsync(call);
        return (error, Stopwatch.GetElapsedTime(cancelledAt, Volatile.Read(ref completedAt)), cancelledAt);
    }

    /// <summary>Runs a blocking call on its own thread, cancels it, and measures as above.</summary>
    public static async Task<(Exception Error, TimeSpan Latency, long CancelledAt)> CancelBlockingAsync(Action call, CancellationTokenSource cancellation, Func<bool> inTheMiddle)
    {
        Exception? error = null;
        long completedAt = 0;
        var thread = new Thread(() =>
        {
            try
            {
                call();
            }
            catch (Exception ex)
            {
                error = ex;
            }

            Volatile.Write(ref completedAt, Stopwatch.GetTimestamp());
        })
        { IsBackground = true };
        thread.Start();

        await Eventually.WaitUntilAsync(inTheMiddle, "the call is in the middle of its pages");
        var cancelledAt = Stopwatch.GetTimestamp();
        cancellation.Cancel();
        await Eventually.WaitUntilAsync(() => !thread.IsAlive, "the blocking call returned");

        Assert.NotNull(error);
        return (error!, Stopwatch.GetElapsedTime(cancelledAt, Volatile.Read(ref completedAt)), cancelledAt);
    }

    private static async Task<Exception> CaughtAsync(Task call)
    {
        try
        {
            await call;
        }
        catch (Exception ex)
        {
            return ex;
        }

        throw new InvalidOperationException("unreachable: the task was cancelled");
    }
}
