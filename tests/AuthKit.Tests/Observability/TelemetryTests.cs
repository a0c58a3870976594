using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AuthKit.Tests.Observability;

/// <summary>
/// What an operator sees: stable EventIds, a span per token with a child span per HTTP attempt, and
/// the "AuthKit" meter. The listeners see the whole process, so every test reads only the spans and
/// measurements of its own trace (a root span it starts), and the classes run outside the parallel ones.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests : IDisposable
{
    private const string TokenSpan = "AuthKit CreateToken";
    private const string AttemptSpan = "AuthKit HTTP attempt";
    private const string EmptyPage = """{"rows":[],"total":0,"pages":1,"page":1,"requestId":1}""";

    // Looks like what it is: personal data, which must not become a tag.
    private const string Identity = "jane.doe+7731@mail.invalid";

    private readonly PicaStub _pica = new();
    private readonly TelemetryRecorder _recorder = new();
    private readonly FakeLogCollector _logs = new();

    public enum Mode
    {
        DependencyInjection,
        Standalone,
    }

    [Theory]
    [InlineData(Mode.DependencyInjection)]
    [InlineData(Mode.Standalone)]
    public async Task A_token_is_one_span_with_a_child_span_per_HTTP_attempt_retries_included(Mode mode)
    {
        _pica.Flags(true);
        _pica.PageSequence(1, PicaStub.Json("""{"error":"busy"}""", 503), PicaStub.Json(EmptyPage));

        var (spans, _) = await TraceAsync(mode, c => c.CreateAsync(Identity, IdentityType.User));

        var token = Assert.Single(spans, s => s.OperationName == TokenSpan);
        Assert.Equal(AuthKitDiagnostics.ActivitySourceName, token.Source.Name);
        Assert.Equal("user", token.GetTagItem("authkit.identity_type"));
        Assert.Equal(1, token.GetTagItem("authkit.pages"));
        Assert.Equal(0, token.GetTagItem("authkit.rows"));
        Assert.Equal(1L, token.GetTagItem("authkit.request_id"));
        Assert.NotEqual(ActivityStatusCode.Error, token.Status);

        var attempts = spans.Where(s => s.OperationName == AttemptSpan).ToList();
        Assert.All(attempts, a => Assert.Equal(token.SpanId, a.ParentSpanId));
        Assert.All(attempts, a => Assert.Equal(ActivityKind.Client, a.Kind));
        var pageAttempts = attempts.Where(a => (string?)a.GetTagItem("url.path") == "/v1/authkit").OrderBy(a => a.StartTimeUtc).ToList();
        Assert.Equal([503, 200], pageAttempts.Select(a => (int)a.GetTagItem("http.response.status_code")!));
        Assert.Equal([ActivityStatusCode.Error, ActivityStatusCode.Unset], pageAttempts.Select(a => a.Status));
        Assert.Equal("POST", pageAttempts[0].GetTagItem("http.request.method"));
        Assert.Single(attempts, a => (string?)a.GetTagItem("url.path") == "/v1/users/flags");

        // HttpClient's own span is off for AuthKit's requests (it records HttpClient's raw exception
        // messages, which can quote an echoed key): the attempt span is the client span.
        Assert.DoesNotContain(spans, s => s.Source.Name == "System.Net.Http");
    }

    [Theory]
    [InlineData(Mode.DependencyInjection)]
    [InlineData(Mode.Standalone)]
    public async Task The_identity_is_in_no_span_tag_and_no_log_line(Mode mode)
    {
        // Retries and a failure: every event and tag the SDK has.
        _pica.Flags(true);
        _pica.Page(1, PicaStub.Json(ConnectionFaker.Pages(ConnectionFaker.Rows(120, seed: 51), 100)[0].ToJsonString()));
        _pica.Page(2, PicaStub.Json("{}", 502));

        var (spans, error) = await TraceAsync(mode, c => c.CreateAsync(Identity, IdentityType.Organization));

        Assert.IsType<AuthKitApiException>(error);
        Assert.Equal("organization", Assert.Single(spans, s => s.OperationName == TokenSpan).GetTagItem("authkit.identity_type"));
        var sweeper = new SecretSweeper(Identity);
        sweeper.Spans("span", spans);
        sweeper.Metrics("metric", _recorder.Measurements.Where(m => m.Meter == AuthKitDiagnostics.MeterName));
        sweeper.Logs("log", _logs.GetSnapshot());
        Assert.Empty(sweeper.Findings);
        Assert.NotEmpty(_logs.GetSnapshot());
    }

    [Theory]
    [InlineData(Mode.DependencyInjection)]
    [InlineData(Mode.Standalone)]
    public async Task A_token_is_logged_as_TokenCreated_and_measured(Mode mode)
    {
        _pica.ServeRows(ConnectionFaker.Rows(250, seed: 52));

        var watch = Stopwatch.StartNew();
        var (spans, _) = await TraceAsync(mode, c => c.CreateAsync(Identity, IdentityType.User));
        var wall = watch.Elapsed;

        var created = Assert.Single(Events(1));
        Assert.Equal(LogLevel.Debug, created.Level); // a healthy token adds no line to a default log (issue 11)
        Assert.Equal("TokenCreated", created.Id.Name);
        Assert.Equal("3", created.GetStructuredStateValue("Pages"));
        Assert.Equal("250", created.GetStructuredStateValue("Rows"));
        var elapsedMs = double.Parse(created.GetStructuredStateValue("ElapsedMs")!, CultureInfo.InvariantCulture);
        Assert.InRange(elapsedMs, 0.01, wall.TotalMilliseconds);
        Assert.Contains("3 page(s)", created.Message, StringComparison.Ordinal);

        var root = spans[0].Parent!;
        var duration = Assert.Single(_recorder.MeasurementsOf(root, "authkit.token.duration"));
        Assert.IsType<Histogram<double>>(duration.Source);
        Assert.Equal("s", duration.Unit);
        Assert.Equal("success", duration.Tag("authkit.outcome"));
        // One clock reading, logged in ms and measured in s: both are the same whole number of ticks.
        // (elapsedMs / 1000 rounded to 6 places could land either side of a rounding boundary.)
        Assert.Equal(Ticks(elapsedMs, TimeSpan.TicksPerMillisecond), Ticks(duration.Value, TimeSpan.TicksPerSecond));
        Assert.Equal(3, _recorder.MeasurementsOf(root, "authkit.pages").Sum(m => m.Value));
        Assert.Empty(_recorder.MeasurementsOf(root, "authkit.retries"));
        Assert.Empty(_recorder.MeasurementsOf(root, "authkit.failures"));
        Assert.Equal(3, Assert.Single(spans, s => s.OperationName == TokenSpan).GetTagItem("authkit.pages"));
    }

    public static TheoryData<Mode, string, string, string> RetryReasons => new()
    {
        { Mode.DependencyInjection, "503", "HTTP 503 (ServiceUnavailable)", "503" },
        { Mode.Standalone, "503", "HTTP 503 (ServiceUnavailable)", "503" },
        { Mode.DependencyInjection, "reset", "transport failure", "transport" },
        { Mode.Standalone, "reset", "transport failure", "transport" },
        { Mode.DependencyInjection, "timeout", "the attempt timed out", "timeout" },
        { Mode.Standalone, "timeout", "the attempt timed out", "timeout" },
    };

    [Theory]
    [MemberData(nameof(RetryReasons))]
    public async Task A_retry_is_logged_as_RetryScheduled_with_its_reason_and_counted(Mode mode, string fault, string reason, string reasonTag)
    {
        _pica.Flags(true);
        await using var proxy = new FaultProxy(_pica.Url);
        switch (fault)
        {
            case "503":
                _pica.PageSequence(1, PicaStub.Json("{}", 503), PicaStub.Json(EmptyPage));
                break;
            case "reset":
                _pica.Page(1, PicaStub.Json(EmptyPage));
                proxy.Inject(FaultProxy.Page(1), FaultProxy.Fault.Reset);
                break;
            default:
                _pica.PageSequence(1, PicaStub.Json(EmptyPage).WithDelay(1500), PicaStub.Json(EmptyPage));
                break;
        }

        var (spans, error) = await TraceAsync(mode, c => c.CreateAsync(Identity, IdentityType.User), o =>
        {
            o.BaseUrl = proxy.Url;
            o.Timeout = TimeSpan.FromMilliseconds(fault == "timeout" ? 500 : 5000);
        });

        Assert.Null(error);
        var retry = Assert.Single(Events(2));
        Assert.Equal(LogLevel.Debug, retry.Level); // counted by authkit.retries; a Warning per retry was noise in an outage
        Assert.Equal("RetryScheduled", retry.Id.Name);
        Assert.StartsWith(reason, retry.GetStructuredStateValue("Reason"), StringComparison.Ordinal);
        Assert.Equal("1", retry.GetStructuredStateValue("Retry"));
        Assert.Equal("3", retry.GetStructuredStateValue("MaxRetries"));
        var counted = Assert.Single(_recorder.MeasurementsOf(spans[0].Parent!, "authkit.retries"));
        Assert.Equal(1, counted.Value);
        Assert.Equal(reasonTag, counted.Tag("authkit.retry.reason"));
        Assert.Equal(2, spans.Count(s => s.OperationName == AttemptSpan && (string?)s.GetTagItem("url.path") == "/v1/authkit"));
    }

    [Theory]
    [InlineData(Mode.DependencyInjection)]
    [InlineData(Mode.Standalone)]
    public async Task A_flags_fallback_is_logged_as_WhiteLabelFallback_and_is_not_a_failure(Mode mode)
    {
        _pica.Page(1, PicaStub.Json(EmptyPage));
        _pica.Flags(PicaStub.Json("""{"error":"nope"}""", 403));

        var (spans, error) = await TraceAsync(mode, c => c.CreateAsync(Identity, IdentityType.User));

        Assert.Null(error);
        var fallback = Assert.Single(Events(3));
        Assert.Equal(LogLevel.Warning, fallback.Level);
        Assert.Equal("WhiteLabelFallback", fallback.Id.Name);
        Assert.Contains("HTTP 403", fallback.GetStructuredStateValue("Reason"), StringComparison.Ordinal);
        var root = spans[0].Parent!;
        Assert.Empty(_recorder.MeasurementsOf(root, "authkit.failures"));
        Assert.Equal("success", Assert.Single(_recorder.MeasurementsOf(root, "authkit.token.duration")).Tag("authkit.outcome"));
    }

    public static TheoryData<Mode, string> Failures => new()
    {
        { Mode.DependencyInjection, "401" },
        { Mode.Standalone, "401" },
        { Mode.DependencyInjection, "invalid JSON" },
        { Mode.Standalone, "invalid JSON" },
        { Mode.DependencyInjection, "page 2 never recovers" },
        { Mode.Standalone, "page 2 never recovers" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failed_token_is_counted_by_error_type_logged_and_marked_on_its_span(Mode mode, string failure)
    {
        _pica.Flags(true);
        var (expectedType, refused) = failure switch
        {
            "401" => ("401", false),
            "invalid JSON" => ("AuthKitException", true),
            _ => ("503", false),
        };
        switch (failure)
        {
            case "401":
                _pica.Page(1, PicaStub.Json("""{"error":"Unauthorized"}""", 401));
                break;
            case "invalid JSON":
                _pica.Page(1, PicaStub.Json("""{"rows":[{"id":1,"""));
                break;
            default:
                var pages = ConnectionFaker.Pages(ConnectionFaker.Rows(150, seed: 53), 100);
                _pica.Page(1, PicaStub.Json(pages[0].ToJsonString()));
                _pica.Page(2, PicaStub.Json("{}", 503));
                break;
        }

        var (spans, error) = await TraceAsync(mode, c => c.CreateAsync(Identity, IdentityType.Team), o => o.MaxRetries = 2);

        Assert.IsAssignableFrom<AuthKitException>(error);
        var root = spans[0].Parent!;
        var failed = Assert.Single(_recorder.MeasurementsOf(root, "authkit.failures"));
        Assert.Equal(1, failed.Value);
        Assert.Equal(expectedType, failed.Tag("error.type"));
        Assert.Equal("failure", Assert.Single(_recorder.MeasurementsOf(root, "authkit.token.duration")).Tag("authkit.outcome"));
        Assert.Equal(failure == "page 2 never recovers" ? 2 : 0, _recorder.MeasurementsOf(root, "authkit.retries").Sum(m => m.Value));

        var token = Assert.Single(spans, s => s.OperationName == TokenSpan);
        Assert.Equal(ActivityStatusCode.Error, token.Status);
        Assert.Equal(expectedType, token.GetTagItem("error.type"));

        // The failed token's one final line: at Warning, saying why, without the exception (no stack trace).
        var tokenFailed = Assert.Single(Events(5));
        Assert.Equal(LogLevel.Warning, tokenFailed.Level);
        Assert.Equal(expectedType, tokenFailed.GetStructuredStateValue("ErrorType"));
        Assert.Equal(error!.Message, tokenFailed.GetStructuredStateValue("Reason"));
        Assert.Null(tokenFailed.Exception);
        if (refused)
        {
            // Said again at Debug only: TokenFailed carries the same reason.
            var answerRefused = Assert.Single(Events(4));
            Assert.Equal(LogLevel.Debug, answerRefused.Level);
            Assert.Equal("AnswerRefused", answerRefused.Id.Name);
            Assert.Contains("not the JSON expected", answerRefused.GetStructuredStateValue("Reason"), StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(Events(4));
        }
    }

    [Theory]
    [InlineData(Mode.DependencyInjection)]
    [InlineData(Mode.Standalone)]
    public async Task An_answer_over_MaxResponseBytes_is_logged_as_AnswerRefused(Mode mode)
    {
        _pica.Flags(true);
        _pica.Page(1, PicaStub.Json($$"""{"rows":[],"padding":"{{new string('x', 4096)}}"}"""));

        var (_, error) = await TraceAsync(mode, c => c.CreateAsync(Identity, IdentityType.User), o => o.MaxResponseBytes = 1024);

        Assert.IsType<AuthKitException>(error);
        var refused = Assert.Single(Events(4));
        Assert.Contains("MaxResponseBytes", refused.GetStructuredStateValue("Reason"), StringComparison.Ordinal);
        Assert.Single(_pica.PageRequests(1)); // refused, not retried
    }

    [Theory]
    [InlineData(Mode.DependencyInjection)]
    [InlineData(Mode.Standalone)]
    public async Task A_cancelled_token_is_timed_as_cancelled_and_not_counted_as_a_failure(Mode mode)
    {
        _pica.Flags(true);
        _pica.Page(1, PicaStub.Json(EmptyPage).WithDelay(1000));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var (spans, error) = await TraceAsync(mode, c => c.CreateAsync(Identity, IdentityType.User, cancellation.Token));

        Assert.IsAssignableFrom<OperationCanceledException>(error);
        var root = spans[0].Parent!;
        Assert.Empty(_recorder.MeasurementsOf(root, "authkit.failures"));
        Assert.Equal("cancelled", Assert.Single(_recorder.MeasurementsOf(root, "authkit.token.duration")).Tag("authkit.outcome"));
        Assert.Equal("cancelled", Assert.Single(spans, s => s.OperationName == TokenSpan).GetTagItem("error.type"));
    }

    /// <summary>Runs <paramref name="act"/> under a root span; returns the spans of its trace (each one's Parent chain reaches the root).</summary>
    private async Task<(List<Activity> Spans, Exception? Error)> TraceAsync(
        Mode mode, Func<IAuthKitToken, Task<AuthKitTokenResponse>> act, Action<AuthKitOptions>? configure = null)
    {
        void Configure(AuthKitOptions o)
        {
            o.SecretKey = PicaStub.SecretKey;
            o.BaseUrl = _pica.Url;
            o.RetryDelay = TimeSpan.FromMilliseconds(10);
            o.FlagsGracePeriod = TimeSpan.FromSeconds(5);
            configure?.Invoke(o);
        }

        Exception? error = null;
        var root = _recorder.StartTrace("test");
        try
        {
            if (mode == Mode.DependencyInjection)
            {
                var services = new ServiceCollection();
                services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(_logs)));
                services.AddAuthKit(Configure);
                await using var provider = services.BuildServiceProvider();
                await act(provider.GetRequiredService<IAuthKitToken>());
            }
            else
            {
                var options = new AuthKitOptions();
                Configure(options);
                using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(_logs)));
                await act(new AuthKitToken(options, loggerFactory));
            }
        }
        catch (Exception ex)
        {
            error = ex;
        }
        finally
        {
            root.Dispose();
        }

        var spans = _recorder.SpansOf(root);
        Assert.NotEmpty(spans);
        // The token span hangs off the root: callers' traces continue through the SDK.
        Assert.Equal(root.SpanId, Assert.Single(spans, s => s.OperationName == TokenSpan).ParentSpanId);
        return (spans.OrderBy(s => s.OperationName == TokenSpan ? 0 : 1).ToList(), error);
    }

    // TimeSpan.TotalMilliseconds and TotalSeconds divide the same tick count; multiplying back and
    // rounding recovers it exactly (the error is far below half a tick for any test-sized duration).
    private static long Ticks(double value, long ticksPerUnit) => (long)Math.Round(value * ticksPerUnit);

    private List<FakeLogRecord> Events(int id) =>
        _logs.GetSnapshot().Where(r => r.Category == typeof(AuthKitToken).FullName && r.Id.Id == id).ToList();

    public void Dispose()
    {
        _recorder.Dispose();
        _pica.Dispose();
    }
}
