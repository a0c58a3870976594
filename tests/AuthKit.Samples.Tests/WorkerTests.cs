using System.Diagnostics;
using System.Net;
using AuthKit.Sample.Worker;
using AuthKit.Testing;
using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuthKit.Samples.Tests;

/// <summary>The worker sample's host, run in-process against an emulator.</summary>
public sealed class WorkerTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly PicaEmulator _pica = PicaEmulator.Start().SeedConnections(12, seed: 2);
    private readonly InFlightProbe _probe = new();

    public void Dispose() => _pica.Dispose();

    private IHost Worker(params (string Key, string Value)[] settings) =>
        WorkerHost.Create([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AuthKit:SecretKey"] = _pica.SecretKey,
                ["AuthKit:BaseUrl"] = _pica.Url.ToString(),
                ["AuthKit:RetryDelay"] = "00:00:00.010",
            });
            builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
            builder.Services.AddFakeLogging();
            builder.Services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(_probe.CreateHandler));
        });

    private string[] FirstPageIdentities() =>
        [.. _pica.ReceivedRequests.Where(r => r.Endpoint == PicaEndpoint.TokenPage && r.Page == 1).Select(r => r.Identity!).Order()];

    [Fact]
    public async Task It_creates_a_token_per_generated_identity_with_bounded_concurrency_logs_the_summary_and_exits_0()
    {
        _pica.WithLatency(TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(60));
        using var host = Worker(("TokenBatch:Count", "40"), ("TokenBatch:MaxConcurrency", "4"));
        var worker = host.Services.GetRequiredService<TokenBatchWorker>();
        var logs = host.Services.GetFakeLogCollector();

        var exitCode = await WorkerHost.RunAsync(host).WaitAsync(Patience);

        Assert.Equal(0, exitCode);
        Assert.Equal(new TokenBatchSummary(40, 40, 0, false, 40 * 12, worker.Summary!.Duration), worker.Summary);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => $"user_{i:D4}"), FirstPageIdentities());
        Assert.Equal(4, _probe.Max);
        var summary = logs.GetSnapshot().Single(r => r.Id.Id == 3 && r.Category == typeof(TokenBatchWorker).FullName);
        Assert.StartsWith("Token batch completed: 40/40 tokens created, 0 failed, 0 not done, 480 connections", summary.Message);
    }

    [Fact]
    public async Task It_uses_the_configured_identities_and_type()
    {
        using var host = Worker(("TokenBatch:Identities:0", "team_a"), ("TokenBatch:Identities:1", "team_b"), ("TokenBatch:IdentityType", "Team"));

        var exitCode = await WorkerHost.RunAsync(host).WaitAsync(Patience);

        Assert.Equal(0, exitCode);
        Assert.Equal(["team_a", "team_b"], FirstPageIdentities());
        Assert.All(_pica.ReceivedRequests.Where(r => r.Endpoint == PicaEndpoint.TokenPage), r => Assert.Equal("team", r.IdentityType));
    }

    [Fact]
    public async Task Failed_tokens_are_counted_the_batch_goes_on_and_the_exit_code_is_1()
    {
        _pica.FailPage(1, PicaFault.Unauthorized(), times: 3);
        using var host = Worker(("TokenBatch:Count", "10"), ("TokenBatch:MaxConcurrency", "2"));
        var worker = host.Services.GetRequiredService<TokenBatchWorker>();

        var exitCode = await WorkerHost.RunAsync(host).WaitAsync(Patience);

        Assert.Equal(1, exitCode);
        Assert.Equal((10, 7, 3, false), (worker.Summary!.Total, worker.Summary.Succeeded, worker.Summary.Failed, worker.Summary.Cancelled));
        Assert.Equal(3, _pica.ReceivedRequests.Count(r => r.StatusCode == HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Stopping_mid_batch_cancels_the_requests_in_flight_starts_no_more_and_exits_0()
    {
        // Every answer takes 4 s: a host that waited for its requests in flight would report those 4
        // tokens as created; one that cancels them reports them not done. Counts, not a stopwatch.
        var latency = TimeSpan.FromSeconds(4);
        _pica.WithLatency(latency, latency);
        using var host = Worker(("TokenBatch:Count", "200"), ("TokenBatch:MaxConcurrency", "4"));
        var worker = host.Services.GetRequiredService<TokenBatchWorker>();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();

        var run = WorkerHost.RunAsync(host);
        // Second wave in flight: 4 tokens done, 4 more waiting on the emulator.
        await WaitUntilAsync(() => _pica.ReceivedRequests.Count(r => r.Page == 1) >= 8);
        var cancelledAt = DateTimeOffset.UtcNow;
        lifetime.StopApplication(); // what Ctrl+C does
        var exitCode = await run.WaitAsync(Patience);
        var seenAtStop = _pica.ReceivedRequests.Count;
        await Task.Delay(latency + TimeSpan.FromMilliseconds(500)); // a worker still running would have started its next request by now

        Assert.Equal(0, exitCode);
        Assert.True(worker.Summary!.Cancelled);
        Assert.Equal(4, worker.Summary.Succeeded);
        Assert.Equal(196, worker.Summary.NotDone);
        Assert.Equal(seenAtStop, _pica.ReceivedRequests.Count);
        Assert.DoesNotContain(_pica.ReceivedRequests, r => r.Timestamp > cancelledAt);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < Patience, "the condition was not met in time");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task With_no_key_it_runs_the_batch_against_an_embedded_emulator()
    {
        using var host = Worker(("AuthKit:SecretKey", ""), ("TokenBatch:Count", "6"));
        var embedded = host.Services.GetRequiredService<PicaEmulator>();
        var worker = host.Services.GetRequiredService<TokenBatchWorker>();
        var logs = host.Services.GetFakeLogCollector();

        var exitCode = await WorkerHost.RunAsync(host).WaitAsync(Patience);

        Assert.Equal(0, exitCode);
        Assert.Equal(6 * 12, worker.Summary!.Connections);
        Assert.Equal(6, embedded.ReceivedRequests.Count(r => r.Endpoint == PicaEndpoint.TokenPage && r.SecretKeyMatched));
        Assert.Empty(_pica.ReceivedRequests);
        Assert.Contains(logs.GetSnapshot(), r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning && r.Message.Contains("in-process Pica emulator", StringComparison.Ordinal));
    }
}
