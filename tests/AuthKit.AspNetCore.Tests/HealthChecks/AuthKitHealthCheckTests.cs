using System.Net;
using System.Net.Sockets;
using AuthKit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AuthKit.AspNetCore.Tests.HealthChecks;

/// <summary>
/// <c>AddHealthChecks().AddAuthKit()</c> over the emulator: what an operator's probe reports (healthy, the
/// key refused, Pica unavailable), what it costs Pica (its request log), and that a rotated key is checked
/// at once. The clock is a FakeTimeProvider, which the SDK and the check both take from the services.
/// </summary>
public sealed class AuthKitHealthCheckTests : IDisposable
{
    private const string WrongKey = "sk_test_revoked_health_key_0042";

    private readonly PicaEmulator _pica = PicaEmulator.Start().SeedConnections(2, seed: 61);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _pica.Dispose();

    private static IConfigurationRoot Configuration(string key, Uri baseUrl) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AuthKit:SecretKey"] = key,
            ["AuthKit:BaseUrl"] = baseUrl.ToString(),

            // The fake clock never moves by itself: a retry would wait for ever for its delay.
            ["AuthKit:MaxRetries"] = "0",
        })
        .Build();

    private ServiceProvider Provider(IConfiguration configuration, Action<IHealthChecksBuilder>? health = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddAuthKit(configuration.GetSection(AuthKitOptions.SectionName));
        var checks = services.AddHealthChecks();
        (health ?? (h => h.AddAuthKit()))(checks);
        return services.BuildServiceProvider();
    }

    private static async Task<HealthReportEntry> ProbeAsync(IServiceProvider provider, string name = "authkit")
    {
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries[name];
    }

    private PicaEmulatorRequest[] FlagsCalls() => [.. _pica.ReceivedRequests.Where(r => r.Endpoint == PicaEndpoint.Flags)];

    private static void AssertNoKey(HealthReportEntry entry, params string[] keys)
    {
        Assert.Null(entry.Exception);
        var everything = entry.Description + string.Join(",", entry.Data.Select(d => $"{d.Key}={d.Value}"));
        Assert.All(keys, key => Assert.DoesNotContain(key, everything, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Probes_within_the_cache_period_cost_Pica_one_flags_call_and_one_more_after_it()
    {
        await using var provider = Provider(Configuration(_pica.SecretKey, _pica.Url));

        var first = await ProbeAsync(provider);
        for (var i = 0; i < 9; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(3));
            Assert.Equal(HealthStatus.Healthy, (await ProbeAsync(provider)).Status);
        }

        var callsWithinThePeriod = FlagsCalls().Length;
        _time.Advance(TimeSpan.FromSeconds(3)); // 30 s after the answer: the default period is over
        var after = await ProbeAsync(provider);

        Assert.Equal(HealthStatus.Healthy, first.Status);
        Assert.Equal("Pica accepts the secret key.", first.Description);
        Assert.Equal(_pica.Url.GetLeftPart(UriPartial.Authority), first.Data["baseUrl"]);
        Assert.Equal(1, callsWithinThePeriod);
        Assert.Equal(HealthStatus.Healthy, after.Status);
        var calls = FlagsCalls();
        Assert.Equal(2, calls.Length);
        Assert.All(calls, c => Assert.Equal(("GET", "/v1/users/flags", true), (c.Method, c.Path, c.SecretKeyMatched)));
        Assert.Equal(calls.Length, _pica.ReceivedRequests.Count);
        AssertNoKey(first, _pica.SecretKey);
    }

    [Fact]
    public async Task The_cache_period_is_configurable()
    {
        await using var provider = Provider(Configuration(_pica.SecretKey, _pica.Url),
            h => h.AddAuthKit("pica", configure: o => o.CacheDuration = TimeSpan.FromMinutes(2)));

        await ProbeAsync(provider, "pica");
        _time.Advance(TimeSpan.FromSeconds(119));
        await ProbeAsync(provider, "pica");
        var withinThePeriod = FlagsCalls().Length;
        _time.Advance(TimeSpan.FromSeconds(1));
        await ProbeAsync(provider, "pica");

        Assert.Equal(1, withinThePeriod);
        Assert.Equal(2, FlagsCalls().Length);
    }

    [Fact]
    public async Task A_refused_key_reports_the_failure_status_says_the_key_is_refused_and_never_quotes_it()
    {
        await using var provider = Provider(Configuration(WrongKey, _pica.Url));

        var entry = await ProbeAsync(provider);
        var again = await ProbeAsync(provider);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("refuses the secret key (HTTP 401)", entry.Description);
        Assert.Contains("revoked", entry.Description);
        Assert.Equal(401, entry.Data["picaStatus"]);
        Assert.Equal(HealthStatus.Unhealthy, again.Status);
        Assert.Single(FlagsCalls()); // a refusal is cached too: probes do not hammer Pica with a bad key
        Assert.False(FlagsCalls()[0].SecretKeyMatched);
        AssertNoKey(entry, WrongKey, _pica.SecretKey);
    }

    [Fact]
    public async Task The_failure_status_of_the_registration_is_what_a_refused_key_reports()
    {
        await using var provider = Provider(Configuration(WrongKey, _pica.Url), h => h.AddAuthKit(failureStatus: HealthStatus.Degraded, tags: ["ready"]));

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("ready"));

        Assert.Equal(HealthStatus.Degraded, report.Entries["authkit"].Status);
    }

    [Fact]
    public async Task Pica_answering_503_is_Degraded_with_its_status()
    {
        _pica.FailFlags(PicaFault.ServiceUnavailable(), times: int.MaxValue);
        await using var provider = Provider(Configuration(_pica.SecretKey, _pica.Url));

        var entry = await ProbeAsync(provider);

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Contains("unavailable", entry.Description);
        Assert.Contains("503", entry.Description);
        Assert.Equal(503, entry.Data["picaStatus"]);
        Assert.Single(FlagsCalls());
        AssertNoKey(entry, _pica.SecretKey);
    }

    [Fact]
    public async Task Pica_out_of_reach_is_Degraded()
    {
        // A port nothing listens on: the connection is refused.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closed = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        listener.Stop();
        await using var provider = Provider(Configuration(_pica.SecretKey, closed));

        var entry = await ProbeAsync(provider);

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Contains("could not be reached", entry.Description);
        Assert.False(entry.Data.ContainsKey("picaStatus"));
        AssertNoKey(entry, _pica.SecretKey);
    }

    [Fact]
    public async Task A_key_rotated_by_a_configuration_reload_is_checked_at_the_next_probe_whatever_is_cached()
    {
        var configuration = Configuration(WrongKey, _pica.Url);
        await using var provider = Provider(configuration);
        var refused = await ProbeAsync(provider);

        configuration["AuthKit:SecretKey"] = _pica.SecretKey;
        configuration.Reload();
        var rotated = await ProbeAsync(provider);
        var cached = await ProbeAsync(provider);

        Assert.Equal(HealthStatus.Unhealthy, refused.Status);
        Assert.Equal(HealthStatus.Healthy, rotated.Status);
        Assert.Equal(HealthStatus.Healthy, cached.Status);
        Assert.Equal([false, true], FlagsCalls().Select(c => c.SecretKeyMatched));
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("01:00:01")]
    public void A_cache_duration_out_of_range_is_refused_naming_the_setting(string duration)
    {
        using var provider = Provider(Configuration(_pica.SecretKey, _pica.Url), h => h.AddAuthKit(configure: o => o.CacheDuration = TimeSpan.Parse(duration, System.Globalization.CultureInfo.InvariantCulture)));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<AuthKitHealthCheckOptions>>().Get("authkit"));

        Assert.Contains("AuthKitHealthCheckOptions.CacheDuration", error.Message);
        Assert.Contains("between 00:00:00 and 01:00:00", error.Message);
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Fact]
    public async Task Probes_while_the_call_is_out_wait_for_that_call_even_with_no_cache()
    {
        var held = new HeldFlags();
        await using var provider = Provider(Configuration(_pica.SecretKey, _pica.Url), h => h.AddAuthKit(configure: o => o.CacheDuration = TimeSpan.Zero));
        var check = new AuthKitHealthCheck(held, provider.GetRequiredService<IOptionsMonitor<AuthKitOptions>>(),
            provider.GetRequiredService<IOptionsMonitor<AuthKitHealthCheckOptions>>(), _time, "authkit");
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("authkit", check, null, null) };

        var probes = Enumerable.Range(0, 5).Select(_ => check.CheckHealthAsync(context)).ToArray();
        Assert.All(probes, p => Assert.False(p.IsCompleted));
        held.Answer.SetResult(new PicaUserFlags());
        var results = await Task.WhenAll(probes);
        var next = await check.CheckHealthAsync(context);

        Assert.All(results, r => Assert.Equal(HealthStatus.Healthy, r.Status));
        Assert.Equal(2, held.Calls); // the five shared one call; with no cache, the next probe asks again
        Assert.Equal(HealthStatus.Healthy, next.Status);
    }

    // The SDK's flags call, held until the test answers it.
    private sealed class HeldFlags : IPicaAuthKitApi
    {
        private int _calls;

        public TaskCompletionSource<PicaUserFlags> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls => Volatile.Read(ref _calls);

        public Task<AuthKitTokenResponse> CreateTokenPageAsync(int limit, int page, AuthKitTokenRequest request, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The health check asks for the flags only.");

        public Task<PicaUserFlags> GetUserFlagsAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return Answer.Task;
        }

        public Task GetWhoAmIAsync(CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("On Pica the health check asks for the flags only.");
    }
}
