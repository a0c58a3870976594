using System.Net;
using System.Text;

namespace AuthKit.Testing.Tests;

/// <summary>The emulator in One's dialect answers One's wire only, as the real server would, and logs the header names it got.</summary>
public sealed class EmulatorPlatformTests : IDisposable
{
    private const string Body = """{"identity":"user_1","identityType":"user"}""";
    private readonly PicaEmulator _one = PicaEmulator.Start(new PicaEmulatorOptions { Platform = AuthKitPlatform.One }).SeedConnections(4);

    public void Dispose() => _one.Dispose();

    [Fact]
    public async Task Ones_token_path_and_secret_header_get_the_page()
    {
        using var client = Client("X-One-Secret");

        using var response = await client.PostAsync("v1/authkit/token?page=1&limit=100", Json());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(_one.ReceivedRequests);
        Assert.Equal((PicaEndpoint.TokenPage, true, 1, 100), (received.Endpoint, received.SecretKeyMatched, received.Page, received.Limit));
        Assert.Contains("X-One-Secret", received.HeaderNames, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Picas_secret_header_gets_401_and_is_logged_by_name()
    {
        using var client = Client("X-Pica-Secret");

        using var response = await client.PostAsync("v1/authkit/token?page=1&limit=100", Json());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("X-One-Secret header is missing", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var received = Assert.Single(_one.ReceivedRequests);
        Assert.False(received.HasSecretHeader);
        Assert.Contains("X-Pica-Secret", received.HeaderNames, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain(_one.SecretKey, string.Join(" ", received.Headers.Values), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "v1/authkit?limit=100&page=1")]
    [InlineData("GET", "v1/users/flags")]
    public async Task Picas_paths_are_not_found(string method, string path)
    {
        using var client = Client("X-One-Secret");

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? Json() : null });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(PicaEndpoint.Unknown, Assert.Single(_one.ReceivedRequests).Endpoint);
    }

    [Theory]
    [InlineData("X-One-Secret", HttpStatusCode.OK)]
    [InlineData("X-Pica-Secret", HttpStatusCode.Unauthorized)]
    public async Task Whoami_checks_the_key(string header, HttpStatusCode expected)
    {
        using var client = Client(header);

        using var response = await client.GetAsync("v1/users/whoami");

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(PicaEndpoint.WhoAmI, Assert.Single(_one.ReceivedRequests).Endpoint);
    }

    [Fact]
    public async Task Pica_emulator_does_not_answer_Ones_token_path()
    {
        using var pica = PicaEmulator.Start();
        using var client = new HttpClient { BaseAddress = pica.Url };
        client.DefaultRequestHeaders.Add("X-Pica-Secret", pica.SecretKey);

        using var response = await client.PostAsync("v1/authkit/token?page=1&limit=100", Json());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private HttpClient Client(string secretHeader)
    {
        var client = new HttpClient { BaseAddress = _one.Url };
        client.DefaultRequestHeaders.Add(secretHeader, _one.SecretKey);
        return client;
    }

    private static StringContent Json() => new(Body, Encoding.UTF8, "application/json");
}
