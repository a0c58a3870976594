using System.Collections.Concurrent;

namespace AuthKit.Tests.TestSupport;

/// <summary>
/// A loopback Pica that answers the flags and page 1 at once and holds every later page unanswered
/// until the client hangs up: a cancelled call that ends at all did not wait for its requests, with no
/// clock involved. It records each page requested and each held request the client abandoned.
/// </summary>
internal sealed class HoldingPica : IAsyncDisposable
{
    private readonly RawHttpServer _server;
    private int _held;
    private int _abandoned;

    public HoldingPica(int pages)
    {
        // Page 1 of `pages` one-row pages: it tells the client how many pages there are; the rest are never answered.
        var page1 = ConnectionFaker.Pages(ConnectionFaker.Rows(pages, seed: 51), pageSize: 1)[0].ToJsonString();
        _server = new RawHttpServer(async (s, target, stream, ct) =>
        {
            if (RawHttpServer.IsFlags(target))
            {
                await s.WriteJsonAsync(stream, """{"accessList":[],"authkitWhitelist":true,"earlyAccess":[],"completedQuickstart":true}""", ct);
                return;
            }

            var page = RawHttpServer.PageOf(target);
            Pages.Enqueue(page);
            if (page == 1)
            {
                await s.WriteJsonAsync(stream, page1, ct);
                return;
            }

            // Held: read until the client closes the connection (0 bytes), which it does when it gives up.
            Interlocked.Increment(ref _held);
            while (await stream.ReadAsync(new byte[1], ct) > 0)
            {
            }

            Interlocked.Increment(ref _abandoned);
        });
    }

    public Uri Url => _server.Url;

    /// <summary>The page numbers requested, in order of arrival.</summary>
    public ConcurrentQueue<int> Pages { get; } = new();

    /// <summary>Requests held unanswered so far.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Held requests whose connection the client closed.</summary>
    public int Abandoned => Volatile.Read(ref _abandoned);

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
