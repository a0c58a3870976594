using System.Diagnostics;

namespace AuthKit.Tests.TestSupport;

/// <summary>
/// Cancels a running call and measures the time from <see cref="CancellationTokenSource.Cancel()"/>
/// to the call's task completing. The completion is stamped by a synchronous continuation, on the
/// thread that completes the task, so the figure does not include the test's own await.
/// </summary>
internal static class CancelClock
{
    /// <param name="hangGuard">How long the call may take to end before the test fails: a guard against a hang, not a bound on speed.</param>
    public static async Task<(Exception Error, TimeSpan Latency)> CancelAsync(Task call, CancellationTokenSource cancellation, TimeSpan? hangGuard = null)
    {
        long completedAt = 0;
        var stamped = call.ContinueWith(
            _ => Volatile.Write(ref completedAt, Stopwatch.GetTimestamp()),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        var cancelledAt = Stopwatch.GetTimestamp();
        cancellation.Cancel();
        await stamped.WaitAsync(hangGuard ?? TimeSpan.FromMinutes(1));

        Assert.True(call.IsFaulted || call.IsCanceled, "the call succeeded despite the cancellation");
        var error = call.Exception?.InnerException ?? await CaughtAsync(call);
        return (error, Stopwatch.GetElapsedTime(cancelledAt, Volatile.Read(ref completedAt)));
    }

    /// <summary>Runs a blocking call on its own thread, cancels it, and measures as above.</summary>
    public static async Task<(Exception Error, TimeSpan Latency)> CancelBlockingAsync(Action call, CancellationTokenSource cancellation, Func<bool> inTheMiddle, TimeSpan? hangGuard = null)
    {
        var guardMs = (int)(hangGuard ?? TimeSpan.FromMinutes(1)).TotalMilliseconds;
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

        await Eventually.WaitUntilAsync(inTheMiddle, "the call is in the middle of its pages", guardMs);
        var cancelledAt = Stopwatch.GetTimestamp();
        cancellation.Cancel();
        await Eventually.WaitUntilAsync(() => !thread.IsAlive, "the blocking call returned", guardMs);

        Assert.NotNull(error);
        return (error!, Stopwatch.GetElapsedTime(cancelledAt, Volatile.Read(ref completedAt)));
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
