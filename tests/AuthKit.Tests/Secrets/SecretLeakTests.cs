using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using WireMock.ResponseBuilders;
using Xunit.Abstractions;

namespace AuthKit.Tests.Secrets;

/// <summary>
/// The secret key never reaches anything an operator sees: every scenario, success and failure, runs
/// through the DI registration (with IHttpClientFactory's own request and header logging) and the
/// standalone client, with every log level on, every ActivitySource and every Meter listened to, and
/// everything recorded is swept for the key.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class SecretLeakTests(ITestOutputHelper output)
{
    // Distinctive, so that a hit can only be this key and no other test's.
    private const string Key = "sk_test_SweepCanary7Qz4Lm9Xw2Rt8Kp3";

    private const string EmptyPage = """{"rows":[],"total":0,"pages":1,"page":1,"requestId":1}""";

    public enum Mode
    {
        DependencyInjection,
        Standalone,
    }

    private static IReadOnlyList<Scenario> Scenarios { get; } =
    [
        new("success, one page", p => p.ServeRows(ConnectionFaker.Rows(5, seed: 31)), ExpectRows: 5),
        new("success, three pages", p => p.ServeRows(ConnectionFaker.Rows(250, seed: 32)), ExpectRows: 250),
        new("synchronous Create", p => p.ServeRows(ConnectionFaker.Rows(3, seed: 33)),
            Act: c => Task.FromResult(c.Create(new AuthKitTokenRequest { Identity = "user_1", IdentityType = IdentityType.User })), ExpectRows: 3),
        new("401 echoing the key in the body and in headers", p =>
        {
            p.Flags(true);
            p.Page(1, PicaStub.Json($$"""{"error":"Unauthorized","message":"invalid key {{Key}}"}""", 401)
                .WithHeader("X-Pica-Secret", Key).WithHeader("WWW-Authenticate", $"PicaKey key={Key}"));
        }, Expect: typeof(AuthKitApiException)),
        new("403 echoing the key, on page 2", p =>
        {
            var pages = ConnectionFaker.Pages(ConnectionFaker.Rows(150, seed: 34), 100);
            p.Flags(true);
            p.Page(1, PicaStub.Json(pages[0].ToJsonString()));
            p.Page(2, PicaStub.Json($$"""{"error":"Forbidden","key":"{{Key}}"}""", 403));
        }, Expect: typeof(AuthKitApiException)),
        new("503 echoing the key, then 200", p =>
        {
            p.Flags(true);
            p.PageSequence(1, PicaStub.Json($$"""{"error":"busy {{Key}}"}""", 503), PicaStub.Json(EmptyPage));
        }, ExpectRows: 0),
        new("503 echoing the key, never recovering", p =>
        {
            p.Flags(true);
            p.Page(1, PicaStub.Json($$"""{"error":"down {{Key}}"}""", 503));
        }, o => o.MaxRetries = 2, Expect: typeof(AuthKitApiException)),
        new("429 with a Retry-After beyond MaxRetryDelay", p =>
        {
            p.Flags(true);
            p.Page(1, PicaStub.Json($$"""{"error":"slow down {{Key}}"}""", 429).WithHeader("Retry-After", "3600"));
        }, Expect: typeof(AuthKitApiException)),
        new("429 with Retry-After 1 s, then 200", p =>
        {
            p.Flags(true);
            p.PageSequence(1, PicaStub.Json($$"""{"error":"slow down {{Key}}"}""", 429).WithHeader("Retry-After", "1"), PicaStub.Json(EmptyPage));
        }, ExpectRows: 0),
        new("empty 200 response", p =>
        {
            p.Flags(true);
            p.PageSequence(1, Response.Create().WithFault(FaultType.EMPTY_RESPONSE), PicaStub.Json(EmptyPage));
        }, Expect: typeof(AuthKitException)),
        new("HTML 502 page echoing the key, then 200", p =>
        {
            p.Flags(true);
            p.PageSequence(1,
                Response.Create().WithStatusCode(502).WithHeader("Content-Type", "text/html").WithBody($"<html><body><h1>502 Bad Gateway</h1><!-- {Key} --></body></html>"),
                PicaStub.Json(EmptyPage));
        }, ExpectRows: 0),
        new("404 echoing the key, on page 2", p =>
        {
            var pages = ConnectionFaker.Pages(ConnectionFaker.Rows(150, seed: 41), 100);
            p.Flags(true);
            p.Page(1, PicaStub.Json(pages[0].ToJsonString()));
            p.Page(2, PicaStub.Json($$"""{"error":"Not Found","secret":"{{Key}}"}""", 404));
        }, Expect: typeof(AuthKitApiException)),
        new("400 echoing the key", p =>
        {
            p.Flags(true);
            p.Page(1, PicaStub.Json($$$"""{"error":"Bad Request","received":{"X-Pica-Secret":"{{{Key}}}"}}""", 400));
        }, Expect: typeof(AuthKitApiException)),
        new("an attempt slower than Timeout, then a fast one", p =>
        {
            p.Flags(true);
            p.PageSequence(1, PicaStub.Json(EmptyPage).WithDelay(1500), PicaStub.Json(EmptyPage));
        }, o => o.Timeout = TimeSpan.FromMilliseconds(300), ExpectRows: 0),
        new("deeply nested JSON", p =>
        {
            p.Flags(true);
            p.Page(1, PicaStub.Json("{\"rows\":" + new string('[', 5000) + new string(']', 5000) + "}"));
        }, Expect: typeof(AuthKitException)),
        new("the same page twice", p =>
        {
            var pages = ConnectionFaker.Pages(ConnectionFaker.Rows(3, seed: 42), 1);
            p.Flags(true);
            p.Page(1, PicaStub.Json(pages[0].ToJsonString()));
            p.Page(2, PicaStub.Json(pages[1].ToJsonString()));
            p.Page(3, PicaStub.Json(pages[1].ToJsonString()));
        }, o => o.PageSize = 1, Expect: typeof(AuthKitException)),
        new("attempts slower than Timeout", p =>
        {
            p.Flags(true);
            p.Page(1, PicaStub.Json(EmptyPage).WithDelay(1500));
        }, o => { o.Timeout = TimeSpan.FromMilliseconds(150); o.MaxRetries = 1; }, Expect: typeof(AuthKitException)),
        new("connection reset on page 1 and body cut off on page 2, then success",
            p => p.ServeRows(ConnectionFaker.Rows(150, seed: 35)),
            Faults: proxy =>
            {
                proxy.Inject(FaultProxy.Page(1), FaultProxy.Fault.Reset);
                proxy.Inject(FaultProxy.Page(2), FaultProxy.Fault.CutBody);
                proxy.Inject(FaultProxy.Flags, FaultProxy.Fault.Reset);
            }, ExpectRows: 150),
        new("connection reset on every attempt", p => p.ServeRows(ConnectionFaker.Rows(2, seed: 36)),
            o => o.MaxRetries = 1,
            Faults: proxy => proxy.Inject(FaultProxy.Page(1), FaultProxy.Fault.Reset, times: 100), Expect: typeof(AuthKitException)),
        new("200 with invalid JSON holding the key", p =>
        {
            p.Flags(true);
            p.Page(1, PicaStub.Json($$"""{"rows":[{"id":1,"title":{{Key}}}"""));
        }, Expect: typeof(AuthKitException)),
        new("200 without rows", p =>
        {
            p.Flags(true);
            p.Page(1, PicaStub.Json($$"""{"total":1,"pages":1,"page":1,"requestId":1,"note":"{{Key}}"}"""));
        }, Expect: typeof(AuthKitException)),
        new("paging that cannot be true", p =>
        {
            p.Flags(true);
            p.Page(1, PicaStub.Json("""{"rows":[],"total":1,"pages":50,"page":1,"requestId":1}"""));
        }, Expect: typeof(AuthKitException)),
        new("answer over MaxResponseBytes", p =>
        {
            p.Flags(true);
            p.Page(1, PicaStub.Json($$"""{"rows":[],"padding":"{{new string('x', 4096)}}","key":"{{Key}}"}"""));
        }, o => o.MaxResponseBytes = 1024, Expect: typeof(AuthKitException)),
        new("flags call failing with the key echoed", p =>
        {
            p.Page(1, PicaStub.Json(EmptyPage));
            p.Flags(PicaStub.Json($$"""{"error":"bad key {{Key}}"}""", 500).WithHeader("X-Pica-Secret", Key));
        }, o => o.MaxRetries = 1, ExpectRows: 0),
        new("flags call answering invalid JSON", p =>
        {
            p.Page(1, PicaStub.Json(EmptyPage));
            p.Flags(PicaStub.Json($$"""{"authkitWhitelist":{{Key}}"""));
        }, ExpectRows: 0),
        new("flags call slower than the grace period", p =>
        {
            p.Page(1, PicaStub.Json(EmptyPage));
            p.Flags(PicaStub.Json("""{"authkitWhitelist":true}""").WithDelay(2000));
        }, o => o.FlagsGracePeriod = TimeSpan.FromMilliseconds(100), ExpectRows: 0),
        new("identity refused by validation", p => p.ServeRows(ConnectionFaker.Rows(1, seed: 37)),
            Act: c => c.CreateAsync("user:" + Key, IdentityType.User), Expect: typeof(ArgumentException)),
        new("identity with NUL, a right-to-left mark and a zero-width space", p => p.ServeRows(ConnectionFaker.Rows(1, seed: 43)),
            Act: c => c.CreateAsync("user\0\u200F\u200B" + Key, IdentityType.User), Expect: typeof(ArgumentException)),
        new("a 1 MB identity", p => p.ServeRows(ConnectionFaker.Rows(1, seed: 44)),
            Act: c => c.CreateAsync(string.Concat(Enumerable.Repeat(Key, 1_000_000 / Key.Length)), IdentityType.User), Expect: typeof(ArgumentException)),
        new("key with a line break refused by options validation", p => p.ServeRows(ConnectionFaker.Rows(1, seed: 38)),
            o => o.SecretKey = Key + "\r\nX-Injected: 1", Expect: typeof(Exception)),
        new("key with a wrong prefix refused by options validation", p => p.ServeRows(ConnectionFaker.Rows(1, seed: 39)),
            o => o.SecretKey = "sk_prod_" + Key["sk_test_".Length..], Expect: typeof(Exception)),
        new("cancellation in the middle of the pages", p =>
        {
            var pages = ConnectionFaker.Pages(ConnectionFaker.Rows(250, seed: 40), 100);
            p.Flags(true);
            p.Page(1, PicaStub.Json(pages[0].ToJsonString()));
            p.Page(2, PicaStub.Json(pages[1].ToJsonString()).WithDelay(3000));
            p.Page(3, PicaStub.Json(pages[2].ToJsonString()).WithDelay(3000));
        }, Act: async c =>
        {
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            return await c.CreateAsync("user_1", IdentityType.User, cancellation.Token);
        }, Expect: typeof(OperationCanceledException)),
    ];

    [Fact]
    public async Task The_key_appears_in_no_log_exception_span_or_metric_in_any_scenario()
    {
        using var recorder = new TelemetryRecorder();
        var sweeper = new SecretSweeper(Key);
        var httpClientLogs = 0;
        var spanSources = new HashSet<string>();
        var meters = new HashSet<string>();
        var verboseLogs = 0;

        foreach (var mode in Enum.GetValues<Mode>())
        {
            foreach (var scenario in Scenarios)
            {
                var where = $"[{mode}, {scenario.Name}]";
                var collector = new FakeLogCollector();
                var (token, error) = await RunAsync(scenario, mode, collector);

                AssertOutcome(where, scenario, token, error);
                var logs = collector.GetSnapshot();
                sweeper.Logs(where, logs);
                sweeper.Exception($"{where} exception", error);
                sweeper.Text($"{where} token JSON", token is null ? null : JsonSerializer.Serialize(token, JsonSerializerOptions.Web));
                var spans = Drain(recorder.Stopped);
                var measurements = Drain(recorder.Measurements);
                sweeper.Spans(where, spans);
                sweeper.Metrics(where, measurements);
                spanSources.UnionWith(spans.Select(a => a.Source.Name));
                meters.UnionWith(measurements.Select(m => m.Meter));
                httpClientLogs += logs.Count(r => r.Category?.StartsWith("System.Net.Http.HttpClient.", StringComparison.Ordinal) == true);
                verboseLogs += logs.Count(r => r.Level <= LogLevel.Debug);
                output.WriteLine($"{where}: {(error is null ? $"token, {token!.Rows.Count} rows" : error.GetType().Name)}, {logs.Count} log records");
            }
        }

        // Leftovers of the last scenarios (a flags call given up on ends after its token).
        await Task.Delay(200);
        recorder.RecordObservableInstruments();
        sweeper.Spans("[late]", Drain(recorder.Stopped));
        sweeper.Metrics("[late]", Drain(recorder.Measurements));

        Assert.True(sweeper.Findings.Count == 0, "The key leaked:\n" + string.Join("\n", sweeper.Findings.Distinct().Take(30)));
        // Not vacuous: Trace and Debug records, and the spans and metrics of the SDK and of HttpClient, were swept.
        output.WriteLine($"Span sources swept: {string.Join(", ", spanSources.Order())}; meters swept: {string.Join(", ", meters.Order())}");
        Assert.Contains(AuthKitDiagnostics.ActivitySourceName, spanSources);
        // HttpClient's own span is off for AuthKit's requests: it records HttpClient's raw exception messages.
        Assert.DoesNotContain("System.Net.Http", spanSources);
        Assert.Superset(new HashSet<string> { AuthKitDiagnostics.MeterName, "System.Net.Http" }, meters);
        Assert.True(verboseLogs > 0, "no Trace or Debug record was collected");
        // IHttpClientFactory's default loggers put the key in their structured state (Microsoft.Extensions.Http
        // 10.0: only the message is redacted), so AddAuthKit removes them from its client.
        Assert.Equal(0, httpClientLogs);
    }

    [Fact]
    public void AuthKitOptions_ToString_shows_the_environment_never_the_key()
    {
        var sweeper = new SecretSweeper(Key);
        var options = new AuthKitOptions { SecretKey = Key };
        var live = new AuthKitOptions { SecretKey = "sk_live_" + Key["sk_test_".Length..] };
        var broken = new AuthKitOptions { SecretKey = Key + "\r\nX-Injected: 1" };

        sweeper.Text("test key", options.ToString());
        sweeper.Text("live key", live.ToString());
        sweeper.Text("broken key", broken.ToString());

        Assert.Empty(sweeper.Findings);
        Assert.Contains("SecretKey = sk_test_***", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("SecretKey = sk_live_***", live.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_sweeper_finds_a_key_planted_in_each_place_it_looks()
    {
        using var recorder = new TelemetryRecorder();
        var trace = recorder.StartTrace("planted");
        var collector = new FakeLogCollector();
        using (var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector))))
        {
            var logger = factory.CreateLogger("Planted");
            logger.LogInformation("message {Value}", "ok " + Key);
            logger.Log(LogLevel.Debug, new EventId(9), new[] { new KeyValuePair<string, object?>("Header", Key) }, null, (_, _) => "state only");
            using (logger.BeginScope("scope {Key}", Key[..20]))
            {
                logger.LogWarning("scoped");
            }

            logger.LogError(new InvalidOperationException("outer", new IOException("inner " + Key)), "with exception");
        }

        using (var planted = new ActivitySource("AuthKit.Tests.Planted").StartActivity("span"))
        {
            planted!.SetTag("tagged", Key);
            planted.AddEvent(new ActivityEvent("event", tags: new ActivityTagsCollection { ["evented"] = Key }));
            planted.AddBaggage("bagged", Key);
        }

        using (var meter = new Meter("AuthKit.Tests.Planted"))
        {
            meter.CreateCounter<long>("planted").Add(1, new KeyValuePair<string, object?>("metered", Key[5..25]));
        }

        trace.Dispose();
        var exception = new AuthKitException("outer", new HttpRequestException("middle", new IOException(Key)));

        var sweeper = new SecretSweeper(Key);
        sweeper.Logs("logs", collector.GetSnapshot());
        sweeper.Spans("spans", recorder.SpansOf(trace));
        sweeper.Metrics("metrics", recorder.Measurements.Where(m => m.Meter == "AuthKit.Tests.Planted"));
        sweeper.Exception("exception", exception);

        string[] expected =
        [
            "message", "state 'Header'", "state object", "scope", "exception inner", "tag 'tagged'", "tag 'evented'", "baggage 'bagged'", "tag 'metered'",
            "exception inner inner Message",
        ];
        var missed = expected.Where(place => !sweeper.Findings.Any(f => f.Contains(place, StringComparison.Ordinal))).ToList();
        Assert.True(missed.Count == 0, $"not found in: {string.Join(", ", missed)}\nfound: {string.Join("\n", sweeper.Findings)}");

        // Encoded as an echo may encode it: each form is found.
        var encoded = new SecretSweeper(Key);
        encoded.Text("json", string.Concat(Key.Select(c => $"\\u{(int)c:x4}")));
        encoded.Text("url", string.Concat(Key.Select(c => $"%{(int)c:X2}")));
        encoded.Text("html", string.Concat(Key.Select(c => $"&#{(int)c};")));
        encoded.Text("json in json", string.Concat(Key.Select(c => $"\\\\u{(int)c:X4}")));
        Assert.Equal(["json", "url", "html", "json in json"], encoded.Findings.Select(f => f[..f.IndexOf(':', StringComparison.Ordinal)]));

        var clean = new SecretSweeper(Key);
        clean.Text("redacted", "sk_test_*** and [REDACTED] and SweepCanary");
        Assert.Empty(clean.Findings);
    }

    private static async Task<(AuthKitTokenResponse? Token, Exception? Error)> RunAsync(Scenario scenario, Mode mode, FakeLogCollector collector)
    {
        using var pica = new PicaStub();
        scenario.Serve(pica);
        await using var proxy = scenario.Faults is null ? null : new FaultProxy(pica.Url);
        if (proxy is not null)
        {
            scenario.Faults!(proxy);
        }

        void Configure(AuthKitOptions o)
        {
            o.SecretKey = Key;
            o.BaseUrl = proxy?.Url ?? pica.Url;
            o.RetryDelay = TimeSpan.FromMilliseconds(10);
            o.Timeout = TimeSpan.FromSeconds(5);
            o.FlagsGracePeriod = TimeSpan.FromSeconds(2);
            scenario.Configure?.Invoke(o);
        }

        var act = scenario.Act ?? (c => c.CreateAsync("user_1", IdentityType.User));
        try
        {
            if (mode == Mode.DependencyInjection)
            {
                var services = new ServiceCollection();
                services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
                services.AddAuthKit(Configure);
                await using var provider = services.BuildServiceProvider();
                return (await act(provider.GetRequiredService<IAuthKitToken>()), null);
            }

            var options = new AuthKitOptions();
            Configure(options);
            using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
            return (await act(new AuthKitToken(options, loggerFactory)), null);
        }
        catch (Exception ex)
        {
            return (null, ex);
        }
    }

    private static void AssertOutcome(string where, Scenario scenario, AuthKitTokenResponse? token, Exception? error)
    {
        if (scenario.Expect is null)
        {
            Assert.True(error is null, $"{where}: expected a token, got {error}");
            Assert.Equal(scenario.ExpectRows, token!.Rows.Count);
        }
        else
        {
            Assert.True(error is not null && scenario.Expect.IsInstanceOfType(error), $"{where}: expected {scenario.Expect.Name}, got {error?.ToString() ?? "a token"}");
        }
    }

    private static List<T> Drain<T>(System.Collections.Concurrent.ConcurrentQueue<T> queue)
    {
        var items = new List<T>();
        while (queue.TryDequeue(out var item))
        {
            items.Add(item);
        }

        return items;
    }

    private sealed record Scenario(
        string Name,
        Action<PicaStub> Serve,
        Action<AuthKitOptions>? Configure = null,
        Func<IAuthKitToken, Task<AuthKitTokenResponse>>? Act = null,
        Action<FaultProxy>? Faults = null,
        Type? Expect = null,
        int? ExpectRows = null);
}
