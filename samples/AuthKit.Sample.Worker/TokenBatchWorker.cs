using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace AuthKit.Sample.Worker;

/// <summary>
/// Creates a token for every identity of the batch, <see cref="TokenBatchOptions.MaxConcurrency"/> at a
/// time, logs a summary and stops the host. Ctrl+C cancels the requests in flight and starts no more.
/// </summary>
public sealed partial class TokenBatchWorker(
    IAuthKitToken authKit,
    IOptions<TokenBatchOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<TokenBatchWorker> logger) : BackgroundService
{
    /// <summary>The summary of the run, once it ended.</summary>
    public TokenBatchSummary? Summary { get; private set; }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = options.Value;
        var identities = batch.ResolveIdentities();
        var succeeded = 0;
        var failed = 0;
        long connections = 0;
        var cancelled = false;
        BatchStarting(logger, identities.Count, batch.MaxConcurrency);
        var started = Stopwatch.GetTimestamp();
        try
        {
            // stoppingToken is cancelled by Ctrl+C: no new identity starts, and the token passed to each
            // CreateAsync (linked to it) aborts the HTTP requests in flight.
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = batch.MaxConcurrency, CancellationToken = stoppingToken };
            await Parallel.ForEachAsync(identities, parallel, async (identity, cancellationToken) =>
            {
                try
                {
                    var token = await authKit.CreateAsync(identity, batch.IdentityType, cancellationToken);
                    Interlocked.Increment(ref succeeded);
                    Interlocked.Add(ref connections, token.Rows.Count);
                }
                catch (Exception ex) when (ex is AuthKitException or ArgumentException)
                {
                    // One identity failing does not stop the batch; the SDK already retried what was transient.
                    Interlocked.Increment(ref failed);
                    TokenFailed(logger, identity, ex.Message);
                }
            });
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            cancelled = true;
        }
        finally
        {
            Summary = new TokenBatchSummary(identities.Count, succeeded, failed, cancelled, connections, Stopwatch.GetElapsedTime(started));
            BatchFinished(logger, cancelled ? "cancelled" : "completed", Summary.Succeeded, Summary.Total, Summary.Failed, Summary.NotDone,
                Summary.Connections, Summary.Duration.TotalMilliseconds);

            // A batch job ends when its work is done; after Ctrl+C the host is already stopping.
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Creating AuthKit tokens for {Count} identities, {MaxConcurrency} at a time")]
    private static partial void BatchStarting(ILogger logger, int count, int maxConcurrency);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "No token for {Identity}: {Reason}")]
    private static partial void TokenFailed(ILogger logger, string identity, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information,
        Message = "Token batch {Outcome}: {Succeeded}/{Total} tokens created, {Failed} failed, {NotDone} not done, {Connections} connections, in {DurationMs:F0} ms")]
    private static partial void BatchFinished(ILogger logger, string outcome, int succeeded, int total, int failed, int notDone, long connections, double durationMs);
}
