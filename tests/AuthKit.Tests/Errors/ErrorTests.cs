using System.Net;
using AuthKit.Tests.TestSupport;

namespace AuthKit.Tests.Errors;

public sealed class ErrorTests : IDisposable
{
    private readonly PicaStub _pica = new();

    public ErrorTests() => _pica.Flags(true);

    [Fact]
    public async Task Unauthorized_is_an_api_exception_with_status_and_body_and_is_not_retried()
    {
        _pica.Page(1, PicaStub.Json("""{"error":"Unauthorized","message":"Invalid secret"}""", 401));

        var error = await Assert.ThrowsAsync<AuthKitApiException>(() => _pica.Client().CreateAsync("user_1", IdentityType.User));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("""{"error":"Unauthorized","message":"Invalid secret"}""", error.ResponseBody);
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(PicaStub.SecretKey, error.ToString(), StringComparison.Ordinal);
        Assert.Single(_pica.PageRequests());
    }

    [Fact]
    public async Task A_key_echoed_back_in_the_body_is_redacted()
    {
        _pica.Page(1, PicaStub.Json($$"""{"error":"bad key {{PicaStub.SecretKey}}"}""", 403));

        var error = await Assert.ThrowsAsync<AuthKitApiException>(() => _pica.Client().CreateAsync());

        Assert.DoesNotContain(PicaStub.SecretKey, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(PicaStub.SecretKey, error.ResponseBody!, StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", error.ResponseBody!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_json_is_an_AuthKitException_naming_the_problem()
    {
        _pica.Page(1, PicaStub.Json("""{"rows":[{"id":1,"type":"gmail"},"""));

        var error = await Assert.ThrowsAsync<AuthKitException>(() => _pica.Client().CreateAsync());

        Assert.Contains("page 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_rows_is_refused()
    {
        _pica.Page(1, PicaStub.Json("""{"total":3,"pages":1,"page":1,"requestId":9}"""));

        var error = await Assert.ThrowsAsync<AuthKitException>(() => _pica.Client().CreateAsync());

        Assert.Contains("rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Null_rows_is_refused()
    {
        _pica.Page(1, PicaStub.Json("""{"rows":null,"total":3,"pages":1,"page":1,"requestId":9}"""));

        var error = await Assert.ThrowsAsync<AuthKitException>(() => _pica.Client().CreateAsync());

        Assert.Contains("no 'rows'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, 1, "impossible paging")]
    [InlineData(10, -2, "impossible paging")]
    [InlineData(10, 5, "at most 1 are possible")]
    [InlineData(250, 4, "at most 3 are possible")]
    [InlineData(1_000_000, 10_000, "more than the 1000 allowed")]
    public async Task Impossible_paging_is_refused_after_page_one(int total, int pages, string reason)
    {
        _pica.Page(1, PicaStub.Json($$"""{"rows":[],"total":{{total}},"pages":{{pages}},"page":1,"requestId":9}"""));

        var error = await Assert.ThrowsAsync<AuthKitException>(() => _pica.Client().CreateAsync());

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Single(_pica.PageRequests());
    }

    [Fact]
    public async Task A_failing_later_page_fails_the_token_without_a_partial_result()
    {
        var pages = ConnectionFaker.Pages(ConnectionFaker.Rows(5), pageSize: 1);
        for (var i = 0; i < pages.Count; i++)
        {
            _pica.Page(i + 1, i == 2 ? PicaStub.Json("""{"error":"gone"}""", 404) : PicaStub.Json(pages[i].ToJsonString()));
        }

        var error = await Assert.ThrowsAsync<AuthKitApiException>(() => _pica.Client(o => o.PageSize = 1).CreateAsync());

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains("page 3", error.Message, StringComparison.Ordinal);
        Assert.Single(_pica.PageRequests(3));
    }

    [Fact]
    public async Task A_page_answering_for_another_page_is_refused()
    {
        var pages = ConnectionFaker.Pages(ConnectionFaker.Rows(3), pageSize: 1);
        _pica.Page(1, PicaStub.Json(pages[0].ToJsonString()));
        _pica.Page(2, PicaStub.Json(pages[1].ToJsonString()));
        _pica.Page(3, PicaStub.Json(pages[1].ToJsonString())); // page 2 again

        var error = await Assert.ThrowsAsync<AuthKitException>(() => _pica.Client(o => o.PageSize = 1).CreateAsync());

        Assert.Contains("answered page 2 when asked for page 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Caller_cancellation_stays_an_OperationCanceledException()
    {
        _pica.Page(1, PicaStub.Json("""{"rows":[],"total":0,"pages":1,"page":1,"requestId":1}""").WithDelay(5000));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _pica.Client().CreateAsync(cancellationToken: cancellation.Token));

        Assert.Equal(cancellation.Token, error.CancellationToken);
    }

    [Fact]
    public async Task An_already_cancelled_token_sends_nothing()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _pica.Client().CreateAsync(cancellationToken: new CancellationToken(true)));

        Assert.Empty(_pica.PageRequests());
    }

    [Theory]
    [InlineData(2048, 3000, false)] // once accepted: the first read buffer was 16 KiB whatever the limit
    [InlineData(2048, 1900, true)]
    [InlineData(1024, 1200, false)]
    public async Task An_answer_over_MaxResponseBytes_is_refused_once_and_one_under_it_is_used(int limit, int size, bool accepted)
    {
        var page = $$"""{"rows":[],"total":0,"pages":1,"page":1,"requestId":1,"padding":"{{new string('x', size - 70)}}"}""";
        Assert.InRange(page.Length, size - 5, size + 5);
        _pica.Page(1, PicaStub.Json(page));

        var create = () => _pica.Client(o => o.MaxResponseBytes = limit).CreateAsync();

        if (accepted)
        {
            Assert.Equal(1, (await create()).RequestId);
        }
        else
        {
            var error = await Assert.ThrowsAsync<AuthKitException>(create);
            Assert.Contains("MaxResponseBytes", error.Message, StringComparison.Ordinal);
        }

        Assert.Single(_pica.PageRequests());
    }

    public void Dispose() => _pica.Dispose();
}
