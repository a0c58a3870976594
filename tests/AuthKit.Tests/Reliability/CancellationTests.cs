using System.Diagnostics;
using AuthKit.Tests.TestSupport;
using Xunit.Abstractions;

namespace AuthKit.Tests.Reliability;

/// <summary>
/// The caller's cancellation stops a token within 100 ms, starts no request afterwards, and stays
/// an OperationCanceledException carrying the caller's token, while a timeout is an AuthKitException
/// with an inner TimeoutException. Run alone (SerialCollection): the 100 ms promise is measured, and
/// one test jams the process's thread pool.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class CancellationTests : IDisposable
{
    private const int PageCount = 10;
    private static readonly TimeSpan Promise = TimeSpan.FromMilliseconds(100);

    // A page request already on the wire when Cancel() was called may reach the proxy a little
    // later; a request the SDK started after the cancel would come up to 300 ms later (when a page
    // in flight would have finished).
    private static readonly TimeSpan WireSlack = TimeSpan.FromMilliseconds(25);

    private readonly PicaStub _pica = new();
    private readonly ITestOutputHelper _output;

    public CancellationTests(ITestOutputHelper output)
    {
        _output = output;
        var pages = ConnectionFaker.Pages(ConnectionFaker.Rows(PageCount, seed: 51), pageSize: 1);
        for (var i = 0; i < pages.Count; i++)
        {
            _pica.Page(i + 1, PicaStub.Json(pages[i].ToJsonString()).WithDelay(300));
        }

        _pica.Flags(true);
    }

    [Fact]
    public async Task Cancelling_in_the_middle_of_the_pages_throws_within_100_ms_and_starts_no_request_after()
    {
        await using var proxy = new FaultProxy(_pica.Url);
        var client = _pica.Client(o => { o.BaseUrl = proxy.Url; o.PageSize = 1; });

        // The first cancelled call of the process pays for JIT-compiling the cancellation path;
        // the promise is about the SDK not waiting for its requests, so that call is a warm-up.
        var warmUp = await CancelMidwayAsync(client, proxy);
        var measured = await CancelMidwayAsync(client, proxy);
        _output.WriteLine($"cancel -> OperationCanceledException: warm-up {warmUp.Latency.TotalMilliseconds:F1} ms, measured {measured.Latency.TotalMilliseconds:F1} ms");

        Assert.True(measured.Latency < Promise, $"took {measured.Latency.TotalMilliseconds:F1} ms after the cancel");
        await AssertNoRequestAfterAsync(proxy, measured.CancelledAt);
    }

    [Fact]
    public async Task Cancelling_the_blocking_Create_throws_within_100_ms_and_starts_no_request_after()
    {
        await using var proxy = new FaultProxy(_pica.Url);
        var client = _pica.Client(o => { o.BaseUrl = proxy.Url; o.PageSize = 1; });

        var runs = new List<TimeSpan>();
        (Exception Error, TimeSpan Latency, long CancelledAt) run = default;
        for (var i = 0; i < 2; i++) // the first is the warm-up, as above
        {
            using var cancellation = new CancellationTokenSource();
            var before = proxy.Received.Count;
            run = await CancelClock.CancelBlockingAsync(
                () => client.Create("user_1", IdentityType.User, cancellation.Token),
                cancellation,
                () => proxy.Received.Skip(before).Count(FaultProxy.Page(4)) > 0);
            var error = Assert.IsAssignableFrom<OperationCanceledException>(run.Error);
            Assert.Equal(cancellation.Token, error.CancellationToken);
            runs.Add(run.Latency);
        }

        _output.WriteLine($"cancel -> OperationCanceledException from Create: warm-up {runs[0].TotalMilliseconds:F1} ms, measured {runs[1].TotalMilliseconds:F1} ms");
        Assert.True(runs[1] < Promise, $"took {runs[1].TotalMilliseconds:F1} ms after the cancel");
        await AssertNoRequestAfterAsync(proxy, run.CancelledAt);
    }

    [Fact]
    public async Task Cancelling_during_a_retry_wait_does_not_wait_it_out()
    {
        using var pica = new PicaStub();
        var pages = ConnectionFaker.Pages(ConnectionFaker.Rows(3, seed: 52), pageSize: 1);
        pica.Page(1, PicaStub.Json(pages[0].ToJsonString()));
        pica.Page(2, PicaStub.Json(pages[1].ToJsonString()));
        pica.Page(3, PicaStub.Json("""{"error":"busy"}""", 503).WithHeader("Retry-After", "5"));
        pica.Flags(true);
        var client = pica.Client(o => o.PageSize = 1);
        using var cancellation = new CancellationTokenSource();

        var call = client.CreateAsync("user_1", IdentityType.User, cancellation.Token);
        await pica.WaitForRequestsAsync(r => r.Path == "/v1/authkit" && PicaStub.PageOf(r) == 3, 1);
        var (error, latency, _) = await CancelClock.CancelAsync(call, cancellation);

        _output.WriteLine($"cancel during a 5 s Retry-After wait -> exception after {latency.TotalMilliseconds:F1} ms");
        var cancelled = Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(cancellation.Token, cancelled.CancellationToken);
        Assert.True(latency < Promise, $"took {latency.TotalMilliseconds:F1} ms after the cancel");
        Assert.Single(pica.PageRequests(3));
    }

    [Fact]
    public async Task Cancelling_while_the_token_waits_for_the_flags_is_a_cancellation_not_a_fallback()
    {
        using var pica = new PicaStub();
        pica.Page(1, PicaStub.Json(ConnectionFaker.Pages(ConnectionFaker.Rows(2, seed: 53), 100)[0].ToJsonString()));
        pica.Flags(PicaStub.Json("""{"authkitWhitelist":true}""").WithDelay(3_000));
        var client = pica.Client(o => o.FlagsGracePeriod = TimeSpan.FromSeconds(10));
        using var cancellation = new CancellationTokenSource();
        using var pages = new PageCounter();

        var call = client.CreateAsync("user_1", IdentityType.User, cancellation.Token);
        // Page 1 is read (counted); from there the token goes on to wait for the flags without yielding.
        await Eventually.WaitUntilAsync(() => pages.Count > 0, "page 1 is in");

        // This wait once took ~950 ms in the parallel suite: the SDK finished a cancelled token with
        // CancellationTokenSource.CancelAsync, which runs the callbacks on a thread-pool thread, and a
        // busy pool hands one out only as it grows (about one thread every 0.5 s). Now the token is
        // done before Cancel() returns, on the cancelling thread, even with no pool thread to be had.
        bool completedInCancel;
        using (ThreadPoolJam.Start())
        {
            cancellation.Cancel();
            completedInCancel = call.IsCompleted;
        }

        Assert.True(completedInCancel, "the cancelled token waited for a thread-pool thread");
        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(cancellation.Token, cancelled.CancellationToken);
    }

    [Fact]
    public async Task A_timeout_and_a_cancellation_are_told_apart()
    {
        using var pica = new PicaStub();
        pica.Page(1, PicaStub.Json("""{"rows":[],"total":0,"pages":1,"page":1,"requestId":1}""").WithDelay(2_000));
        pica.Flags(true);

        // Pica too slow: the SDK gives up (AuthKitOptions.Timeout) and says so.
        var timedOut = await DocumentedExceptions.CatchAsync(() =>
            pica.Client(o => { o.Timeout = TimeSpan.FromMilliseconds(300); o.MaxRetries = 1; }).CreateAsync("user_1", IdentityType.User));

        var timeout = Assert.IsType<AuthKitException>(timedOut);
        Assert.IsType<TimeoutException>(timeout.InnerException);
        Assert.Contains("AuthKitOptions.Timeout", timeout.Message, StringComparison.Ordinal);

        // The caller gives up: the SDK stays out of the way.
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var cancelledError = await DocumentedExceptions.CatchAsync(() => pica.Client().CreateAsync("user_1", IdentityType.User, cancellation.Token));

        var cancelled = Assert.IsAssignableFrom<OperationCanceledException>(cancelledError);
        Assert.Equal(cancellation.Token, cancelled.CancellationToken);
        Assert.IsNotAssignableFrom<AuthKitException>(cancelledError);
    }

    private async Task<(TimeSpan Latency, long CancelledAt)> CancelMidwayAsync(AuthKitToken client, FaultProxy proxy)
    {
        using var cancellation = new CancellationTokenSource();
        var before = proxy.Received.Count;
        var call = client.CreateAsync("user_1", IdentityType.User, cancellation.Token);

        // Page 1 is in and pages 2-4 are in flight (the window of 3): the middle of the pages.
        await Eventually.WaitUntilAsync(() => proxy.Received.Skip(before).Count(FaultProxy.Page(4)) > 0, "page 4 is requested");
        var (error, latency, cancelledAt) = await CancelClock.CancelAsync(call, cancellation);

        var cancelled = Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(cancellation.Token, cancelled.CancellationToken);
        return (latency, cancelledAt);
    }

    private static async Task AssertNoRequestAfterAsync(FaultProxy proxy, long cancelledAt)
    {
        // Waiting out a window, not synchronising: a page the SDK wrongly requested after the
        // cancel would arrive when a page in flight finished, at most 300 ms later.
        await Task.Delay(700);
        var late = proxy.ReceivedAt
            .Where(r => r.Timestamp > cancelledAt && Stopwatch.GetElapsedTime(cancelledAt, r.Timestamp) > WireSlack)
            .Select(r => $"{r.Target} +{Stopwatch.GetElapsedTime(cancelledAt, r.Timestamp).TotalMilliseconds:F0} ms")
            .ToList();
        Assert.True(late.Count == 0, $"requests started after the cancel: {string.Join(", ", late)}");
        Assert.True(proxy.Received.Count(r => r.StartsWith("/v1/authkit", StringComparison.Ordinal)) < 2 * PageCount);
    }

    public void Dispose() => _pica.Dispose();
}
