using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using static AuthKit.Testing.Tests.RawHttp;

namespace AuthKit.Testing.Tests;

/// <summary>The emulator end to end through the SDK: what a consumer's integration test does.</summary>
public sealed class EmulatorSdkTests : IDisposable
{
    private readonly PicaEmulator _pica = PicaEmulator.Start();

    public void Dispose() => _pica.Dispose();

    // Short waits keep retry tests fast; the behaviour is the same as with the defaults.
    private AuthKitToken Client(Action<AuthKitOptions>? configure = null)
    {
        var options = _pica.CreateOptions();
        options.RetryDelay = TimeSpan.FromMilliseconds(10);
        configure?.Invoke(options);
        return new AuthKitToken(options);
    }

    [Theory]
    [InlineData(12, 100, 1)]
    [InlineData(250, 100, 3)]
    [InlineData(41, 10, 5)]
    public async Task The_token_holds_exactly_the_seeded_connections(int count, int pageSize, int pages)
    {
        _pica.SeedConnections(count, seed: 5).WithWhiteLabel(true);

        var token = await Client(o => o.PageSize = pageSize).CreateAsync("user_123", IdentityType.User);

        Assert.Equal(Json(_pica.Connections), Json(token.Rows));
        Assert.Equal(count, token.Total);
        Assert.Equal(1, token.Pages);
        Assert.Equal(1, token.Page);
        Assert.True(token.IsWhiteLabel);

        var pageRequests = _pica.ReceivedRequests.Where(r => r.Endpoint == PicaEndpoint.TokenPage).ToArray();
        Assert.Equal(Enumerable.Range(1, pages), pageRequests.Select(r => r.Page!.Value).Order());
        Assert.All(pageRequests, r => Assert.Equal(pageSize, r.Limit));
        Assert.All(pageRequests, r => Assert.Equal("""{"identity":"user_123","identityType":"user"}""", r.Body));
        Assert.Single(_pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Flags);
        Assert.All(_pica.ReceivedRequests, r => Assert.True(r.SecretKeyMatched));
        // requestId of the last page, as the Node SDK merges (pages 2.. run concurrently: any may be answered last).
        Assert.Equal(pageRequests.Single(r => r.Page == pages).RequestId, token.RequestId);
        Assert.Equal(Enumerable.Range(70001, pages).Select(i => (long)i), pageRequests.Select(r => r.RequestId!.Value).Order());
    }

    [Fact]
    public async Task With_CreateOptions_a_white_label_change_shows_on_the_next_token()
    {
        _pica.SeedConnections(3);
        var authKit = Client();

        Assert.False((await authKit.CreateAsync("user_1", IdentityType.User)).IsWhiteLabel);
        _pica.WithWhiteLabel(true);
        Assert.True((await authKit.CreateAsync("user_1", IdentityType.User)).IsWhiteLabel);

        // CreateOptions turns the SDK's white-label cache off: each token reads the flag.
        Assert.Equal(TimeSpan.Zero, _pica.CreateOptions().WhiteLabelCacheDuration);
        Assert.Equal(2, _pica.ReceivedRequests.Count(r => r.Endpoint == PicaEndpoint.Flags));
    }

    [Fact]
    public async Task An_empty_set_gives_an_empty_token_from_one_request()
    {
        var token = await Client().CreateAsync("user_1", IdentityType.User);

        Assert.Empty(token.Rows);
        Assert.Equal(0, token.Total);
        Assert.Single(_pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.TokenPage);
        Assert.False(token.IsWhiteLabel);
    }

    [Fact]
    public async Task A_wrong_key_fails_with_AuthKitApiException_401_and_is_not_retried()
    {
        _pica.SeedConnections(3);
        var authKit = Client(o => o.SecretKey = "sk_test_not_the_emulators");

        var error = await Assert.ThrowsAsync<AuthKitApiException>(() => authKit.CreateAsync("user_1", IdentityType.User));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.DoesNotContain("sk_test_not_the_emulators", error.Message);
        Assert.Single(_pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.TokenPage);
        Assert.All(_pica.ReceivedRequests, r => Assert.False(r.SecretKeyMatched));
    }

