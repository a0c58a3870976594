using System.Collections.Concurrent;
using System.Diagnostics;

namespace AuthKit.Tests.TestSupport;

/// <summary>
/// Stamps every HTTP attempt as it starts and as its answer arrives, on the client's side. Chained
/// onto AddAuthKit's client builder it sits innermost, inside the retries: one entry per attempt.
/// Timestamps are <see cref="Stopwatch.GetTimestamp"/> values.
/// </summary>
internal sealed class AttemptClock
{
    public ConcurrentQueue<(string Target, long Timestamp)> Started { get; } = new();

    public ConcurrentQueue<(string Target, long Timestamp)> Answered { get; } = new();

    public DelegatingHandler CreateHandler() => new Handler(this);

    private sealed class Handler(AttemptClock clock) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = request.RequestUri!.PathAndQuery;
            clock.Started.Enqueue((target, Stopwatch.GetTimestamp()));
            var response = await base.SendAsync(request, cancellationToken);
            clock.Answered.Enqueue((target, Stopwatch.GetTimestamp()));
            return response;
        }
    }
}
