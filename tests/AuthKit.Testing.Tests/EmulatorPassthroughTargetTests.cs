using System.Net;
using System.Text.Json;
using static AuthKit.Testing.Tests.RawHttp;

namespace AuthKit.Testing.Tests;

/// <summary>
/// The emulator decodes a request target once, as an HTTP server does. A passthrough path that leaves
/// <c>/v1/passthrough/</c> after that one decoding is answered 400 and nothing else; a path that is
/// encoded twice decodes once to a literal segment (<c>%2e%2e</c> is not <c>..</c>) and stays a
/// passthrough call. The targets go out byte for byte over TCP: HttpClient would resolve escaped dots.
/// </summary>
public sealed class EmulatorPassthroughTargetTests : IDisposable
{
    private const string Action = "conn_mod_def::AAA::BBB";
    private readonly PicaEmulator _pica = PicaEmulator.Start().SeedConnections(3, seed: 24);
    private readonly PicaConnection _mine;
    private readonly PicaConnection _theirs;

    public EmulatorPassthroughTargetTests()
    {
        _mine = _pica.Connect("user_1", IdentityType.User, "gmail");
        _theirs = _pica.Connect("user_2", IdentityType.User, "gmail");
    }

    public void Dispose() => _pica.Dispose();

    private (string, string)[] MyHeaders => [(PicaEmulator.ConnectionKeyHeaderName, _mine.Key), (PicaEmulator.ActionIdHeaderName, Action)];

    // {theirs} stands for the other identity's connection id.
    public static TheoryData<string, string, string> Escaping => new()
    {
        { "DELETE", "%2e%2e/vault/connections/{theirs}", "/v1/passthrough/../vault/connections/{theirs}" },
        { "GET", "%2e%2e/vault/connections", "/v1/passthrough/../vault/connections" },
        { "GET", "%2E%2E/%2e%2e/v1/users/flags", "/v1/passthrough/../../v1/users/flags" },
        { "POST", "%2e%2e/authkit", "/v1/passthrough/../authkit" },
        { "DELETE", "%2e%2e%2fvault%2fconnections%2f{theirs}", "/v1/passthrough/../vault/connections/{theirs}" },
        { "GET", "..%5cvault%5cconnections", "/v1/passthrough/..\\vault\\connections" },
        { "GET", "../vault/connections", "/v1/passthrough/../vault/connections" },
        { "GET", "a/%2e/b", "/v1/passthrough/a/./b" },
        { "GET", "a%09b", "/v1/passthrough/a\tb" },
    };

    [Theory]
    [MemberData(nameof(Escaping))]
    public async Task A_path_that_leaves_the_passthrough_once_decoded_is_a_400_and_nothing_else(string method, string path, string seen)
    {
        var target = "/v1/passthrough/" + path.Replace("{theirs}", _theirs.Id, StringComparison.Ordinal);

        var (status, body) = await SendTargetAsync(_pica, method, target, MyHeaders, method == "POST" ? """{"identity":"user_2","identityType":"user"}""" : null);

        Assert.Equal(400, status);
        var error = JsonDocument.Parse(body).RootElement;
        Assert.Equal(400, error.GetProperty("status").GetInt32());
        Assert.Equal("Bad Request", error.GetProperty("error").GetString());
        Assert.Contains("leave /v1/passthrough/", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_mine.Key, body, StringComparison.Ordinal);
        Assert.Contains(_pica.VaultConnections, c => c.Id == _theirs.Id);
        var logged = Assert.Single(_pica.ReceivedRequests);
        Assert.Equal((PicaEndpoint.Passthrough, HttpStatusCode.BadRequest, method), (logged.Endpoint, logged.StatusCode, logged.Method));
        Assert.Equal(seen.Replace("{theirs}", _theirs.Id, StringComparison.Ordinal), logged.Path);
    }

    public static TheoryData<string, string> DoubleEncoded => new()
    {
        { "DELETE", "%252e%252e/vault/connections/{theirs}" },
        { "GET", "%252e%252e/vault/connections" },
        { "GET", "%252e%252e/%252e%252e/v1/users/flags" },
        { "POST", "%252e%252e/authkit" },
        { "GET", "%252E%252E%252Fvault%252Fconnections" },
    };

    [Theory]
    [MemberData(nameof(DoubleEncoded))]
    public async Task A_path_encoded_twice_decodes_once_to_a_literal_segment_and_stays_a_passthrough_call(string method, string path)
    {
        path = path.Replace("{theirs}", _theirs.Id, StringComparison.Ordinal);

        var (status, body) = await SendTargetAsync(_pica, method, "/v1/passthrough/" + path, MyHeaders, method == "POST" ? """{"identity":"user_2","identityType":"user"}""" : null);

        Assert.Equal(200, status);
        var echo = JsonDocument.Parse(body).RootElement;
        Assert.Equal(path, echo.GetProperty("path").GetString());
        Assert.Equal(_mine.Id, echo.GetProperty("connection").GetProperty("id").GetString());
        Assert.Contains(_pica.VaultConnections, c => c.Id == _theirs.Id);
        var logged = Assert.Single(_pica.ReceivedRequests);
        Assert.Equal(PicaEndpoint.Passthrough, logged.Endpoint);
        Assert.Equal("/v1/passthrough/" + Uri.UnescapeDataString(path), logged.Path);
    }

    [Theory]
    [InlineData("projects/group%2Fname")]
    [InlineData("files/a%20b")]
    [InlineData("files/%C3%A9t%C3%A9.txt")]
    [InlineData("a/.b/..c/%2e%2ed")]
    public async Task A_merely_encoded_path_is_echoed_as_received(string path)
    {
        var (status, body) = await SendTargetAsync(_pica, "GET", "/v1/passthrough/" + path, MyHeaders);

        Assert.Equal(200, status);
        Assert.Equal(path, JsonDocument.Parse(body).RootElement.GetProperty("path").GetString());
        Assert.Equal(PicaEndpoint.Passthrough, Assert.Single(_pica.ReceivedRequests).Endpoint);
    }
}
