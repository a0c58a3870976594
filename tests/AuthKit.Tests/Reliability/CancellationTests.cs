using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace AuthKit.Tests.Reliability;

/// <summary>
/// The caller's cancellation ends a token without waiting for its requests in flight, starts no request
/// afterwards, and stays an OperationCanceledException carrying the caller's token, while a timeout is an
/// AuthKitException with an inner TimeoutException. No clock decides: the pages in flight are held by a
/// server that never answers them, so a call that waited for them would never end (the hang guard, a
/// minute, fails it). The time from Cancel() to the call's end is printed, not asserted. Run alone
/// (SerialCollection): one test jams the process's thread pool.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class CancellationTests(ITestOutputHelper output)
{
    private const int PageCount = 10;
    private const int Window = 3; // AuthKitOptions.MaxConcurrentPageRequests' default
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Cancelling_in_the_middle_of_the_pages_ends_the_call_without_waiting_for_them_and_starts_no_request_after()
    {
        await using var pica = new HoldingPica(PageCount);
        var client = Client(pica);
        using var cancellation = new CancellationTokenSource();

        var call = client.CreateAsync("user_1", IdentityType.User, cancellation.Token);
        // Page 1 is in and pages 2-4 are held (the window of 3): the middle of the pages.
        await Eventually.WaitUntilAsync(() => pica.Held == Window, "pages 2 to 4 are requested", (int)HangGuard.TotalMilliseconds);
        var (error, latency) = await CancelClock.CancelAsync(call, cancellation, HangGuard);

        output.WriteLine($"cancel -> OperationCanceledException after {latency.TotalMilliseconds:F1} ms, 3 pages held by the server");
        var cancelled = Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(cancellation.Token, cancelled.CancellationToken);
        await AssertNoRequestAfterAsync(pica);
    }

    [Fact]
    public async Task Cancelling_the_blocking_Create_ends_it_without_waiting_for_the_pages_and_starts_no_request_after()
    {
        await using var pica = new HoldingPica(PageCount);
        var client = Client(pica);
        using var cancellation = new CancellationTokenSource();

        var (error, latency) = await CancelClock.CancelBlockingAsync(
            () => client.Create("user_1", IdentityType.User, cancellation.Token),
            cancellation,
            () => pica.Held == Window,
            HangGuard);

        output.WriteLine($"cancel -> OperationCanceledException from Create after {latency.TotalMilliseconds:F1} ms, 3 pages held by the server");
        var cancelled = Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(cancellation.Token, cancelled.CancellationToken);
        await AssertNoRequestAfterAsync(pica);
    }

    [Fact]
    public async Task Cancelling_during_a_retry_wait_does_not_wait_it_out()
    {
        using var pica = new PicaStub();
        var pages = ConnectionFaker.Pages(ConnectionFaker.Rows(3, seed: 52), pageSize: 1);
        pica.Page(1, PicaStub.Json(pages[0].ToJsonString()));
        pica.Page(2, PicaStub.Json(pages[1].ToJsonString()));
        // A wait longer than the hang guard, which the client is allowed to honour: only the cancel ends it.
        pica.Page(3, PicaStub.Json("""{"error":"busy"}""", 503).WithHeader("Retry-After", "90"));
        pica.Flags(true);
        var client = pica.Client(o =>
        {
            o.PageSize = 1;
            o.MaxRetryDelay = TimeSpan.FromMinutes(10);
            o.TotalTimeout = TimeSpan.FromMinutes(10);
        });
        using var cancellation = new CancellationTokenSource();

        var call = client.CreateAsync("user_1", IdentityType.User, cancellation.Token);
        await pica.WaitForRequestsAsync(r => r.Path == "/v1/authkit" && PicaStub.PageOf(r) == 3, 1);
        var (error, latency) = await CancelClock.CancelAsync(call, cancellation, HangGuard);

        output.WriteLine($"cancel during a 90 s Retry-After wait -> exception after {latency.TotalMilliseconds:F1} ms");
        var cancelled = Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(cancellation.Token, cancelled.CancellationToken);
        Assert.Single(pica.PageRequests(3));
    }

    [Fact]
    public async Task Cancelling_while_the_token_waits_for_the_flags_is_a_cancellation_not_a_fallback()
    {
        using var pica = new PicaStub();
        pica.Page(1, PicaStub.Json(ConnectionFaker.Pages(ConnectionFaker.Rows(2, seed: 53), 100)[0].ToJsonString()));
        pica.Flags(PicaStub.Json("""{"authkitWhitelist":true}""").WithDelay(120_000));
        var grace = TimeSpan.FromSeconds(10);
        var time = new ManualTimerTimeProvider(grace);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddAuthKit(o =>
        {
            o.SecretKey = PicaStub.SecretKey;
            o.BaseUrl = pica.Url;
            o.FlagsGracePeriod = grace;
            o.WhiteLabelCacheDuration = TimeSpan.Zero;
        });
        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IAuthKitToken>();
        using var cancellation = new CancellationTokenSource();

        var call = client.CreateAsync("user_1", IdentityType.User, cancellation.Token);
        // Page 1 is in and the token has armed the grace period's timer: it waits for the flags. (Counting
        // the page was not enough: on a loaded machine the token had not reached the wait yet.)
        await time.Armed.WaitAsync(HangGuard);

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

    private static AuthKitToken Client(HoldingPica pica) => new(new AuthKitOptions
    {
        SecretKey = PicaStub.SecretKey,
        BaseUrl = pica.Url,
        PageSize = 1,
        FlagsGracePeriod = HangGuard, // the flag is answered at once; no fallback timer in play
    });

    private static async Task AssertNoRequestAfterAsync(HoldingPica pica)
    {
        // The cancel hung up on the held pages; none answered, so a window that moved on after the cancel
        // would show as page 5 or later, and a retry as a page asked twice.
        await Eventually.WaitUntilAsync(() => pica.Abandoned == Window, "the client hung up on every held page", (int)HangGuard.TotalMilliseconds);
        Assert.Equal([1, 2, 3, 4], pica.Pages.Order());
    }
}
