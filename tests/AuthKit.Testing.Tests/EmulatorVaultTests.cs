using System.Net;
using System.Text;
using static AuthKit.Testing.Tests.RawHttp;

namespace AuthKit.Testing.Tests;

/// <summary>The emulator's Vault API over a raw HttpClient: filters, paging, by-id calls, the key.</summary>
public sealed class EmulatorVaultTests : IDisposable
{
    private readonly PicaEmulator _pica = PicaEmulator.Start();

    public void Dispose() => _pica.Dispose();

    [Fact]
    public async Task The_limit_defaults_to_20_and_is_capped_at_150()
    {
        for (var i = 0; i < 200; i++)
        {
            _pica.Connect("user_1", IdentityType.User, "gmail");
        }

        using var client = Client(_pica);
        var byDefault = await JsonAsync(await client.GetAsync("/v1/vault/connections"));
        var capped = await JsonAsync(await client.GetAsync("/v1/vault/connections?limit=500&page=2"));

        Assert.Equal((20, 200, 10, 1), (byDefault.GetProperty("rows").GetArrayLength(), byDefault.GetProperty("total").GetInt32(), byDefault.GetProperty("pages").GetInt32(), byDefault.GetProperty("page").GetInt32()));
        Assert.Equal((50, 2, 2), (capped.GetProperty("rows").GetArrayLength(), capped.GetProperty("pages").GetInt32(), capped.GetProperty("page").GetInt32()));
    }

    [Fact]
    public async Task Filters_select_by_identity_type_platform_key_tags_and_activity_newest_first()
    {
        var older = _pica.Connect("user_1", IdentityType.User, "gmail");
        var newer = _pica.Connect("user_1", IdentityType.User, "gmail");
        var slack = _pica.Connect("user_1", IdentityType.User, "slack");
        _pica.Connect("user_1", IdentityType.Team, "gmail");
        _pica.Connect("user_2", IdentityType.User, "gmail");
        using var client = Client(_pica);
        using (var patch = await client.PatchAsync($"/v1/vault/connections/{slack.Id}", new StringContent("""{"tags":["crm","x"]}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        }

        async Task<string[]> Ids(string query) =>
            [.. (await JsonAsync(await client.GetAsync("/v1/vault/connections?" + query))).GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];

        Assert.Equal([newer.Id, older.Id], await Ids("identity=user_1&identityType=user&platform=gmail"));
        Assert.Equal([older.Id], await Ids($"key={Uri.EscapeDataString(older.Key)}"));
        Assert.Equal([older.Id], await Ids($"keys={Uri.EscapeDataString(older.Key)}"));
        Assert.Equal([slack.Id], await Ids("tags=crm"));
        Assert.Empty(await Ids("active=false"));
    }

    [Fact]
    public async Task By_id_GET_PATCH_and_DELETE_answer_404_for_an_unknown_id_and_a_wrong_key_401()
    {
        var gmail = _pica.Connect("user_1", IdentityType.User, "gmail");
        using var client = Client(_pica);
        using var wrongKey = Client(_pica, "sk_test_wrong");

        Assert.Equal(gmail.Key, (await JsonAsync(await client.GetAsync($"/v1/vault/connections/{gmail.Id}"))).GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/vault/connections/nope")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PatchAsync($"/v1/vault/connections/{gmail.Id}", new StringContent("[]"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongKey.DeleteAsync($"/v1/vault/connections/{gmail.Id}")).StatusCode);
        Assert.Single(_pica.VaultConnections);

        using var deleted = await client.DeleteAsync($"/v1/vault/connections/{gmail.Id}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/v1/vault/connections/{gmail.Id}")).StatusCode);
        Assert.Equal(gmail.Id, _pica.ReceivedRequests[^1].ConnectionId);
        Assert.Equal(PicaEndpoint.VaultDelete, _pica.ReceivedRequests[^1].Endpoint);
    }

    [Fact]
    public async Task Seeded_connections_are_the_same_for_the_same_seed()
    {
        using var other = PicaEmulator.Start();
        _pica.SeedVaultConnections("user_1", IdentityType.User, 30, seed: 3);
        other.SeedVaultConnections("user_1", IdentityType.User, 30, seed: 3);

        Assert.Equal(
            _pica.VaultConnections.Select(c => $"{c.Platform} {string.Join(',', c.Tags)} {c.Active}"),
            other.VaultConnections.Select(c => $"{c.Platform} {string.Join(',', c.Tags)} {c.Active}"));
        Assert.True(_pica.VaultConnections.Select(c => c.Platform).Distinct().Count() > 3);
        Assert.Equal(_pica.VaultConnections.Select(c => c.Id), other.VaultConnections.Select(c => c.Id));
    }
}
