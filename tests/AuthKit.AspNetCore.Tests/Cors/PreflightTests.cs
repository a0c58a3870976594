using System.Net;
using AuthKit.AspNetCore.Tests.TestSupport;
using AuthKit.Testing;
using Microsoft.Extensions.Logging;

namespace AuthKit.AspNetCore.Tests.Cors;

/// <summary>The preflight Pica's iframe sends before its POST, answered with the endpoint's own CORS.</summary>
public sealed class PreflightTests : IDisposable
{
    private readonly PicaEmulator _pica = PicaEmulator.Start().SeedConnections(3, seed: 81);

    public void Dispose() => _pica.Dispose();

    [Fact]
    public async Task A_preflight_from_Picas_origin_is_allowed_with_exactly_the_configured_headers()
    {
        await using var app = await TokenApp.StartAsync(_pica);

        using var response = await app.Client.SendAsync(Requests.Preflight(Requests.PicaOrigin));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Access-Control-Allow-Origin"] = "https://authkit.picaos.com",
            ["Access-Control-Allow-Methods"] = "POST",
            ["Access-Control-Allow-Headers"] = "Authorization,Content-Type",
            ["Access-Control-Max-Age"] = "600",
        }, response.AccessControl());
        Assert.Equal(["Origin"], response.Header("Vary"));
        Assert.Equal(["no-store"], response.Header("Cache-Control"));
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Fact]
    public async Task A_preflight_from_another_origin_gets_no_CORS_header_and_its_origin_is_logged_once()
    {
        await using var app = await TokenApp.StartAsync(_pica);

        using var first = await app.Client.SendAsync(Requests.Preflight("https://evil.example"));
        using var again = await app.Client.SendAsync(Requests.Preflight("https://evil.example"));

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Empty(first.AccessControl());
        Assert.Empty(again.AccessControl());
        Assert.Equal(["Origin"], first.Header("Vary"));
        var refused = Assert.Single(app.EndpointLogs);
        Assert.Equal((LogLevel.Warning, 101, "OriginRefused"), (refused.Level, refused.Id.Id, refused.Id.Name));
        Assert.Contains("'https://evil.example'", refused.Message);
        Assert.Contains("AuthKit:Endpoint:AllowedOrigins", refused.Message);
    }

    [Theory]
    [InlineData("https://authkit.picaos.com/")]
    [InlineData("https://AUTHKIT.picaos.com")]
    [InlineData("http://authkit.picaos.com")]
    [InlineData("https://authkit.picaos.com:8443")]
    [InlineData("https://authkit.picaos.com.evil.example")]
    [InlineData("null")]
    public async Task An_origin_that_is_not_exactly_an_allowed_one_is_refused(string origin)
    {
        await using var app = await TokenApp.StartAsync(_pica);

        using var preflight = await app.Client.SendAsync(Requests.Preflight(origin));
        using var post = await app.Client.SendAsync(Requests.Token("user_1", origin));

        Assert.Empty(preflight.AccessControl());
        Assert.Equal(HttpStatusCode.OK, post.StatusCode); // the server answers; the browser refuses to hand it over
        Assert.Empty(post.AccessControl());
    }

    [Fact]
    public async Task A_private_network_preflight_from_an_allowed_origin_is_allowed_and_from_another_is_not()
    {
        await using var app = await TokenApp.StartAsync(_pica);

        using var allowed = await app.Client.SendAsync(Requests.Preflight(Requests.PicaOrigin, privateNetwork: true));
        using var plain = await app.Client.SendAsync(Requests.Preflight(Requests.PicaOrigin));
        using var foreign = await app.Client.SendAsync(Requests.Preflight("https://evil.example", privateNetwork: true));

        Assert.Equal(["true"], allowed.Header("Access-Control-Allow-Private-Network"));
        Assert.Equal(["https://authkit.picaos.com"], allowed.Header("Access-Control-Allow-Origin"));
        Assert.Empty(plain.Header("Access-Control-Allow-Private-Network"));
        Assert.Empty(foreign.AccessControl());
    }

    [Fact]
    public async Task Configured_origins_headers_max_age_and_credentials_are_what_the_preflight_answers()
    {
        await using var app = await TokenApp.StartAsync(_pica, settings:
        [
            ("AuthKit:Endpoint:AllowedOrigins:0", "HTTPS://AuthKit.Example.COM:443/"),
            ("AuthKit:Endpoint:AllowedOrigins:1", "http://localhost:5173"),
            ("AuthKit:Endpoint:AllowedHeaders:0", "X-Session"),
            ("AuthKit:Endpoint:AllowedHeaders:1", "Content-Type"),
            ("AuthKit:Endpoint:PreflightMaxAge", "00:02:00"),
            ("AuthKit:Endpoint:AllowCredentials", "true"),
        ]);

        using var normalized = await app.Client.SendAsync(Requests.Preflight("https://authkit.example.com", "x-session,content-type"));
        using var local = await app.Client.SendAsync(Requests.Preflight("http://localhost:5173", "x-session"));
        using var pica = await app.Client.SendAsync(Requests.Preflight(Requests.PicaOrigin));
        using var post = await app.Client.SendAsync(Requests.Token("user_1", "http://localhost:5173"));

        Assert.Equal(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Access-Control-Allow-Origin"] = "https://authkit.example.com",
            ["Access-Control-Allow-Credentials"] = "true",
            ["Access-Control-Allow-Methods"] = "POST",
            ["Access-Control-Allow-Headers"] = "X-Session,Content-Type",
            ["Access-Control-Max-Age"] = "120",
        }, normalized.AccessControl());
        Assert.Equal(["http://localhost:5173"], local.Header("Access-Control-Allow-Origin"));
        Assert.Empty(pica.AccessControl()); // configuring origins replaces the default
        Assert.Equal(["Origin"], normalized.Header("Vary")); // one Vary: Origin, although CorsService adds its own for several origins
        Assert.Equal(["http://localhost:5173"], post.Header("Access-Control-Allow-Origin"));
        Assert.Equal(["true"], post.Header("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task A_hostile_page_cannot_flood_the_log_each_origin_is_logged_once_and_at_most_100()
    {
        await using var app = await TokenApp.StartAsync(_pica);
        var longOrigin = "https://" + new string('a', 500) + ".example";

        for (var i = 0; i < 130; i++)
        {
            using var response = await app.Client.SendAsync(Requests.Preflight(i == 0 ? longOrigin : $"https://site{i % 120}.example"));
            Assert.Empty(response.AccessControl());
        }

        var logs = app.EndpointLogs;
        Assert.Equal(100, logs.Count(r => r.Id.Id == 101));
        var limit = Assert.Single(logs, r => r.Id.Id == 102);
        Assert.Equal(LogLevel.Warning, limit.Level);
        Assert.Equal(101, logs.Count);
        var first = logs.First(r => r.Id.Id == 101);
        Assert.Contains("https://aaaa", first.Message);
        Assert.Contains("…'", first.Message);
        Assert.True(first.Message.Length < 500, first.Message);
    }

    [Fact]
    public async Task A_preflight_asking_for_a_header_not_allowed_lists_only_the_allowed_ones_and_logs_the_header_once()
    {
        await using var app = await TokenApp.StartAsync(_pica);

        using var first = await app.Client.SendAsync(Requests.Preflight(Requests.PicaOrigin, "content-type,x-dev-user"));
        using var again = await app.Client.SendAsync(Requests.Preflight(Requests.PicaOrigin, "X-Dev-User"));
        using var allowed = await app.Client.SendAsync(Requests.Preflight(Requests.PicaOrigin, "authorization,content-type"));

        Assert.Equal("Authorization,Content-Type", first.AccessControl()["Access-Control-Allow-Headers"]);
        Assert.Equal(Requests.PicaOrigin, first.AccessControl()["Access-Control-Allow-Origin"]);
        var refused = Assert.Single(app.EndpointLogs);
        Assert.Equal((LogLevel.Warning, 108, "HeaderRefused"), (refused.Level, refused.Id.Id, refused.Id.Name));
        Assert.Contains("'x-dev-user'", refused.Message);
        Assert.Contains("AuthKit:Endpoint:AllowedHeaders", refused.Message);
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Fact]
    public async Task A_header_added_to_AllowedHeaders_is_allowed_and_not_logged()
    {
        await using var app = await TokenApp.StartAsync(_pica, settings:
            [("AuthKit:Endpoint:AllowedHeaders:0", "Authorization"), ("AuthKit:Endpoint:AllowedHeaders:1", "Content-Type"), ("AuthKit:Endpoint:AllowedHeaders:2", "X-Dev-User")]);

        using var response = await app.Client.SendAsync(Requests.Preflight(Requests.PicaOrigin, "content-type,x-dev-user"));

        Assert.Equal("Authorization,Content-Type,X-Dev-User", response.AccessControl()["Access-Control-Allow-Headers"]);
        Assert.Empty(app.EndpointLogs);
    }

    [Fact]
    public async Task A_hostile_page_cannot_flood_the_log_each_refused_header_is_logged_once_and_at_most_100()
    {
        await using var app = await TokenApp.StartAsync(_pica);

        for (var i = 0; i < 65; i++)
        {
            // Two new names per preflight, and one already seen (in another case).
            using var response = await app.Client.SendAsync(Requests.Preflight(Requests.PicaOrigin, $"x-a{i},X-B{i},x-a{Math.Max(i - 1, 0)}"));
            Assert.Equal("Authorization,Content-Type", response.AccessControl()["Access-Control-Allow-Headers"]);
        }

        var logs = app.EndpointLogs;
        Assert.Equal(100, logs.Count(r => r.Id.Id == 108));
        var limit = Assert.Single(logs, r => r.Id.Id == 109);
        Assert.Equal((LogLevel.Warning, "RefusedHeadersNotLogged"), (limit.Level, limit.Id.Name));
        Assert.Equal(101, logs.Count);
    }

    [Fact]
    public async Task A_preflight_from_a_refused_origin_logs_the_origin_not_its_headers()
    {
        await using var app = await TokenApp.StartAsync(_pica);

        using var response = await app.Client.SendAsync(Requests.Preflight("https://evil.example", "x-dev-user"));

        Assert.Empty(response.AccessControl());
        Assert.Equal([101], app.EndpointLogs.Select(r => r.Id.Id));
    }
}
