using System.Net;
using System.Text.Json;
using AuthKit.AspNetCore.Tests.TestSupport;
using AuthKit.Testing;
using Microsoft.Extensions.Logging;

namespace AuthKit.AspNetCore.Tests.Platforms;

/// <summary>
/// The token endpoint with AuthKit:Platform=One: One's iframe allowed by default, the page it asks for
/// answered as the platform sent it after one request, bad paging refused before any request.
/// </summary>
public sealed class OneEndpointTests : IDisposable
{
    private const string OneOrigin = "https://auth.withone.ai";
    private readonly PicaEmulator _one = PicaEmulator.Start(new PicaEmulatorOptions { Platform = AuthKitPlatform.One }).SeedConnections(23, seed: 8);

    public void Dispose() => _one.Dispose();

    private Task<TokenApp> StartAsync(params (string Key, string? Value)[] settings) =>
        TokenApp.StartAsync(_one, settings: [("AuthKit:Platform", "One"), .. settings]);

    [Fact]
    public async Task Page_2_with_limit_5_is_the_platforms_page_2_after_exactly_one_request()
    {
        await using var app = await StartAsync();

        using var response = await app.Client.SendAsync(Requests.Token("user_1", OneOrigin, path: Requests.Path + "?page=2&limit=5"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(_one.ReceivedRequests);
        Assert.Equal((PicaEndpoint.TokenPage, "/v1/authkit/token", 2, 5), (sent.Endpoint, sent.Path, sent.Page, sent.Limit));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal((2, 5, 23, sent.RequestId), (root.GetProperty("page").GetInt32(), root.GetProperty("pages").GetInt32(), root.GetProperty("total").GetInt32(), root.GetProperty("requestId").GetInt64()));
        Assert.Equal(
            _one.Connections.Skip(5).Take(5).Select(c => c.Id.ToString()),
            root.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("id").ToString()));
        Assert.Equal([OneOrigin], response.Header("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Without_page_the_merged_token_is_answered_as_before()
    {
        await using var app = await StartAsync();

        using var response = await app.Client.SendAsync(Requests.Token("user_1", OneOrigin));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(23, body.RootElement.GetProperty("rows").GetArrayLength());
        Assert.All(_one.ReceivedRequests, r => Assert.Equal(100, r.Limit));
    }

    [Theory]
    [InlineData("?page=0", "page")]
    [InlineData("?page=-1", "page")]
    [InlineData("?page=abc", "page")]
    [InlineData("?page=1.5", "page")]
    [InlineData("?page=1&page=2", "page")]
    [InlineData("?page=1001", "page")]
    [InlineData("?limit=5", "page")]
    [InlineData("?page=1&limit=0", "limit")]
    [InlineData("?page=1&limit=101", "limit")]
    [InlineData("?page=1&limit=ten", "limit")]
    public async Task Bad_paging_is_a_400_problem_naming_the_parameter_and_nothing_is_sent(string query, string parameter)
    {
        await using var app = await StartAsync();

        using var response = await app.Client.SendAsync(Requests.Token("user_1", OneOrigin, path: Requests.Path + query));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal($"Invalid '{parameter}'", problem.RootElement.GetProperty("title").GetString());
        Assert.Contains($"'{parameter}'", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_one.ReceivedRequests);
    }

    [Fact]
    public async Task Ones_iframe_is_the_default_origin_and_Picas_is_refused_with_a_log_naming_the_fix()
    {
        await using var app = await StartAsync();

        using var one = await app.Client.SendAsync(Requests.Preflight(OneOrigin));
        using var pica = await app.Client.SendAsync(Requests.Preflight(Requests.PicaOrigin));

        Assert.Equal([OneOrigin], one.Header("Access-Control-Allow-Origin"));
        Assert.Empty(pica.Header("Access-Control-Allow-Origin"));
        var refused = Assert.Single(app.EndpointLogs, r => r.Id.Name == "OtherPlatformOriginRefused");
        Assert.Equal((LogLevel.Warning, 115), (refused.Level, refused.Id.Id));
        Assert.Contains("it is Pica's AuthKit iframe, but AuthKit:Platform is One, whose iframe is https://auth.withone.ai", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Set AuthKit:Platform to Pica", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_Pica_the_default_origin_stays_Picas_and_Ones_iframe_is_named_when_refused()
    {
        using var pica = PicaEmulator.Start();
        await using var app = await TokenApp.StartAsync(pica);

        using var allowed = await app.Client.SendAsync(Requests.Preflight(Requests.PicaOrigin));
        using var refused = await app.Client.SendAsync(Requests.Preflight(OneOrigin));

        Assert.Equal([Requests.PicaOrigin], allowed.Header("Access-Control-Allow-Origin"));
        Assert.Empty(refused.Header("Access-Control-Allow-Origin"));
        Assert.Contains("Set AuthKit:Platform to One", Assert.Single(app.EndpointLogs, r => r.Id.Id == 115).Message, StringComparison.Ordinal);
    }
}
