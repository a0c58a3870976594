using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AuthKit.Tests.WhiteLabel;

/// <summary>
/// The white-label flag is an account setting: it is read once per account (base URL and key) and
/// reused by every client of the process for WhiteLabelCacheDuration, so a token costs one request per
/// page. Counted from the server's request log.
/// </summary>
public sealed class WhiteLabelCacheTests : IDisposable
{
    private readonly PicaStub _pica = new();

    public WhiteLabelCacheTests()
    {
        _pica.Page(1, PicaStub.Json(ConnectionFaker.Pages(ConnectionFaker.Rows(3, seed: 61), 100)[0].ToJsonString()));
    }

    [Theory]
    [InlineData(ClientMode.DependencyInjection)]
    [InlineData(ClientMode.Standalone)]
    public async Task A_cold_token_reads_the_flag_alongside_page_1_and_warm_tokens_send_only_their_page(ClientMode mode)
    {
        _pica.Flags(true);
        await using var client = TestClient.Create(mode, Configure);

        var cold = await client.AuthKit.CreateAsync("user_1", IdentityType.User);
        Assert.True(cold.IsWhiteLabel);
        Assert.Equal((1, 1), (_pica.PageRequests().Count, _pica.FlagsRequests.Count));

        for (var i = 2; i <= 5; i++)
        {
            var warm = await client.AuthKit.CreateAsync($"user_{i}", IdentityType.User);
            Assert.True(warm.IsWhiteLabel);
            Assert.Equal((i, 1), (_pica.PageRequests().Count, _pica.FlagsRequests.Count));
        }
    }

    [Fact]
    public async Task Every_client_of_the_account_shares_the_flag_a_new_AuthKitToken_per_call_and_the_DI_client_alike()
    {
        _pica.Flags(true);
        var options = _pica.Options();

        for (var i = 0; i < 5; i++)
        {
            Assert.True((await new AuthKitToken(options).CreateAsync($"user_{i}", IdentityType.User)).IsWhiteLabel);
        }

        await using var di = TestClient.Create(ClientMode.DependencyInjection, Configure);
        Assert.True((await di.AuthKit.CreateAsync("user_di", IdentityType.User)).IsWhiteLabel);

        Assert.Equal(6, _pica.PageRequests().Count);
        Assert.Single(_pica.FlagsRequests);
    }

