using System.Text.Json;
using System.Text.Json.Nodes;
using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.Tests.Paging;

public sealed class PagingTests : IDisposable
{
    private readonly PicaStub _pica = new();

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
        Assert.Equal(rows.Select(r => (long)r!["id"]!), token.Rows.Select(r => r.Id));
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
        var rows = ConnectionFaker.Rows(3);
        var held = TimeSpan.FromMilliseconds(1500);
        _pica.Page(1, PicaStub.Json(ConnectionFaker.Pages(rows, 100)[0].ToJsonString()).WithDelay(held));
        _pica.Flags(PicaStub.Json("""{"authkitWhitelist":true}""").WithDelay(held));

        var token = await _pica.Client().CreateAsync("user_1", IdentityType.User);

        // An order, not a duration: each request reached the server before the other's answer could
        // leave it (the server holds each answer back for `held`). Sequential calls never can.
        var page1 = _pica.PageRequests(1)[0].DateTime;
        var flags = _pica.FlagsRequests[0].DateTime;
        Assert.True(flags < page1 + held && page1 < flags + held, $"flags and page 1 arrived {(flags - page1).TotalMilliseconds} ms apart");
        Assert.True(token.IsWhiteLabel);
    }

    [Fact]
    public async Task Later_pages_run_in_a_sliding_window_not_in_batches()
    {
        var rows = ConnectionFaker.Rows(7, seed: 14);
        var pages = ConnectionFaker.Pages(rows, pageSize: 1);
        for (var i = 0; i < pages.Count; i++)
        {
            // Page 2 is slow: batching would hold pages 5..7 until it is in.
            _pica.Page(i + 1, PicaStub.Json(pages[i].ToJsonString()).WithDelay(i == 1 ? 1500 : 30));
        }

        _pica.Flags(false);

        var token = await _pica.Client(o => { o.PageSize = 1; o.MaxConcurrentPageRequests = 3; }).CreateAsync();

        Assert.Equal(rows.Select(r => (long)r!["id"]!), token.Rows.Select(r => r.Id));
        // An order, not a duration: pages 5..7 reached the server before page 2's answer could leave
        // it (held back 1500 ms), so they did not wait for it; batches of 3 would have.
        var page2Answerable = _pica.PageRequests(2)[0].DateTime + TimeSpan.FromMilliseconds(1500);
        foreach (var later in new[] { 5, 6, 7 })
        {
            var arrived = _pica.PageRequests(later)[0].DateTime;
            Assert.True(arrived < page2Answerable, $"page {later} arrived {(arrived - page2Answerable).TotalMilliseconds} ms after page 2's answer could leave");
        }
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