    [Fact]
    public async Task Transient_page_faults_are_retried_and_the_token_is_complete()
    {
        _pica.SeedConnections(30)
            .FailPage(1, PicaFault.ServiceUnavailable())
            .FailPage(2, PicaFault.InternalServerError(), times: 2)
            .FailPage(3, PicaFault.TooManyRequests(TimeSpan.FromSeconds(1)));

        var watch = Stopwatch.StartNew();
        var token = await Client(o => o.PageSize = 10).CreateAsync("user_1", IdentityType.User);

        Assert.Equal(Json(_pica.Connections), Json(token.Rows));
        var served = _pica.ReceivedRequests.Where(r => r.Endpoint == PicaEndpoint.TokenPage)
            .GroupBy(r => r.Page!.Value).ToDictionary(g => g.Key, g => g.Select(r => (int)r.StatusCode).ToArray());
        Assert.Equal([503, 200], served[1]);
        Assert.Equal([500, 500, 200], served[2]);
        Assert.Equal([429, 200], served[3]);
        // Retry-After: 1 was honoured, not the 10 ms backoff.
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.95), $"took {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_slow_attempt_times_out_and_the_retry_succeeds()
    {
        _pica.SeedConnections(3).FailPage(1, PicaFault.Slow(TimeSpan.FromSeconds(3)));

        var token = await Client(o => o.Timeout = TimeSpan.FromMilliseconds(300)).CreateAsync("user_1", IdentityType.User);

        Assert.Equal(3, token.Rows.Count);
        Assert.Equal([PicaFaultKind.Delay, null], _pica.ReceivedRequests.Where(r => r.Endpoint == PicaEndpoint.TokenPage).Select(r => r.Fault?.Kind));
    }

    [Fact]
    public async Task A_fault_that_outlasts_the_retries_surfaces_as_AuthKitApiException()
    {
        _pica.SeedConnections(30).FailPage(2, PicaFault.ServiceUnavailable(), times: int.MaxValue);

        var error = await Assert.ThrowsAsync<AuthKitApiException>(() => Client(o => { o.PageSize = 10; o.MaxRetries = 2; }).CreateAsync("user_1", IdentityType.User));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(3, _pica.ReceivedRequests.Count(r => r.Page == 2));
    }

    [Fact]
    public async Task A_401_on_a_later_page_is_final()
    {
        _pica.SeedConnections(30).FailPage(2, PicaFault.Unauthorized());

        var error = await Assert.ThrowsAsync<AuthKitApiException>(() => Client(o => o.PageSize = 10).CreateAsync("user_1", IdentityType.User));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(1, _pica.ReceivedRequests.Count(r => r.Page == 2));
    }

    [Theory]
    [InlineData(PicaFaultKind.EmptyResponse)]
    [InlineData(PicaFaultKind.MalformedJson)]
    public async Task An_unusable_page_fails_with_AuthKitException_not_an_api_error(PicaFaultKind kind)
    {
        _pica.SeedConnections(3).FailPage(1, kind == PicaFaultKind.EmptyResponse ? PicaFault.EmptyResponse() : PicaFault.MalformedJson());

        var error = await Assert.ThrowsAnyAsync<AuthKitException>(() => Client().CreateAsync("user_1", IdentityType.User));

        Assert.IsNotType<AuthKitApiException>(error);
        Assert.DoesNotContain(_pica.SecretKey, error.ToString());
    }

    [Fact]
    public async Task A_failing_flags_call_still_gives_the_token_without_white_label()
    {
        _pica.SeedConnections(3).WithWhiteLabel(true).FailFlags(PicaFault.InternalServerError(), times: int.MaxValue);

        var token = await Client(o => o.MaxRetries = 0).CreateAsync("user_1", IdentityType.User);

        Assert.Equal(3, token.Rows.Count);
        Assert.False(token.IsWhiteLabel);
        Assert.Contains(_pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Flags && r.StatusCode == HttpStatusCode.InternalServerError);
    }

    [Fact]
    public async Task Sixty_four_concurrent_callers_each_get_the_whole_token()
    {
        _pica.SeedConnections(230, seed: 9)
            .WithLatency(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(15))
            .FailPage(2, PicaFault.ServiceUnavailable(), times: 10);
        var authKit = Client();
        var expected = Json(_pica.Connections);

        var tokens = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => authKit.CreateAsync($"user_{i}", IdentityType.User)));

        Assert.All(tokens, t => Assert.Equal(expected, Json(t.Rows)));
        var pages = _pica.ReceivedRequests.Where(r => r.Endpoint == PicaEndpoint.TokenPage).ToArray();
        Assert.Equal(64 * 3 + 10, pages.Length);
        Assert.Equal(10, pages.Count(r => r.StatusCode == HttpStatusCode.ServiceUnavailable));
        Assert.Equal(Enumerable.Range(0, 64).Select(i => $"user_{i}").Order(), pages.Where(r => r.Page == 1).Select(r => r.Identity!).Order());
    }

    [Fact]
    public async Task Through_dependency_injection_the_emulator_serves_the_registered_client()
    {
        _pica.SeedConnections(7);
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddLogging();
        services.AddAuthKit(o =>
        {
            o.BaseUrl = _pica.Url;
            o.SecretKey = _pica.SecretKey;
        });
        await using var provider = services.BuildServiceProvider();

        var token = await provider.GetRequiredService<IAuthKitToken>().CreateAsync("team_1", IdentityType.Team);

        Assert.Equal(Json(_pica.Connections), Json(token.Rows));
        Assert.Equal("team", _pica.ReceivedRequests.First(r => r.Endpoint == PicaEndpoint.TokenPage).IdentityType);
    }
}
