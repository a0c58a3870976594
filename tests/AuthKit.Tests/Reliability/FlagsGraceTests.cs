using System.Diagnostics;
using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Xunit.Abstractions;

namespace AuthKit.Tests.Reliability;

/// <summary>
/// The flags call only decorates the token: once the last page is in, the token waits at most
/// FlagsGracePeriod for it. Measured as the time from the last page's answer reaching the client
/// (stamped inside the HTTP pipeline) to the token reaching the caller: a wall-clock figure, so the
/// class runs alone (SerialCollection), not beside the parallel tests.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class FlagsGraceTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(250);

    private readonly PicaStub _pica = new();
    private readonly FakeLoggerProvider _logs = new();

    public static TheoryData<string> SlowFlags => ["hangs", "retries after a long Retry-After", "answers after the grace period"];

    [Theory]
    [MemberData(nameof(SlowFlags))]
    public async Task A_slow_or_failing_flags_call_holds_the_token_back_no_more_than_the_grace_period(string how)
    {
        var pages = ConnectionFaker.Pages(ConnectionFaker.Rows(3, seed: 41), pageSize: 1);
        for (var i = 0; i < pages.Count; i++)
        {
            _pica.Page(i + 1, PicaStub.Json(pages[i].ToJsonString()).WithDelay(300));
        }

        var whiteLabel = PicaStub.Json("""{"authkitWhitelist":true}""");
        switch (how)
        {
            case "hangs":
                _pica.Flags(whiteLabel.WithDelay(4_000));
                break;
            case "retries after a long Retry-After":
                _pica.FlagsSequence(PicaStub.Json("{}", 503).WithHeader("Retry-After", "4"), whiteLabel);
                break;
            default:
                // Pages take ~600 ms (page 1, then 2 and 3 together); the flag comes ~2.4 s after that. With
                // 1.6 s a loaded machine once had the pages in late enough for the flag to make the grace period.
                _pica.Flags(whiteLabel.WithDelay(3_000));
                break;
        }

        var clock = new AttemptClock();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        services.AddAuthKit(o =>
        {
            o.SecretKey = PicaStub.SecretKey;
            o.BaseUrl = _pica.Url;
            o.PageSize = 1;
            o.FlagsGracePeriod = Grace;
        }).AddHttpMessageHandler(clock.CreateHandler);
        using var provider = services.BuildServiceProvider();
        var authKit = provider.GetRequiredService<IAuthKitToken>();

        var started = Stopwatch.GetTimestamp();
        var token = await authKit.CreateAsync("user_1", IdentityType.User);
        var tokenAt = Stopwatch.GetTimestamp();

        Assert.Equal(3, token.Rows.Count);
        Assert.Equal(3, _pica.PageRequests().Count); // each page once: the flags' trouble touches no page
        Assert.False(token.IsWhiteLabel);
        Assert.Contains(_logs.Collector.GetSnapshot(), r => r.Id.Id == 3 && r.Message.Contains("grace period", StringComparison.Ordinal));

        var pagesIn = clock.Answered.Where(a => a.Target.StartsWith("/v1/authkit", StringComparison.Ordinal)).Max(a => a.Timestamp);
        var heldBack = Stopwatch.GetElapsedTime(pagesIn, tokenAt);
        output.WriteLine($"{how}: pages in after {Stopwatch.GetElapsedTime(started, pagesIn).TotalMilliseconds:F0} ms, " +
            $"token after {Stopwatch.GetElapsedTime(started, tokenAt).TotalMilliseconds:F0} ms: held back {heldBack.TotalMilliseconds:F0} ms for a {Grace.TotalMilliseconds} ms grace period");

        // The grace period is given (the flag had its chance), and not much more: the upper bound
        // leaves room for a loaded CI machine, far below the 4 s the flags call would take.
        Assert.InRange(heldBack, Grace - TimeSpan.FromMilliseconds(20), Grace + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_flag_arriving_within_the_grace_period_is_used()
    {
        _pica.Page(1, PicaStub.Json(ConnectionFaker.Pages(ConnectionFaker.Rows(2, seed: 42), 100)[0].ToJsonString()).WithDelay(100));
        _pica.Flags(PicaStub.Json("""{"authkitWhitelist":true}""").WithDelay(400)); // ~300 ms after the page

        var token = await _pica.Client(o => o.FlagsGracePeriod = TimeSpan.FromSeconds(3)).CreateAsync("user_1", IdentityType.User);

        Assert.True(token.IsWhiteLabel);
        Assert.Single(_pica.FlagsRequests);
    }

    public void Dispose()
    {
        _logs.Dispose();
        _pica.Dispose();
    }
}
