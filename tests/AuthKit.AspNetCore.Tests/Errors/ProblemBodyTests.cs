using System.Net;
using System.Text.Json;
using AuthKit.AspNetCore.Tests.TestSupport;
using AuthKit.Testing;
using AuthKit.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;

namespace AuthKit.AspNetCore.Tests.Errors;

/// <summary>
/// The problem answers of both endpoints as curl prints them: the raw body, not a parsed one. Each has
/// <c>type</c>, <c>title</c> and <c>status</c>, and its text is written as it reads (no <c>\u00XX</c> escapes).
/// </summary>
public sealed class ProblemBodyTests : IDisposable
{
    private readonly PicaEmulator _pica = PicaEmulator.Start();

    public void Dispose() => _pica.Dispose();

    private Task<TokenApp> StartAsync() => TokenApp.StartAsync(_pica, pipeline: app =>
    {
        app.MapAuthKitToken();
        app.MapAuthKitConnections();
    });

    private static HttpRequestMessage Delete(string id, string user)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, "/authkit-connections/" + id);
        request.Headers.Add(TestUser.Header, user);
        return request;
    }

    private static async Task<(string Raw, JsonElement Problem)> ReadAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var raw = await response.Content.ReadAsStringAsync();
        var problem = JsonDocument.Parse(raw).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()), raw);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()), raw);
        Assert.DoesNotContain("\\u00", raw, StringComparison.Ordinal);
        return (raw, problem);
    }

    [Fact]
    public async Task A_malformed_connection_id_reads_U_0020_and_the_quoted_characters_as_written()
    {
        await using var app = await StartAsync();

        using var response = await app.Client.SendAsync(Delete("a%20b", "user_42"));

        var (raw, problem) = await ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("U+0020", raw, StringComparison.Ordinal);
        Assert.Contains("'-'", raw, StringComparison.Ordinal);
        Assert.Contains("U+0020", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_404_of_a_connection_that_is_not_the_users_has_a_type_like_the_others()
    {
        var theirs = _pica.Connect("user_7", IdentityType.User, "gmail");
        await using var app = await StartAsync();

        using var response = await app.Client.SendAsync(Delete(theirs.Id, "user_42"));

        var (_, problem) = await ReadAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.5", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_identity_400_names_the_signed_in_users_identity_and_no_SDK_type()
    {
        await using var app = await StartAsync();

        using var response = await app.Client.SendAsync(Requests.Token("user 1"));

        var (raw, problem) = await ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("The signed-in user's identity contains white space at index 4; identities must not contain spaces, colons, commas, vertical bars, control or invisible characters or noncharacters.",
            problem.GetProperty("detail").GetString());
        Assert.Contains("user's identity", raw, StringComparison.Ordinal);
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Fact]
    public async Task The_401_and_the_502s_have_type_title_and_status()
    {
        await using var app = await StartAsync();

        using var unauthorized = await app.Client.SendAsync(Requests.Token(user: null));
        await ReadAsync(unauthorized, HttpStatusCode.Unauthorized);

        _pica.FailPage(1, PicaFault.Unauthorized(), times: int.MaxValue);
        using var refused = await app.Client.SendAsync(Requests.Token("user_1"));
        var (_, problem) = await ReadAsync(refused, HttpStatusCode.BadGateway);
        Assert.Equal(401, problem.GetProperty("picaStatus").GetInt32());

        _pica.FailVault(PicaFault.Status(HttpStatusCode.ServiceUnavailable), times: int.MaxValue);
        using var list = new HttpRequestMessage(HttpMethod.Get, "/authkit-connections");
        list.Headers.Add(TestUser.Header, "user_42");
        using var unavailable = await app.Client.SendAsync(list);
        await ReadAsync(unavailable, HttpStatusCode.BadGateway);
    }
}
