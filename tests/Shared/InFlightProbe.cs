namespace AuthKit.Tests.TestSupport;

/// <summary>
/// Counts token-page requests in flight (and their total) through a handler chained onto the SDK's
/// client builder. Shared by the test projects: linked into each.
/// </summary>
internal sealed class InFlightProbe
{
    private int _current;
    private int _max;

    public int Max => Volatile.Read(ref _max);

    public int Total;

    public DelegatingHandler CreateHandler() => new Handler(this);

    private sealed class Handler(InFlightProbe probe) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath != "/v1/authkit")
            {
                return await base.SendAsync(request, cancellationToken);
            }

            Interlocked.Increment(ref probe.Total);
            var now = Interlocked.Increment(ref probe._current);
            int seen;
            while (now > (seen = Volatile.Read(ref probe._max)) && Interlocked.CompareExchange(ref probe._max, now, seen) != seen)
            {
            }

            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref probe._current);
            }
        }
    }
}
