using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthKit.AspNetCore.Tests.TestSupport;
using AuthKit.Testing;
using AuthKit.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.AspNetCore.Tests.Connections;

/// <summary>MapAuthKitConnections: the signed-in identity's connections, and the removal of theirs only.</summary>
public sealed class ConnectionsEndpointTests : IDisposable
{
    private readonly PicaEmulator _pica = PicaEmulator.Start();

    public void Dispose() => _pica.Dispose();

    private Task<TokenApp> StartAsync() => TokenApp.StartAsync(_pica, pipeline: app => app.MapAuthKitConnections().RequireAuthorization());

    private static HttpRequestMessage As(HttpMethod method, string path, string? user)
    {
        var request = new HttpRequestMessage(method, path);
        if (user is not null)
        {
            request.Headers.Add(TestUser.Header, user);
        }

        return request;
    }

    private List<PicaEmulatorRequest> Vault(PicaEndpoint endpoint) => [.. _pica.ReceivedRequests.Where(r => r.Endpoint == endpoint)];

    [Fact]
    public async Task GET_answers_the_signed_in_users_connections_as_a_JSON_array_with_no_store()
    {
        _pica.SeedVaultConnections("user_42", IdentityType.User, 130, seed: 2);
        _pica.SeedVaultConnections("user_7", IdentityType.User, 20, seed: 3);
        var expected = _pica.VaultConnections.Where(c => c.Identity == "user_42" && c.Active).ToList();
        await using var app = await StartAsync();

        using var response = await app.Client.SendAsync(As(HttpMethod.Get, "/authkit-connections", "user_42"));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["no-store"], response.Headers.GetValues("Cache-Control"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(expected.Select(c => c.Id), body.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.All(Vault(PicaEndpoint.VaultList), r => Assert.Equal(("user_42", "user"), (r.Query["identity"], r.Query["identityType"])));
    }

    [Fact]
    public async Task Without_a_user_both_answer_401_problem_json_and_Pica_is_not_asked()
    {
        var gmail = _pica.Connect("user_42", IdentityType.User, "gmail");
        await using var app = await TokenApp.StartAsync(_pica, pipeline: app => app.MapAuthKitConnections());

        using var list = await app.Client.SendAsync(As(HttpMethod.Get, "/authkit-connections", null));
        using var delete = await app.Client.SendAsync(As(HttpMethod.Delete, $"/authkit-connections/{gmail.Id}", null));

        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, delete.StatusCode);
        Assert.Equal("application/problem+json", list.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["no-store"], delete.Headers.GetValues("Cache-Control"));
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Fact]
    public async Task DELETE_removes_the_users_own_connection_with_204()
    {
        var gmail = _pica.Connect("user_42", IdentityType.User, "gmail");
        await using var app = await StartAsync();

        using var response = await app.Client.SendAsync(As(HttpMethod.Delete, $"/authkit-connections/{gmail.Id}", "user_42"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(_pica.VaultConnections);
        Assert.Equal(gmail.Id, Assert.Single(Vault(PicaEndpoint.VaultDelete)).ConnectionId);
    }

    [Fact]
    public async Task DELETE_of_another_users_connection_answers_404_and_Pica_never_receives_a_DELETE()
    {
        var theirs = _pica.Connect("user_7", IdentityType.User, "gmail");
        await using var app = await StartAsync();

        using var response = await app.Client.SendAsync(As(HttpMethod.Delete, $"/authkit-connections/{theirs.Id}", "user_42"));
        using var unknown = await app.Client.SendAsync(As(HttpMethod.Delete, "/authkit-connections/00000000-0000-0000-0000-000000000000", "user_42"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(Vault(PicaEndpoint.VaultDelete));
        Assert.Single(_pica.VaultConnections);
    }

    [Fact]
    public async Task A_malformed_id_is_400_and_a_Pica_failure_502_without_Picas_body()
    {
        await using var app = await StartAsync();

        using var malformed = await app.Client.SendAsync(As(HttpMethod.Delete, "/authkit-connections/a%20b", "user_42"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Empty(_pica.ReceivedRequests);

        _pica.FailVault(PicaFault.Status(HttpStatusCode.Forbidden));
        using var failed = await app.Client.SendAsync(As(HttpMethod.Get, "/authkit-connections", "user_42"));
        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        var problem = await failed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(403, problem.GetProperty("picaStatus").GetInt32());
        Assert.DoesNotContain("Fault injected", problem.GetRawText());
    }

    [Theory]
    [InlineData("user_123,user_456", "a comma (',')")]
    [InlineData("user_1|user_2", "a vertical bar ('|')")]
    public async Task A_signed_in_identity_holding_a_separator_is_a_400_naming_it_and_Pica_is_not_asked(string identity, string named)
    {
        var gmail = _pica.Connect("user_123", IdentityType.User, "gmail");
        await using var app = await StartAsync();

        using var list = await app.Client.SendAsync(As(HttpMethod.Get, "/authkit-connections", identity));
        using var delete = await app.Client.SendAsync(As(HttpMethod.Delete, $"/authkit-connections/{gmail.Id}", identity));

        foreach (var response in new[] { list, delete })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
            Assert.StartsWith($"The identity contains {named}", detail, StringComparison.Ordinal);
            Assert.DoesNotContain(identity, detail, StringComparison.Ordinal);
        }

        Assert.Empty(_pica.ReceivedRequests);
        Assert.Single(_pica.VaultConnections);
    }

    [Fact]
    public async Task Both_endpoints_carry_OpenAPI_metadata()
    {
        await using var app = await StartAsync();

        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/authkit-connections", StringComparison.Ordinal) == true).ToList();

        Assert.Equal(2, endpoints.Count);
        Assert.All(endpoints, e =>
        {
            Assert.NotNull(e.Metadata.GetMetadata<IEndpointNameMetadata>());
            Assert.NotNull(e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IEndpointSummaryMetadata>());
            Assert.Contains(e.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Http.Metadata.IProducesResponseTypeMetadata>(), p => p.StatusCode == StatusCodes.Status401Unauthorized);
        });
    }
}
