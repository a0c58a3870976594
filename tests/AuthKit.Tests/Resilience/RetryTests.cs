using System.Net;
using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AuthKit.Tests.Resilience;

public sealed class RetryTests : IDisposable
{
    private const string EmptyPage = """{"rows":[],"total":0,"pages":1,"page":1,"requestId":1}""";

    private readonly PicaStub _pica = new();

    public RetryTests() => _pica.Flags(true);

    [Theory]
    [InlineData(503)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(408)]
    [InlineData(429)]
    public async Task Transient_answers_on_page_one_are_retried(int status)
    {
        _pica.PageSequence(1, PicaStub.Json("""{"error":"busy"}""", status), PicaStub.Json(EmptyPage));

        var token = await _pica.Client().CreateAsync("user_1", IdentityType.User);

        Assert.Equal(1, token.RequestId);
        Assert.Equal(2, _pica.PageRequests(1).Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(422)]
    public async Task Other_client_errors_are_never_retried(int status)
    {
        _pica.PageSequence(1, PicaStub.Json("""{"error":"no"}""", status), PicaStub.Json(EmptyPage));

        var error = await Assert.ThrowsAsync<AuthKitApiException>(() => _pica.Client().CreateAsync());

        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Single(_pica.PageRequests(1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public async Task A_page_that_never_recovers_is_tried_one_plus_MaxRetries_times(int maxRetries)
    {
        _pica.Page(1, PicaStub.Json("""{"error":"down"}""", 503));

        var error = await Assert.ThrowsAsync<AuthKitApiException>(() => _pica.Client(o => o.MaxRetries = maxRetries).CreateAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(1 + maxRetries, _pica.PageRequests(1).Count);
    }

    [Fact]
    public async Task Later_pages_are_retried_too()
    {
        var pages = ConnectionFaker.Pages(ConnectionFaker.Rows(3), pageSize: 1);
        _pica.Page(1, PicaStub.Json(pages[0].ToJsonString()));
        _pica.PageSequence(2, PicaStub.Json("{}", 502), PicaStub.Json("{}", 503), PicaStub.Json(pages[1].ToJsonString()));
        _pica.Page(3, PicaStub.Json(pages[2].ToJsonString()));

        var token = await _pica.Client(o => o.PageSize = 1).CreateAsync();

        Assert.Equal(3, token.Rows.Count);
        Assert.Equal(3, _pica.PageRequests(2).Count);
    }

    [Fact]
    public async Task Retry_After_is_honoured()
    {
        _pica.PageSequence(1,
            PicaStub.Json("""{"error":"slow down"}""", 429).WithHeader("Retry-After", "1"),
            PicaStub.Json(EmptyPage));

        await _pica.Client().CreateAsync();

        var attempts = _pica.PageRequests(1);
        Assert.Equal(2, attempts.Count);
        Assert.True(attempts[1].DateTime - attempts[0].DateTime >= TimeSpan.FromMilliseconds(950),
            $"retried after {(attempts[1].DateTime - attempts[0].DateTime).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_Retry_After_longer_than_MaxRetryDelay_is_reported_not_waited_for()
    {
        _pica.PageSequence(1,
            PicaStub.Json("""{"error":"come back tomorrow"}""", 429).WithHeader("Retry-After", "86400"),
            PicaStub.Json(EmptyPage));

        using var logs = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var error = await Assert.ThrowsAsync<AuthKitApiException>(() => _pica.Client(o => o.MaxRetryDelay = TimeSpan.FromSeconds(5), loggerFactory).CreateAsync());

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Single(_pica.PageRequests(1));
        // No wait was scheduled, not even MaxRetryDelay's 5 s: what the SDK decided, not how long it took.
        Assert.DoesNotContain(logs.Collector.GetSnapshot(), r => r.Id.Name == "RetryScheduled");
    }

    [Fact]
    public async Task An_attempt_over_Timeout_is_retried()
    {
        // The retry's answer must beat Timeout: 2 s leaves a loaded machine room (400 ms did not: every
        // attempt timed out once); the slow answer takes 5 s, well past it.
        _pica.PageSequence(1, PicaStub.Json(EmptyPage).WithDelay(5000), PicaStub.Json(EmptyPage));

        var token = await _pica.Client(o => o.Timeout = TimeSpan.FromSeconds(2)).CreateAsync();

        Assert.Equal(1, token.RequestId);
        Assert.Equal(2, (await _pica.WaitForRequestsAsync(r => r.Path == "/v1/authkit", 2)).Count);
    }

    [Fact]
    public async Task A_timeout_is_an_AuthKitException_with_an_inner_TimeoutException()
    {
        _pica.Page(1, PicaStub.Json(EmptyPage).WithDelay(3000));

        var error = await Assert.ThrowsAsync<AuthKitException>(() =>
            _pica.Client(o => { o.Timeout = TimeSpan.FromMilliseconds(200); o.MaxRetries = 1; }).CreateAsync());

        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.DoesNotContain(PicaStub.SecretKey, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, (await _pica.WaitForRequestsAsync(r => r.Path == "/v1/authkit", 2)).Count);
    }

    [Theory]
    [InlineData(FaultProxy.Fault.Reset)]
    [InlineData(FaultProxy.Fault.CutBody)]
    public async Task Transport_failures_are_retried(FaultProxy.Fault fault)
    {
        var pages = ConnectionFaker.Pages(ConnectionFaker.Rows(150, seed: 2), pageSize: 100);
        _pica.Page(1, PicaStub.Json(pages[0].ToJsonString()));
        _pica.Page(2, PicaStub.Json(pages[1].ToJsonString()));
        await using var proxy = new FaultProxy(_pica.Url);
        proxy.Inject(FaultProxy.Page(1), fault);
        proxy.Inject(FaultProxy.Page(2), fault, times: 2);

        var token = await new AuthKitToken(_pica.Options(o => o.BaseUrl = proxy.Url)).CreateAsync("user_1", IdentityType.User);

        Assert.Equal(150, token.Rows.Count);
        Assert.Equal(2, proxy.Received.Count(FaultProxy.Page(1)));
        Assert.Equal(3, proxy.Received.Count(FaultProxy.Page(2)));
    }

    [Fact]
    public async Task A_connection_that_keeps_dying_is_an_AuthKitException_after_the_retries()
    {
        _pica.Page(1, PicaStub.Json(EmptyPage));
        await using var proxy = new FaultProxy(_pica.Url);
        proxy.Inject(FaultProxy.Page(1), FaultProxy.Fault.Reset, times: 100);

        var error = await Assert.ThrowsAsync<AuthKitException>(() =>
            new AuthKitToken(_pica.Options(o => { o.BaseUrl = proxy.Url; o.MaxRetries = 2; })).CreateAsync());

        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Equal(3, proxy.Received.Count(FaultProxy.Page(1)));
    }

    [Fact]
    public async Task The_flags_call_is_retried_and_falls_back_to_false()
    {
        var pica = new PicaStub(); // its own stub: this class's constructor already answers the flags
        try
        {
            pica.Page(1, PicaStub.Json(EmptyPage));
            pica.FlagsSequence(PicaStub.Json("{}", 503), PicaStub.Json("""{"authkitWhitelist":true}"""));

            var token = await pica.Client(o => o.FlagsGracePeriod = TimeSpan.FromSeconds(5)).CreateAsync();

            Assert.True(token.IsWhiteLabel);
            Assert.Equal(2, pica.FlagsRequests.Count);
        }
        finally
        {
            pica.Dispose();
        }
    }

    public void Dispose() => _pica.Dispose();
}
