using System.Runtime.ExceptionServices;

namespace AuthKit;

/// <summary>
/// Pages 2..N as a sliding window: each worker takes the next page as soon as its own is in, so
/// <see cref="AuthKitOptions.MaxConcurrentPageRequests"/> stay in flight until the last page, asked for in
/// page order. The first failure cancels the pages still in flight and is the one reported: no partial token.
/// </summary>
internal static class PageWindow
{
    public static async Task<AuthKitTokenResponse[]> GetRemainingAsync(
        PageSource pages, AuthKitTokenRequest request, int pageCount, AuthKitOptions options, TokenByteBudget budget, CancellationToken cancellationToken)
    {
        var results = new AuthKitTokenResponse[pageCount - 1];
        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var nextIndex = -1;
        ExceptionDispatchInfo? firstFailure = null;

        async Task WorkAsync()
        {
            int index;
            while ((index = Interlocked.Increment(ref nextIndex)) < results.Length)
            {
                try
                {
                    results[index] = await pages.GetLaterAsync(request, index + 2, options, budget, window.Token).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    // The first failure is the one reported; the others are the cancellation it caused.
                    Interlocked.CompareExchange(ref firstFailure, ExceptionDispatchInfo.Capture(ex), null);

                    // Cancel, not CancelAsync: CancelAsync runs the callbacks on a thread-pool thread and this
                    // worker would wait for one, which a busy pool hands out late. The callbacks only abort
                    // HTTP requests; they run here.
                    window.Cancel();
                    return;
                }
            }
        }

        var workers = new Task[Math.Min(options.MaxConcurrentPageRequests, results.Length)];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = WorkAsync();
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        firstFailure?.Throw();
        return results;
    }
}
