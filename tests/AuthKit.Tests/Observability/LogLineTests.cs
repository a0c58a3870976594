using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Polly;
using Xunit.Abstractions;

namespace AuthKit.Tests.Observability;

/// <summary>
/// What an operator reads: the lines one token writes to the log of a host configured as apps are
/// (Host.CreateApplicationBuilder), every category at every level captured. A success writes nothing at
/// Information or above; a failure one Warning, its retries at Debug, naming the request; a flags
/// fallback one Warning saying what the token got, its retries at Debug. No stack trace, and no Polly
/// line from AuthKit's pipeline, while an application's own pipeline still logs through Polly.
/// </summary>
public sealed class LogLineTests(ITestOutputHelper output) : IDisposable
{
    private const int MaxRetries = 2;

    private readonly PicaStub _pica = new();

    [Theory]
    [InlineData(ClientMode.DependencyInjection)]
    [InlineData(ClientMode.Standalone)]
    public async Task A_successful_token_writes_no_line_at_Information_or_above(ClientMode mode)
    {
        _pica.ServeRows(ConnectionFaker.Rows(3, seed: 81));
        using var app = App.Start(mode, Configure);

        await app.AuthKit.CreateAsync("user_1", IdentityType.User);

        var lines = app.Lines();
        Report(lines);
        Assert.DoesNotContain(lines, l => l.Level >= LogLevel.Information);
        var created = Assert.Single(lines);
        Assert.Equal(("AuthKit.AuthKitToken", "TokenCreated", LogLevel.Debug), (created.Category, created.Id.Name, created.Level));
    }

    [Theory]
    [InlineData(ClientMode.DependencyInjection)]
    [InlineData(ClientMode.Standalone)]
    public async Task A_failed_token_writes_one_warning_and_its_retries_at_Debug_naming_the_request(ClientMode mode)
    {
        _pica.Page(1, PicaStub.Json("""{"error":"busy"}""", 503));
        _pica.Flags(true);
        using var app = App.Start(mode, Configure);

        var error = await Assert.ThrowsAsync<AuthKitApiException>(() => app.AuthKit.CreateAsync("user_1", IdentityType.User));

        var lines = app.Lines();
        Report(lines);
        Assert.Equal(MaxRetries + 1, _pica.PageRequests(1).Count);
        Assert.All(lines, l => Assert.Equal("AuthKit.AuthKitToken", l.Category));
        Assert.All(lines, l => Assert.Null(l.Exception));

        var retries = lines.Where(l => l.Id.Name == "RetryScheduled").ToList();
        Assert.Equal(MaxRetries, retries.Count);
        Assert.All(retries, r => Assert.Equal(LogLevel.Debug, r.Level));
        Assert.All(retries, r => Assert.StartsWith("Retrying the request to Pica for page 1 (retry ", r.Message, StringComparison.Ordinal));
        Assert.All(retries, r => Assert.EndsWith("after HTTP 503 (ServiceUnavailable)", r.Message, StringComparison.Ordinal));

        var failed = Assert.Single(lines, l => l.Level >= LogLevel.Information);
        Assert.Equal(("TokenFailed", LogLevel.Warning), (failed.Id.Name, failed.Level));
        Assert.Same(lines[^1], failed);
        Assert.Equal(error.Message, failed.GetStructuredStateValue("Reason"));
        Assert.Equal(MaxRetries + 1, lines.Count);
    }

    [Theory]
    [InlineData(ClientMode.DependencyInjection)]
    [InlineData(ClientMode.Standalone)]
    public async Task A_flags_fallback_writes_one_warning_saying_what_the_token_got_and_its_retries_at_Debug(ClientMode mode)
    {
        _pica.Page(1, PicaStub.Json(ConnectionFaker.Pages(ConnectionFaker.Rows(3, seed: 82), 100)[0].ToJsonString()));
        _pica.Flags(PicaStub.Json("""{"error":"flags down"}""", 500));
        using var app = App.Start(mode, o =>
        {
            Configure(o);
            o.FlagsGracePeriod = TimeSpan.FromSeconds(30); // the token waits for the call's end: its retries are all in
        });

        var token = await app.AuthKit.CreateAsync("user_1", IdentityType.User);

        var lines = app.Lines();
        Report(lines);
        Assert.False(token.IsWhiteLabel);
        Assert.All(lines, l => Assert.Equal("AuthKit.AuthKitToken", l.Category));
        Assert.All(lines, l => Assert.Null(l.Exception));
        var fallback = Assert.Single(lines, l => l.Level >= LogLevel.Information);
        Assert.Equal(("WhiteLabelFallback", LogLevel.Warning), (fallback.Id.Name, fallback.Level));
        Assert.Contains("HTTP 500", fallback.Message, StringComparison.Ordinal);
        Assert.EndsWith("this token is returned with isWhiteLabel false", fallback.Message, StringComparison.Ordinal);

        // Below Information: the retries, naming the request, and the token's own line.
        var retries = lines.Where(l => l.Id.Name == "RetryScheduled").ToList();
        Assert.Equal(MaxRetries, retries.Count);
        Assert.All(retries, r => Assert.Equal(LogLevel.Debug, r.Level));
        Assert.All(retries, r => Assert.StartsWith("Retrying the request to Pica for the white-label flag (retry ", r.Message, StringComparison.Ordinal));
        Assert.Equal("TokenCreated", Assert.Single(lines, l => l.Id.Name == "TokenCreated").Id.Name);
        Assert.Equal(MaxRetries + 2, lines.Count);
    }