    [Theory]
    [InlineData(ClientMode.DependencyInjection)]
    [InlineData(ClientMode.Standalone)]
    public async Task Concurrent_cold_tokens_share_one_flags_call(ClientMode mode)
    {
        // The flag answers late enough that every token starts while the one call is out.
        _pica.Flags(PicaStub.Json("""{"authkitWhitelist":true}""").WithDelay(500));
        await using var client = TestClient.Create(mode, o =>
        {
            Configure(o);
            o.FlagsGracePeriod = TimeSpan.FromSeconds(30);
        });

        var tokens = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => client.AuthKit.CreateAsync($"user_{i}", IdentityType.User)));

        Assert.All(tokens, t => Assert.True(t.IsWhiteLabel));
        Assert.Equal(32, _pica.PageRequests().Count);
        Assert.Single(_pica.FlagsRequests);
    }

    [Theory]
    [InlineData(ClientMode.DependencyInjection)]
    [InlineData(ClientMode.Standalone)]
    public async Task The_flag_is_read_again_once_the_duration_is_over(ClientMode mode)
    {
        // The account's plan changes between the first read and the second.
        _pica.FlagsSequence(PicaStub.Json("""{"authkitWhitelist":false}"""), PicaStub.Json("""{"authkitWhitelist":true}"""));
        var time = new FakeTimeProvider();
        await using var client = ClientWithClock(mode, time, o => o.WhiteLabelCacheDuration = TimeSpan.FromMinutes(5));

        Assert.False((await client.CreateAsync("user_1", IdentityType.User)).IsWhiteLabel);
        time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.False((await client.CreateAsync("user_2", IdentityType.User)).IsWhiteLabel);
        Assert.Single(_pica.FlagsRequests);

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True((await client.CreateAsync("user_3", IdentityType.User)).IsWhiteLabel);
        Assert.True((await client.CreateAsync("user_4", IdentityType.User)).IsWhiteLabel);

        Assert.Equal(2, _pica.FlagsRequests.Count);
        Assert.Equal(4, _pica.PageRequests().Count);
    }

    [Theory]
    [InlineData(ClientMode.DependencyInjection)]
    [InlineData(ClientMode.Standalone)]
    public async Task A_failed_flags_call_is_not_kept_the_next_token_asks_again(ClientMode mode)
    {
        _pica.FlagsSequence(PicaStub.Json("""{"error":"flags down"}""", 500), PicaStub.Json("""{"authkitWhitelist":true}"""));
        await using var client = TestClient.Create(mode, o =>
        {
            Configure(o);
            o.MaxRetries = 0;
        });

        var failed = await client.AuthKit.CreateAsync("user_1", IdentityType.User);
        Assert.False(failed.IsWhiteLabel);
        var fallback = Assert.Single(client.Logs.GetSnapshot(), r => r.Id.Name == "WhiteLabelFallback");
        Assert.Contains("HTTP 500", fallback.Message, StringComparison.Ordinal);

        Assert.True((await client.AuthKit.CreateAsync("user_2", IdentityType.User)).IsWhiteLabel);
        Assert.True((await client.AuthKit.CreateAsync("user_3", IdentityType.User)).IsWhiteLabel);
        Assert.Equal(2, _pica.FlagsRequests.Count);
        Assert.Equal(3, _pica.PageRequests().Count);
    }

    [Fact]
    public async Task A_late_flags_call_goes_on_and_its_answer_serves_the_next_tokens()
    {
        // Later than the first tokens wait for it: they go out without it, and it fills the cache.
        _pica.Flags(PicaStub.Json("""{"authkitWhitelist":true}""").WithDelay(1_500));
        using var logs = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var impatient = _pica.Client(o => o.FlagsGracePeriod = TimeSpan.FromMilliseconds(50), loggerFactory);

        Assert.False((await impatient.CreateAsync("user_1", IdentityType.User)).IsWhiteLabel);
        Assert.False((await impatient.CreateAsync("user_2", IdentityType.User)).IsWhiteLabel); // joined the call still out
        var fallbacks = logs.Collector.GetSnapshot().Where(r => r.Id.Name == "WhiteLabelFallback").ToList();
        Assert.Equal(2, fallbacks.Count);
        Assert.All(fallbacks, f => Assert.Contains("the call goes on", f.Message, StringComparison.Ordinal));

        // Another client of the account, which waits longer: the same call's answer, or the cache it filled.
        var patient = _pica.Client(o => o.FlagsGracePeriod = TimeSpan.FromSeconds(30));
        Assert.True((await patient.CreateAsync("user_3", IdentityType.User)).IsWhiteLabel);
        Assert.True((await impatient.CreateAsync("user_4", IdentityType.User)).IsWhiteLabel);

        Assert.Single(_pica.FlagsRequests);
        Assert.Equal(4, _pica.PageRequests().Count);
    }

    [Fact]
    public async Task A_failed_token_gives_up_the_flags_call_it_started()
    {
        // Page 1 is refused; the flags call would hang for the whole TotalTimeout if left running. The
        // refusal waits until the flags request is in: refused sooner, the token could give the call up
        // before it was sent, and the server would never see a connection to watch close.
        var flagsClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var flagsIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new RawHttpServer(async (s, target, stream, ct) =>
        {
            if (RawHttpServer.IsFlags(target))
            {
                flagsIn.TrySetResult();
                // No answer: reads until the client closes the connection.
                var read = await stream.ReadAsync(new byte[1], ct);
                if (read == 0)
                {
                    flagsClosed.TrySetResult();
                }

                return;
            }

            await flagsIn.Task.WaitAsync(ct);
            await s.WriteRawAsync(stream, "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"error\":\"bad\"}", ct);
        });
        var client = new AuthKitToken(new AuthKitOptions
        {
            SecretKey = PicaStub.SecretKey,
            BaseUrl = server.Url,
            MaxRetries = 0,
            Timeout = TimeSpan.FromMinutes(10),
            TotalTimeout = TimeSpan.FromMinutes(10),
        });

        var error = await Assert.ThrowsAsync<AuthKitApiException>(() => client.CreateAsync("user_1", IdentityType.User));
        Assert.Equal(400, (int)error.StatusCode);

        await flagsClosed.Task.WaitAsync(TimeSpan.FromMinutes(1)); // a hang guard: the call is given up, or never ends
    }

    [Theory]
    [InlineData(ClientMode.DependencyInjection)]
    [InlineData(ClientMode.Standalone)]
    public async Task A_late_flags_call_left_to_finish_is_bounded_by_its_own_deadline(ClientMode mode)
    {
        // The flags call never answers. The token goes out without it; the call goes on for the cache,
        // until TotalTimeout (1 minute here) after that, on the client's clock.
        var flagsClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var flagsIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var page = ConnectionFaker.Pages(ConnectionFaker.Rows(2, seed: 62), 100)[0].ToJsonString();
        var server = new RawHttpServer(async (s, target, stream, ct) =>
        {
            if (RawHttpServer.IsFlags(target))
            {
                flagsIn.TrySetResult();
                if (await stream.ReadAsync(new byte[1], ct) == 0)
                {
                    flagsClosed.TrySetResult();
                }

                return;
            }

            await s.WriteRawAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {System.Text.Encoding.UTF8.GetByteCount(page)}\r\n\r\n{page}", ct);
        });
        var time = new FakeTimeProvider();
        var client = ClientWithClock(mode, time, o =>
        {
            o.BaseUrl = server.Url;
            o.MaxRetries = 0;
            o.Timeout = TimeSpan.FromMinutes(10); // no attempt timeout within the test's clock
            o.TotalTimeout = TimeSpan.FromMinutes(1);
        });
        try
        {
            // The grace period runs on the client's clock: moved on until the token gives up waiting, once the
            // flags request is in (a clock moved on sooner could end the call before it was ever sent, and
            // the server would have no connection to see closed).
            var token = client.CreateAsync("user_1", IdentityType.User);
            await flagsIn.Task.WaitAsync(TimeSpan.FromMinutes(1));
            while (!token.IsCompleted)
            {
                time.Advance(TimeSpan.FromMilliseconds(300));
                await Task.WhenAny(token, Task.Delay(20));
            }

            Assert.False((await token).IsWhiteLabel);
            Assert.False(flagsClosed.Task.IsCompleted); // left to finish

            time.Advance(TimeSpan.FromMinutes(1));
            await flagsClosed.Task.WaitAsync(TimeSpan.FromMinutes(1)); // a hang guard
        }
        finally
        {
            // The server first: it closes a call still out (if the test failed). Disposing the DI client's
            // resilience pipeline waits for calls in flight, blocking, on the client's clock: moved on from
            // here until it is done.
            await server.DisposeAsync();
            var disposed = Task.Run(() => client.DisposeAsync().AsTask());
            while (!disposed.IsCompleted)
            {
                time.Advance(TimeSpan.FromSeconds(1));
                await Task.WhenAny(disposed, Task.Delay(20));
            }

            await disposed;
        }
    }

    [Fact]
    public async Task A_rotated_key_is_another_account()
    {
        const string KeyA = "sk_test_CacheRotationAaaa0000";
        const string KeyB = "sk_test_CacheRotationBbbb1111";
        _pica.Flags(true);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AuthKit:SecretKey"] = KeyA,
            ["AuthKit:BaseUrl"] = _pica.Url.ToString(),
        }).Build();
        var services = new ServiceCollection();
        services.AddAuthKit(configuration.GetSection("AuthKit"));
        await using var provider = services.BuildServiceProvider();
        var authKit = provider.GetRequiredService<IAuthKitToken>();

        await authKit.CreateAsync("user_1", IdentityType.User);
        await authKit.CreateAsync("user_2", IdentityType.User);
        configuration["AuthKit:SecretKey"] = KeyB;
        configuration.Reload();
        await authKit.CreateAsync("user_3", IdentityType.User);
        await authKit.CreateAsync("user_4", IdentityType.User);
        configuration["AuthKit:SecretKey"] = KeyA;
        configuration.Reload();
        await authKit.CreateAsync("user_5", IdentityType.User);

        // One flags call per key, each with its own key; back to the first key, its flag is still known.
        Assert.Equal([KeyA, KeyB], _pica.FlagsRequests.Select(r => r.Headers!["X-Pica-Secret"][0]));
        Assert.Equal(5, _pica.PageRequests().Count);
    }

    [Theory]
    [InlineData(ClientMode.DependencyInjection)]
    [InlineData(ClientMode.Standalone)]
    public async Task A_zero_duration_reads_the_flag_for_every_token_as_before(ClientMode mode)
    {
        _pica.Flags(PicaStub.Json("""{"authkitWhitelist":true}""").WithDelay(200));
        await using var client = TestClient.Create(mode, o =>
        {
            Configure(o);
            o.WhiteLabelCacheDuration = TimeSpan.Zero;
            o.FlagsGracePeriod = TimeSpan.FromSeconds(30);
        });

        Assert.True((await client.AuthKit.CreateAsync("user_1", IdentityType.User)).IsWhiteLabel);
        Assert.True((await client.AuthKit.CreateAsync("user_2", IdentityType.User)).IsWhiteLabel);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => client.AuthKit.CreateAsync($"user_c{i}", IdentityType.User)));

        Assert.All(concurrent, t => Assert.True(t.IsWhiteLabel));
        Assert.Equal(10, _pica.FlagsRequests.Count);
        Assert.Equal(10, _pica.PageRequests().Count);
    }

    public void Dispose() => _pica.Dispose();

    private void Configure(AuthKitOptions o)
    {
        o.SecretKey = PicaStub.SecretKey;
        o.BaseUrl = _pica.Url;
        o.RetryDelay = TimeSpan.FromMilliseconds(10);
    }

    private ClockedClient ClientWithClock(ClientMode mode, TimeProvider time, Action<AuthKitOptions> configure)
    {
        if (mode == ClientMode.DependencyInjection)
        {
            var services = new ServiceCollection();
            services.AddSingleton(time);
            services.AddAuthKit(o =>
            {
                Configure(o);
                configure(o);
            });
            var provider = services.BuildServiceProvider();
            return new ClockedClient(provider.GetRequiredService<IAuthKitToken>(), provider);
        }

        var options = new AuthKitOptions();
        Configure(options);
        configure(options);
        var handler = new SocketsHttpHandler();
        AuthKitHttp.ConfigurePrimaryHandler(handler, options);
        return new ClockedClient(new AuthKitToken(options, null, handler, time), handler);
    }

    private sealed class ClockedClient(IAuthKitToken authKit, IAsyncDisposable? owner, IDisposable? handler = null) : IAsyncDisposable
    {
        public ClockedClient(IAuthKitToken authKit, IDisposable handler)
            : this(authKit, null, handler)
        {
        }

        public Task<AuthKitTokenResponse> CreateAsync(string identity, IdentityType type) => authKit.CreateAsync(identity, type);

        public async ValueTask DisposeAsync()
        {
            if (owner is not null)
            {
                await owner.DisposeAsync();
            }

            handler?.Dispose();
        }
    }
}
