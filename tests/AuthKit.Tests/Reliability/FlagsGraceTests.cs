using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AuthKit.Tests.Reliability;

/// <summary>
/// The flags call only decorates the token: once the last page is in, the token waits at most
/// FlagsGracePeriod for it. The grace period runs on the TimeProvider the app registers, so these tests
/// move its timer by hand: the token must still be waiting a tick before the grace period ends and be
/// done once it has, however slow the machine is.
/// </summary>
public sealed class FlagsGraceTests : IDisposable
{
    // A due time no other timer of the SDK uses (Timeout 30 s, TotalTimeout 2 min), so its creation is the grace wait's.
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly PicaStub _pica = new();
    private readonly FakeLoggerProvider _logs = new();

    public static TheoryData<string> SlowFlags => ["hangs", "retries after a long Retry-After"];

    [Theory]
    [MemberData(nameof(SlowFlags))]
    public async Task A_slow_or_failing_flags_call_holds_the_token_back_for_the_grace_period_and_no_longer(string how)
    {
        ServePages(3);
        var whiteLabel = PicaStub.Json("""{"authkitWhitelist":true}""");
        if (how == "hangs")
        {
            // Longer than the test: only the grace period ends the token's wait.
            _pica.Flags(whiteLabel.WithDelay(5_000));
        }
        else
        {
            // The retry waits 4 s: longer than the grace period, which the test ends sooner.
            _pica.FlagsSequence(PicaStub.Json("{}", 503).WithHeader("Retry-After", "4"), whiteLabel);
        }

        var time = new ManualTimerTimeProvider(Grace);
        using var provider = Services(time);
        var call = provider.GetRequiredService<IAuthKitToken>().CreateAsync("user_1", IdentityType.User);

        // The pages are in and the token waits for the flag: the grace timer is armed.
        await time.Armed.WaitAsync(HangGuard);
        time.Advance(Grace - TimeSpan.FromTicks(1));
        Assert.False(call.IsCompleted, "the token did not wait the whole grace period");

        time.Advance(TimeSpan.FromTicks(1));
        var token = await call.WaitAsync(HangGuard);

        Assert.Equal(3, token.Rows.Count);
        Assert.Equal(3, _pica.PageRequests().Count); // each page once: the flags' trouble touches no page
        Assert.False(token.IsWhiteLabel);
        Assert.Contains(_logs.Collector.GetSnapshot(), r => r.Id.Id == 3 && r.Message.Contains("grace period", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_flag_arriving_within_the_grace_period_is_used()
    {
        ServePages(1);
        // Later than the page, however long that takes: the grace period does not end until the test moves it.
        _pica.Flags(PicaStub.Json("""{"authkitWhitelist":true}""").WithDelay(400));

        using var provider = Services(new ManualTimerTimeProvider(Grace));
        var token = await provider.GetRequiredService<IAuthKitToken>().CreateAsync("user_1", IdentityType.User).WaitAsync(HangGuard);

        Assert.True(token.IsWhiteLabel);
        Assert.Single(_pica.FlagsRequests);
    }

    public void Dispose()
    {
        _logs.Dispose();
        _pica.Dispose();
    }

    private void ServePages(int count)
    {
        var pages = ConnectionFaker.Pages(ConnectionFaker.Rows(count, seed: 41), pageSize: 1);
        for (var i = 0; i < pages.Count; i++)
        {
            _pica.Page(i + 1, PicaStub.Json(pages[i].ToJsonString()));
        }
    }

    private ServiceProvider Services(TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton(time);
        services.AddAuthKit(o =>
        {
            o.SecretKey = PicaStub.SecretKey;
            o.BaseUrl = _pica.Url;
            o.PageSize = 1;
            o.FlagsGracePeriod = Grace;
            // The account's flag is not cached between tests: each token asks for it.
            o.WhiteLabelCacheDuration = TimeSpan.Zero;
        });
        return services.BuildServiceProvider();
    }
}
