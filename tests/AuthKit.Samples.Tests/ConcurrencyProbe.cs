namespace AuthKit.Samples.Tests;

/// <summary>Counts the token-page requests in flight through the SDK's HttpClient and keeps the peak.</summary>
internal sealed class ConcurrencyProbe
{
    private int _current;
    private int _peak;

    public int Peak => Volatile.Read(ref _peak);

    public DelegatingHandler CreateHandler() => new Handler(this);

    private sealed class Handler(ConcurrencyProbe probe) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri?.AbsolutePath != "/v1/authkit")
            {
                return await base.SendAsync(request, cancellationToken);
            }

            var now = Interlocked.Increment(ref probe._current);
            int peak;
            while (now > (peak = Volatile.Read(ref probe._peak)) && Interlocked.CompareExchange(ref probe._peak, now, peak) != peak)
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
