using System.Diagnostics;
using System.Net;
using System.Text.Json;
using AuthKit.Tests.TestSupport;
using WireMock.ResponseBuilders;
using Xunit.Abstractions;

namespace AuthKit.Tests.Reliability;

/// <summary>
/// Every fault of issue 3 against page 1, page 3 of 5 and the flags call. A page fault either heals
/// (the token's rows are right) or ends in the documented exception; a flags fault never fails the
/// token, it only turns isWhiteLabel to false with a WhiteLabelFallback warning. Each test also
/// counts what the server saw.
/// </summary>
public sealed class FaultMatrixTests(ITestOutputHelper output)
{
    private const string Html502 =
        "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";

    public static TheoryData<FaultTarget> Targets => new() { FaultTarget.FirstPage, FaultTarget.LaterPage, FaultTarget.Flags };

    public static TheoryData<FaultTarget> PageTargets => new() { FaultTarget.FirstPage, FaultTarget.LaterPage };

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task A_503_then_200_heals(FaultTarget target)
    {
        using var s = new FaultMatrixScenario(target);
        s.Serve(PicaStub.Json("""{"error":"unavailable"}""", 503), s.Good);

        var token = await s.Client().CreateAsync("user_1", IdentityType.User);

        s.AssertToken(token, isWhiteLabel: true);
        Assert.Equal(2, await s.SeenAsync(2));
        Assert.Equal(0, s.WhiteLabelFallbacks);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task A_429_with_Retry_After_is_retried_after_the_wait_it_asks_for(FaultTarget target)
    {
        using var s = new FaultMatrixScenario(target);
        s.Serve(PicaStub.Json("""{"error":"slow down"}""", 429).WithHeader("Retry-After", "1"), s.Good);

        var token = await s.Client().CreateAsync("user_1", IdentityType.User);

        s.AssertToken(token, isWhiteLabel: true);
        var attempts = await s.RequestsAsync(2);
        Assert.Equal(2, attempts.Count);
        var gap = attempts[1].DateTime - attempts[0].DateTime;
        output.WriteLine($"{target}: Retry-After 1 s, retried after {gap.TotalMilliseconds:F0} ms (server clock)");
        // The SDK scheduled exactly the second asked for: not the 30 s MaxRetryDelay, nor a backoff
        // stacked on top of it. The server's clock shows it was waited for (less its timestamp
        // rounding); a lower bound, which no load on the machine can break.
        Assert.Equal([1000d], s.ScheduledRetryDelays);
        Assert.True(gap.TotalMilliseconds >= 950, $"retried after {gap.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task A_Retry_After_given_as_an_HTTP_date_is_waited_for()
    {
        using var s = new FaultMatrixScenario(FaultTarget.FirstPage);
        var now = DateTimeOffset.UtcNow;
        var when = now.AddSeconds(2).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var due = DateTimeOffset.Parse(when, System.Globalization.CultureInfo.InvariantCulture); // whole seconds
        s.Serve(PicaStub.Json("""{"error":"slow down"}""", 503).WithHeader("Retry-After", when), s.Good);

        var token = await s.Client().CreateAsync("user_1", IdentityType.User);

        s.AssertToken(token, isWhiteLabel: true);
        var attempts = await s.RequestsAsync(2);
        Assert.Equal(2, attempts.Count);
        var gap = attempts[1].DateTime - attempts[0].DateTime;
        output.WriteLine($"Retry-After as a date 2 s ahead: retried after {gap.TotalMilliseconds:F0} ms (server clock)");

        // The wait scheduled runs to the date: at most from before the request was sent, at least
        // from when the retry was logged (the answer was read in between), never the 10 ms backoff.
        // Clock readings around the SDK's own, so no load on the machine can break it.
        var scheduled = Assert.Single(s.ScheduledRetryDelays);
        var loggedAt = s.Logs.Collector.GetSnapshot().Single(r => r.Id.Id == 2).Timestamp;
        Assert.InRange(scheduled, (due - loggedAt).TotalMilliseconds - 50, (due - now).TotalMilliseconds + 50);
        Assert.True(scheduled > 100, $"scheduled {scheduled} ms: the backoff, not the date");
        Assert.True(gap.TotalMilliseconds >= scheduled - 50, $"retried after {gap.TotalMilliseconds:F0} ms; {scheduled:F0} ms were scheduled");
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-5")]
    public async Task An_unreadable_Retry_After_falls_back_to_the_backoff(string retryAfter)
    {
        using var s = new FaultMatrixScenario(FaultTarget.FirstPage);
        s.Serve(PicaStub.Json("""{"error":"busy"}""", 503).WithHeader("Retry-After", retryAfter), s.Good);

        var token = await s.Client().CreateAsync("user_1", IdentityType.User);

        s.AssertToken(token, isWhiteLabel: true);
        var attempts = await s.RequestsAsync(2);
        Assert.Equal(2, attempts.Count);
        // The backoff from RetryDelay (10 ms here, with jitter), not a wait read from the header.
        Assert.InRange(Assert.Single(s.ScheduledRetryDelays), 0, 500);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task A_Retry_After_beyond_MaxRetryDelay_is_reported_at_once(FaultTarget target)
    {
        using var s = new FaultMatrixScenario(target);
        s.Serve(PicaStub.Json("""{"error":"come back later"}""", 429).WithHeader("Retry-After", "30"), s.Good);
        var client = s.Client(o => o.MaxRetryDelay = TimeSpan.FromSeconds(2));

        var watch = Stopwatch.StartNew();
        if (target == FaultTarget.Flags)
        {
            var token = await client.CreateAsync("user_1", IdentityType.User);
            s.AssertToken(token, isWhiteLabel: false);
            Assert.Equal(1, s.WhiteLabelFallbacks);
        }
        else
        {
            var error = await Assert.ThrowsAsync<AuthKitApiException>(() => client.CreateAsync("user_1", IdentityType.User));
            Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
            Assert.Contains($"page {s.FaultedPage}", error.Message, StringComparison.Ordinal);
        }

        output.WriteLine($"{target}: Retry-After 30 s over MaxRetryDelay 2 s, outcome after {watch.ElapsedMilliseconds} ms");
        // No wait was scheduled at all (neither the 30 s asked for nor MaxRetryDelay), and the
        // target was asked once. For the flags, the token did not wait out this scenario's 10 s
        // grace period either: the fallback came from the refused answer, not from the clock.
        Assert.Empty(s.ScheduledRetryDelays);
        Assert.Equal(1, await s.SeenAsync(1));
        if (target == FaultTarget.Flags)
        {
            Assert.DoesNotContain(s.Logs.Collector.GetSnapshot(), r => r.Id.Id == 3 && r.Message.Contains("grace period", StringComparison.Ordinal));
        }
    }

    /// <summary>A connection reset, a body cut off mid-JSON, a connection closed without any answer.</summary>
    public static TheoryData<FaultTarget, FaultProxy.Fault> TransportFaults
    {
        get
        {
            var data = new TheoryData<FaultTarget, FaultProxy.Fault>();
            foreach (var target in new[] { FaultTarget.FirstPage, FaultTarget.LaterPage, FaultTarget.Flags })
            {
                foreach (var fault in new[] { FaultProxy.Fault.Reset, FaultProxy.Fault.CutBody, FaultProxy.Fault.CloseWithoutAnswer })
                {
                    data.Add(target, fault);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(TransportFaults))]
    public async Task A_transport_failure_once_is_retried(FaultTarget target, FaultProxy.Fault fault)
    {
        using var s = new FaultMatrixScenario(target);
        s.Serve(s.Good);
        await using var proxy = new FaultProxy(s.Pica.Url);
        proxy.Inject(s.ProxyMatch, fault);

        var token = await s.Client(baseUrl: proxy.Url).CreateAsync("user_1", IdentityType.User);

        s.AssertToken(token, isWhiteLabel: true);
        Assert.Equal(2, proxy.Received.Count(s.ProxyMatch));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task A_body_cut_off_every_time_fails_after_the_retries(FaultTarget target)
    {
        using var s = new FaultMatrixScenario(target);
        s.Serve(s.Good);
        await using var proxy = new FaultProxy(s.Pica.Url);
        proxy.Inject(s.ProxyMatch, FaultProxy.Fault.CutBody, times: 100);
        var client = s.Client(o => o.MaxRetries = 2, proxy.Url);

        await AssertFailsOrFallsBackAsync(s, client, error =>
        {
            Assert.IsNotType<AuthKitApiException>(error);
            Assert.IsType<HttpRequestException>(error.InnerException);
        });
        Assert.Equal(3, proxy.Received.Count(s.ProxyMatch));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task An_empty_response_is_refused_and_not_retried(FaultTarget target)
    {
        using var s = new FaultMatrixScenario(target);
        s.Serve(Response.Create().WithFault(WireMock.ResponseBuilders.FaultType.EMPTY_RESPONSE), s.Good);

        await AssertFailsOrFallsBackAsync(s, s.Client(), error => Assert.IsNotType<AuthKitApiException>(error));
        Assert.Equal(1, await s.SeenAsync(1));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task A_200_with_an_empty_body_is_refused_and_not_retried(FaultTarget target)
    {
        using var s = new FaultMatrixScenario(target);
        s.Serve(PicaStub.Json(string.Empty), s.Good);

        await AssertFailsOrFallsBackAsync(s, s.Client(), error => Assert.Contains("JSON", error.Message, StringComparison.Ordinal));
        Assert.Equal(1, await s.SeenAsync(1));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task An_HTML_502_page_is_retried(FaultTarget target)
    {
        using var s = new FaultMatrixScenario(target);
        s.Serve(Response.Create().WithStatusCode(502).WithHeader("Content-Type", "text/html").WithBody(Html502), s.Good);

        var token = await s.Client().CreateAsync("user_1", IdentityType.User);

        s.AssertToken(token, isWhiteLabel: true);
        Assert.Equal(2, await s.SeenAsync(2));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task An_HTML_502_page_that_never_goes_away_is_an_AuthKitApiException_carrying_the_page(FaultTarget target)
    {
        using var s = new FaultMatrixScenario(target);
        s.Serve(Response.Create().WithStatusCode(502).WithHeader("Content-Type", "text/html").WithBody(Html502));

        await AssertFailsOrFallsBackAsync(s, s.Client(o => o.MaxRetries = 2), error =>
        {
            var api = Assert.IsType<AuthKitApiException>(error);
            Assert.Equal(HttpStatusCode.BadGateway, api.StatusCode);
            Assert.Equal(Html502, api.ResponseBody);
            Assert.Contains("502 Bad Gateway", api.Message, StringComparison.Ordinal);
        });
        Assert.Equal(3, await s.SeenAsync(3));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task A_200_with_invalid_JSON_is_refused_and_not_retried(FaultTarget target)
    {
        using var s = new FaultMatrixScenario(target);
        s.Serve(PicaStub.Json("""{"rows":[{"id":1,"type":"gmail"},"""), s.Good);

        await AssertFailsOrFallsBackAsync(s, s.Client(), error =>
        {
            Assert.Contains("not the JSON expected", error.Message, StringComparison.Ordinal);
            Assert.IsType<JsonException>(error.InnerException);
        });
        Assert.Equal(1, await s.SeenAsync(1));
    }

    [Theory]
    [MemberData(nameof(PageTargets))]
    public async Task A_200_without_rows_is_refused_and_not_retried(FaultTarget target)
    {
        using var s = new FaultMatrixScenario(target);
        s.Serve(PicaStub.Json($$"""{"total":5,"pages":5,"page":{{s.FaultedPage}},"requestId":9}"""), s.Good);

        var error = await Assert.ThrowsAsync<AuthKitException>(() => s.Client().CreateAsync("user_1", IdentityType.User));

        Assert.Contains($"page {s.FaultedPage}", error.Message, StringComparison.Ordinal);
        Assert.Contains("'rows'", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await s.SeenAsync(1));
    }

    [Fact]
    public async Task A_flags_answer_of_the_wrong_shape_falls_back_to_false()
    {
        using var s = new FaultMatrixScenario(FaultTarget.Flags);
        s.Serve(PicaStub.Json("""{"authkitWhitelist":"yes"}"""));

        var token = await s.Client().CreateAsync("user_1", IdentityType.User);

        s.AssertToken(token, isWhiteLabel: false);
        Assert.Equal(1, s.WhiteLabelFallbacks);
        Assert.Equal(1, await s.SeenAsync(1));
    }

    public static TheoryData<FaultTarget, string, string> ImpossiblePaging => new()
    {
        // 5 pages cannot hold 2 connections at 1 per page.
        { FaultTarget.FirstPage, """{"rows":[],"total":2,"pages":5,"page":1,"requestId":9}""", "at most 2 are possible" },
        { FaultTarget.FirstPage, """{"rows":[],"total":-5,"pages":5,"page":1,"requestId":9}""", "impossible paging" },
        { FaultTarget.FirstPage, """{"rows":[{"id":1},{"id":2}],"total":5,"pages":5,"page":1,"requestId":9}""", "holds 2 connections, more than the 1 asked for" },
        { FaultTarget.LaterPage, """{"rows":[{"id":1},{"id":2}],"total":5,"pages":5,"page":3,"requestId":9}""", "holds 2 connections, more than the 1 asked for" },
        { FaultTarget.LaterPage, """{"rows":[],"total":5,"pages":5,"page":0,"requestId":9}""", "answered page 0 when asked for page 3" },
    };

    [Theory]
    [MemberData(nameof(ImpossiblePaging))]
    public async Task Paging_metadata_that_cannot_be_true_is_refused_and_not_retried(FaultTarget target, string answer, string reason)
    {
        using var s = new FaultMatrixScenario(target);
        s.Serve(PicaStub.Json(answer), s.Good);

        var error = await Assert.ThrowsAsync<AuthKitException>(() => s.Client().CreateAsync("user_1", IdentityType.User));

        Assert.IsNotType<AuthKitApiException>(error);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await s.SeenAsync(1));
        if (target == FaultTarget.FirstPage)
        {
            Assert.DoesNotContain(s.Pica.PageRequests(), r => PicaStub.PageOf(r) > 1); // nothing fetched on a lie
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task An_attempt_slower_than_Timeout_is_abandoned_and_retried(FaultTarget target)
    {
        using var s = new FaultMatrixScenario(target);
        // The retry's answer must beat Timeout: 2 s leaves a loaded machine room (500 ms did not, 3 attempts
        // seen); the slow answer takes 5 s, well past it.
        s.Serve(s.Good.WithDelay(5000), s.Good);

        var token = await s.Client(o => o.Timeout = TimeSpan.FromSeconds(2)).CreateAsync("user_1", IdentityType.User);

        s.AssertToken(token, isWhiteLabel: true);
        Assert.Equal(2, await s.SeenAsync(2)); // the slow one is logged when its late answer goes out
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task A_call_that_never_recovers_is_tried_exactly_one_plus_MaxRetries_times(FaultTarget target)
    {
        using var s = new FaultMatrixScenario(target);
        s.Serve(PicaStub.Json("""{"error":"down"}""", 503));

        await AssertFailsOrFallsBackAsync(s, s.Client(o => o.MaxRetries = 3), error =>
        {
            var api = Assert.IsType<AuthKitApiException>(error);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        });
        Assert.Equal(4, await s.SeenAsync(4));
    }

    public static TheoryData<FaultTarget, int> ClientErrors
    {
        get
        {
            var data = new TheoryData<FaultTarget, int>();
            foreach (var target in new[] { FaultTarget.FirstPage, FaultTarget.LaterPage, FaultTarget.Flags })
            {
                foreach (var status in new[] { 400, 401, 403, 404 })
                {
                    data.Add(target, status);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ClientErrors))]
    public async Task Client_errors_are_never_retried(FaultTarget target, int status)
    {
        using var s = new FaultMatrixScenario(target);
        s.Serve(PicaStub.Json("""{"error":"no"}""", status), s.Good);

        await AssertFailsOrFallsBackAsync(s, s.Client(), error =>
        {
            var api = Assert.IsType<AuthKitApiException>(error);
            Assert.Equal((HttpStatusCode)status, api.StatusCode);
            Assert.Equal("""{"error":"no"}""", api.ResponseBody);
        });
        Assert.Equal(1, await s.SeenAsync(1));
    }

    /// <summary>
    /// A page fault must fail the token with the documented exception (checked by
    /// <paramref name="assertError"/>) and no token at all; a flags fault must give the right rows with
    /// isWhiteLabel false and one WhiteLabelFallback warning.
    /// </summary>
    private static async Task AssertFailsOrFallsBackAsync(FaultMatrixScenario s, AuthKitToken client, Action<AuthKitException> assertError)
    {
        if (s.Target == FaultTarget.Flags)
        {
            var token = await client.CreateAsync("user_1", IdentityType.User);
            s.AssertToken(token, isWhiteLabel: false);
            Assert.Equal(1, s.WhiteLabelFallbacks);
            return;
        }

        var thrown = await DocumentedExceptions.CatchAsync(() => client.CreateAsync("user_1", IdentityType.User));
        var error = Assert.IsAssignableFrom<AuthKitException>(thrown);
        Assert.Contains($"page {s.FaultedPage}", error.Message, StringComparison.Ordinal);
        assertError(error);
    }
}