    [Fact]
    public async Task The_applications_own_resilience_pipeline_still_logs_through_Polly()
    {
        _pica.ServeRows(ConnectionFaker.Rows(3, seed: 83));
        using var app = App.Start(ClientMode.DependencyInjection, Configure, services => services
            .AddHttpClient("mine", c => c.BaseAddress = _pica.Url)
            .AddResilienceHandler("mine", pipeline => pipeline.AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = 1 })));
        var mine = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient("mine");

        await app.AuthKit.CreateAsync("user_1", IdentityType.User);
        var authKitLines = app.Lines();
        (await mine.GetAsync(new Uri("/v1/users/flags", UriKind.Relative))).EnsureSuccessStatusCode();
        var mineLines = app.Lines();

        Report(authKitLines);
        Report(mineLines);
        Assert.DoesNotContain(authKitLines, l => (l.Category ?? string.Empty).StartsWith("Polly", StringComparison.Ordinal));
        Assert.Contains(mineLines, l => l.Category == "Polly" && l.Message.Contains("mine", StringComparison.Ordinal));
    }

    public void Dispose() => _pica.Dispose();

    private void Configure(AuthKitOptions o)
    {
        o.SecretKey = PicaStub.SecretKey;
        o.BaseUrl = _pica.Url;
        o.MaxRetries = MaxRetries;
        o.RetryDelay = TimeSpan.FromMilliseconds(10);
    }

    private void Report(IReadOnlyList<FakeLogRecord> lines)
    {
        output.WriteLine($"{lines.Count} line(s):");
        foreach (var line in lines)
        {
            output.WriteLine($"  {line.Level} {line.Category}[{line.Id.Name}] {line.Message}");
        }
    }

    /// <summary>
    /// A host as Host.CreateApplicationBuilder() configures it, its log providers replaced by a FakeLogger
    /// that takes every category at every level.
    /// </summary>
    private sealed class App : IDisposable
    {
        private readonly IHost _host;
        private readonly FakeLogCollector _logs;

        private App(IHost host, IAuthKitToken authKit)
        {
            _host = host;
            _logs = host.Services.GetFakeLogCollector();
            AuthKit = authKit;
        }

        public IAuthKitToken AuthKit { get; }

        public IServiceProvider Services => _host.Services;

        public static App Start(ClientMode mode, Action<AuthKitOptions> configure, Action<IServiceCollection>? more = null)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders().AddFakeLogging().SetMinimumLevel(LogLevel.Trace);
            if (mode == ClientMode.DependencyInjection)
            {
                builder.Services.AddAuthKit(configure);
            }

            more?.Invoke(builder.Services);
            var host = builder.Build();
            IAuthKitToken authKit;
            if (mode == ClientMode.DependencyInjection)
            {
                authKit = host.Services.GetRequiredService<IAuthKitToken>();
            }
            else
            {
                var options = new AuthKitOptions();
                configure(options);
                authKit = new AuthKitToken(options, host.Services.GetRequiredService<ILoggerFactory>());
            }

            var app = new App(host, authKit);
            app._logs.Clear(); // what building and resolving logged is not the token's
            return app;
        }

        /// <summary>The lines since the last call, in order.</summary>
        public IReadOnlyList<FakeLogRecord> Lines()
        {
            var lines = _logs.GetSnapshot(clear: true);
            return lines;
        }

        public void Dispose() => _host.Dispose();
    }
}
