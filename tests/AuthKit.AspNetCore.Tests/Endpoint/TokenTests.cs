using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthKit.AspNetCore.Tests.TestSupport;
using AuthKit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.AspNetCore.Tests.Endpoint;

/// <summary>The 200 answer: the token of the signed-in user, as the SDK serializes it, with the CORS headers.</summary>
public sealed class TokenTests : IDisposable
{
    private readonly PicaEmulator _pica = PicaEmulator.Start().SeedConnections(230, seed: 82).WithWhiteLabel(true);

    public void Dispose() => _pica.Dispose();

    [Fact]
    public async Task The_signed_in_user_gets_their_token_with_the_iframes_CORS_headers_and_no_store()
    {
        await using var app = await TokenApp.StartAsync(_pica);

        using var response = await app.Client.SendAsync(Requests.Token("user_42"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["https://authkit.picaos.com"], response.Header("Access-Control-Allow-Origin"));
        Assert.Empty(response.Header("Access-Control-Allow-Credentials"));
        Assert.Equal(["no-store"], response.Header("Cache-Control"));
        Assert.Equal(["Origin"], response.Header("Vary"));
        var token = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["rows", "total", "pages", "page", "requestId", "isWhiteLabel"], token.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonSerializer.Serialize(_pica.Connections, JsonSerializerOptions.Web), token.GetProperty("rows").GetRawText());
        Assert.True(token.GetProperty("isWhiteLabel").GetBoolean());
        var pages = _pica.ReceivedRequests.Where(r => r.Endpoint == PicaEndpoint.TokenPage).ToArray();
        Assert.Equal([1, 2, 3], pages.Select(r => r.Page!.Value).Order());
        Assert.All(pages, r => Assert.Equal(("user_42", "user", true), (r.Identity, r.IdentityType, r.SecretKeyMatched)));
    }

    [Fact]
    public async Task Without_an_Origin_header_a_server_caller_gets_the_token_with_no_store_and_no_CORS_headers()
    {
        await using var app = await TokenApp.StartAsync(_pica);

        using var response = await app.Client.SendAsync(Requests.Token("user_42", origin: null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.AccessControl());
        Assert.Equal(["no-store"], response.Header("Cache-Control"));
        Assert.Equal(["Origin"], response.Header("Vary"));
    }

    [Fact]
    public async Task The_body_is_exactly_the_SDKs_own_serialization_of_the_token()
    {
        // A one-page token with what is easy to get wrong: fields Pica added later (kept in
        // AdditionalProperties), nulls, non-ASCII and HTML-sensitive characters, large ids.
        var json = """
            {"rows":[{"id":9007199254740993,"connectionDefId":7,"type":"gmail","title":"Gmail <José> & 'co'","image":"https://x.example/i.png",
            "activatedAt":null,"secretId":null,"environment":"test","createdAt":"2024-01-01T00:00:00Z","tags":["mail","ü"],"active":true,
            "futureRowField":{"nested":[1,2.5,"x"]}}],
            "total":1,"pages":1,"page":1,"requestId":123456789012,"isWhiteLabel":false,"futureTopField":"kept"}
            """;
        var token = JsonSerializer.Deserialize<AuthKitTokenResponse>(json, JsonSerializerOptions.Web)!;
        await using var app = await TokenApp.StartAsync(_pica, services: b =>
            b.Services.AddSingleton<IAuthKitToken>(new FixedToken(token)));

        using var response = await app.Client.SendAsync(Requests.Token("user_1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonSerializer.Serialize(token, JsonSerializerOptions.Web), await response.Content.ReadAsStringAsync());
    }

    private sealed class FixedToken(AuthKitTokenResponse token) : IAuthKitToken
    {
        public Task<AuthKitTokenResponse> CreateAsync(AuthKitTokenRequest? request = null, CancellationToken cancellationToken = default) => Task.FromResult(token);

        public AuthKitTokenResponse Create(AuthKitTokenRequest? request = null, CancellationToken cancellationToken = default) => token;

        public Task<AuthKitTokenResponse> CreatePageAsync(AuthKitTokenRequest? request, int page, int? limit = null, CancellationToken cancellationToken = default) => Task.FromResult(token);
    }
}
