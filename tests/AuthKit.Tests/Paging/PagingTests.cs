using System.Text.Json;
using System.Text.Json.Nodes;
using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.Tests.Paging;

public sealed class PagingTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);

    private readonly PicaStub _pica = new();

    // A client that waits for a held answer past the hang guard rather than timing out or falling back first.
    private static AuthKitToken Unhurried(Uri baseUrl, Action<AuthKitOptions>? configure = null)
    {
        var options = new AuthKitOptions
        {
            SecretKey = PicaStub.SecretKey,
            BaseUrl = baseUrl,
            MaxRetries = 0,
            Timeout = TimeSpan.FromMinutes(5),
            TotalTimeout = TimeSpan.FromMinutes(5),
            FlagsGracePeriod = TimeSpan.FromMinutes(1), // the most allowed; the flags are answered with page 1
        };
        configure?.Invoke(options);
        return new AuthKitToken(options);
    }

    [Fact]
    public async Task One_page_comes_back_as_it_came_plus_the_white_label_flag()
    {
        var rows = ConnectionFaker.Rows(42, seed: 11);
        var page = _pica.ServeRows(rows, whiteLabel: true)[0];

        var token = await _pica.Client().CreateAsync("user_1", IdentityType.User);

        var expected = page.DeepClone().AsObject();
        expected["isWhiteLabel"] = true;
        AssertJsonEqual(expected, JsonSerializer.SerializeToNode(token, JsonSerializerOptions.Web)!);
        Assert.Equal(42, token.Rows.Count);
        Assert.Equal(1, token.Pages);
    }

    [Fact]
    public async Task Several_pages_are_merged_in_page_order()
    {
        var rows = ConnectionFaker.Rows(250, seed: 12);
        var pages = _pica.ServeRows(rows, whiteLabel: false);

        var token = await _pica.Client().CreateAsync("user_1", IdentityType.User);

        Assert.Equal(3, _pica.PageRequests().Count);
        Assert.Equal(rows.Select(r => (PicaId)(long)r!["id"]!), token.Rows.Select(r => r.Id));
        Assert.Equal(1, token.Page);
        Assert.Equal(1, token.Pages);
        Assert.Equal(250, token.Total);
        Assert.Equal((long)pages[2]["requestId"]!, token.RequestId);
        Assert.False(token.IsWhiteLabel);

        var expected = new JsonObject
        {
            ["rows"] = rows.DeepClone(),
            ["total"] = 250,
            ["pages"] = 1,
            ["page"] = 1,
            ["requestId"] = pages[2]["requestId"]!.DeepClone(),
            ["isWhiteLabel"] = false,
        };
        AssertJsonEqual(expected, JsonSerializer.SerializeToNode(token, JsonSerializerOptions.Web)!);
    }

    [Fact]
    public async Task Total_comes_from_page_one_and_request_id_from_the_last_page()
    {
        var rows = ConnectionFaker.Rows(5, seed: 13);
        var pages = ConnectionFaker.Pages(rows, pageSize: 2);
        pages[1]["total"] = 999; // later pages' totals are ignored, as by the Node SDK
        pages[2]["requestId"] = 123456789012L;
        for (var i = 0; i < pages.Count; i++)
        {
            _pica.Page(i + 1, PicaStub.Json(pages[i].ToJsonString()));
        }

        _pica.Flags(true);

        var token = await _pica.Client(o => o.PageSize = 2).CreateAsync();

        Assert.Equal(5, token.Total);
        Assert.Equal(123456789012L, token.RequestId);
        Assert.Equal(5, token.Rows.Count);
    }

    [Fact]
    public async Task Flags_call_runs_alongside_page_one()
    {
        // An order, not a duration: the server answers neither request until both are in. A client that
        // sent one after the other's answer would wait for ever (the hang guard, a minute, fails it).
        var page = ConnectionFaker.Pages(ConnectionFaker.Rows(3), 100)[0].ToJsonString();
        var page1In = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var flagsIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new RawHttpServer(async (s, target, stream, ct) =>
        {
            var (mine, other) = RawHttpServer.IsFlags(target) ? (flagsIn, page1In) : (page1In, flagsIn);
            mine.TrySetResult();
            await other.Task.WaitAsync(ct);
            await s.WriteJsonAsync(stream, RawHttpServer.IsFlags(target) ? """{"authkitWhitelist":true}""" : page, ct);
        });

        var token = await Unhurried(server.Url).CreateAsync("user_1", IdentityType.User).WaitAsync(HangGuard);

        Assert.True(token.IsWhiteLabel);
        Assert.Equal(3, token.Rows.Count);
        Assert.Equal(2, server.Received.Count);
    }

    [Fact]
    public async Task Later_pages_run_in_a_sliding_window_not_in_batches()
    {
        var rows = ConnectionFaker.Rows(7, seed: 14);
        var pages = ConnectionFaker.Pages(rows, pageSize: 1).Select(p => p.ToJsonString()).ToArray();

        // An order, not a duration: page 2 is answered only once pages 5, 6 and 7 are in, so a client
        // that waited for a batch of 3 (pages 2-4) before the next would wait for ever (the hang guard
        // fails it); a sliding window of 3 moves on as pages 3 and 4 come back.
        var laterPages = 0;
        var laterPagesIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new RawHttpServer(async (s, target, stream, ct) =>
        {
            var number = RawHttpServer.PageOf(target);
            if (number >= 5 && Interlocked.Increment(ref laterPages) == 3)
            {
                laterPagesIn.TrySetResult();
            }

            if (number == 2)
            {
                await laterPagesIn.Task.WaitAsync(ct);
            }

            await s.WriteJsonAsync(stream, number == 0 ? """{"authkitWhitelist":false}""" : pages[number - 1], ct);
        });

        var token = await Unhurried(server.Url, o => { o.PageSize = 1; o.MaxConcurrentPageRequests = 3; }).CreateAsync().WaitAsync(HangGuard);

        Assert.Equal(rows.Select(r => (PicaId)(long)r!["id"]!), token.Rows.Select(r => r.Id));
        Assert.Equal(8, server.Received.Count); // 7 pages and the flags, each once
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public async Task No_more_than_MaxConcurrentPageRequests_are_in_flight(int window)
    {
        var rows = ConnectionFaker.Rows(16, seed: 15);
        var pages = ConnectionFaker.Pages(rows, pageSize: 1);
        for (var i = 0; i < pages.Count; i++)
        {
            _pica.Page(i + 1, PicaStub.Json(pages[i].ToJsonString()).WithDelay(40 + (i * 37 % 60)));
        }

        _pica.Flags(false);
        var probe = new InFlightProbe();
        var services = new ServiceCollection();
        services.AddAuthKit(o =>
        {
            o.SecretKey = PicaStub.SecretKey;
            o.BaseUrl = _pica.Url;
            o.PageSize = 1;
            o.MaxConcurrentPageRequests = window;
        }).AddHttpMessageHandler(probe.CreateHandler);
        using var provider = services.BuildServiceProvider();

        var token = await provider.GetRequiredService<IAuthKitToken>().CreateAsync();

        Assert.Equal(16, token.Rows.Count);
        Assert.Equal(16, probe.Total);
        Assert.Equal(window, probe.Max); // reached, never exceeded
    }

    [Fact]
    public async Task Empty_account_gives_an_empty_token_from_one_request()
    {
        _pica.Page(1, PicaStub.Json("""{"rows":[],"total":0,"pages":0,"page":1,"requestId":5}"""));
        _pica.Flags(true);

        var token = await _pica.Client().CreateAsync("user_1", IdentityType.User);

        Assert.Empty(token.Rows);
        Assert.Equal(0, token.Pages);
        Assert.Single(_pica.PageRequests());
    }

    internal static void AssertJsonEqual(JsonNode expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}\n   actual {actual.ToJsonString()}");

    public void Dispose() => _pica.Dispose();
}
