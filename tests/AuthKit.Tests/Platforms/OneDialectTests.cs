using System.Net.Http.Json;
using System.Text.Json;
using AuthKit.Testing;

namespace AuthKit.Tests.Platforms;

/// <summary>
/// The same token, Vault listing, owner-checked delete and passthrough call against an emulator speaking
/// Pica's dialect and one speaking One's: the same results, and on One only One's header names on the wire.
/// </summary>
public sealed class OneDialectTests
{
    private const string Action = "conn_mod_def::GAAA::BBB";

    [Fact]
    public async Task On_One_every_call_carries_One_header_names_only_and_gives_the_results_it_gives_on_Pica()
    {
        var onPica = await RunAsync(AuthKitPlatform.Pica);
        var onOne = await RunAsync(AuthKitPlatform.One);

        Assert.Equal(onPica.Results, onOne.Results);

        var one = onOne.Requests;
        // The same calls, the flags call aside: a token, the listing, the owner checks and one delete, the passthrough.
        Assert.Equal(onPica.Requests.Where(r => r.Endpoint != PicaEndpoint.Flags).Select(r => r.Endpoint), one.Select(r => r.Endpoint));
        Assert.Single(one, r => r.Endpoint == PicaEndpoint.VaultDelete);
        Assert.Single(one, r => r.Endpoint == PicaEndpoint.Passthrough);
        Assert.All(one, r => Assert.DoesNotContain(r.HeaderNames, n => n.StartsWith("x-pica", StringComparison.OrdinalIgnoreCase)));
        Assert.All(one, r => Assert.Contains("X-One-Secret", r.HeaderNames, StringComparer.OrdinalIgnoreCase));
        Assert.All(one, r => Assert.True(r.SecretKeyMatched));
        Assert.Equal("/v1/authkit/token", one[0].Path);
        var passthrough = one[^1];
        Assert.Contains("x-one-connection-key", passthrough.HeaderNames, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("x-one-action-id", passthrough.HeaderNames, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(Action, passthrough.ActionId);

        // Pica's wire as before: its path, its headers, and the flags call.
        var pica = onPica.Requests;
        Assert.Equal("/v1/authkit", pica.Single(r => r.Endpoint == PicaEndpoint.TokenPage).Path);
        Assert.Single(pica, r => r.Endpoint == PicaEndpoint.Flags);
        Assert.All(pica, r => Assert.DoesNotContain(r.HeaderNames, n => n.StartsWith("x-one", StringComparison.OrdinalIgnoreCase)));
        Assert.All(pica, r => Assert.Contains("X-Pica-Secret", r.HeaderNames, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task On_One_no_flags_call_is_made_and_the_token_says_isWhiteLabel_false()
    {
        using var one = PicaEmulator.Start(new PicaEmulatorOptions { Platform = AuthKitPlatform.One }).SeedConnections(3).WithWhiteLabel();

        var token = await new AuthKitToken(one.CreateOptions()).CreateAsync("user_1", IdentityType.User);

        Assert.False(token.IsWhiteLabel);
        Assert.Equal(3, token.Rows.Count);
        Assert.Equal([PicaEndpoint.TokenPage], one.ReceivedRequests.Select(r => r.Endpoint));
    }

    [Fact]
    public async Task SetPicaActionId_on_One_sends_the_action_as_x_one_action_id()
    {
        using var one = PicaEmulator.Start(new PicaEmulatorOptions { Platform = AuthKitPlatform.One });
        var mine = one.Connect("user_1", IdentityType.User, "gmail");
        using var http = await new PicaConnections(one.CreateOptions()).ForIdentity("user_1", IdentityType.User).CreatePassthroughClientAsync(mine.Key, Action);
        using var request = new HttpRequestMessage(HttpMethod.Get, "labels").SetPicaActionId("conn_mod_def::OTHER::ACTION");

        using var response = await http.SendAsync(request);

        var sent = one.ReceivedRequests.Single(r => r.Endpoint == PicaEndpoint.Passthrough);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("conn_mod_def::OTHER::ACTION", sent.ActionId);
        Assert.DoesNotContain(sent.HeaderNames, n => n.StartsWith("x-pica", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Renamed_integration_headers_of_either_prefix_come_back_under_their_own_names()
    {
        using var one = PicaEmulator.Start(new PicaEmulatorOptions { Platform = AuthKitPlatform.One }).WithAnswerShape(PicaAnswerShape.RenamedPassthroughHeaders);
        var mine = one.Connect("user_1", IdentityType.User, "gmail");
        one.OnPassthrough(Action, PicaPassthroughAnswer.Json("{}").WithHeader("x-ratelimit-remaining", "41"));
        using var http = await new PicaConnections(one.CreateOptions()).ForIdentity("user_1", IdentityType.User).CreatePassthroughClientAsync(mine.Key, Action);

        using var response = await http.GetAsync("labels");

        Assert.Equal("41", Assert.Single(response.Headers.GetValues("x-ratelimit-remaining")));
    }

    [Fact]
    public async Task On_One_a_connection_key_without_the_identity_suffix_is_confirmed_by_the_Vaults_owner_fields()
    {
        const string BareKey = "test::gmail::default::0c1d2e3f405162738495a6b7c8d9e0f1";
        await using var vault = await Passthrough.PassthroughStandIn.StartAsync(
            Passthrough.TwoTenants.Row(Passthrough.TwoTenants.MineId, BareKey, "user_1"),
            Passthrough.TwoTenants.Row(Passthrough.TwoTenants.TheirsId, "test::gmail::default::ffeeddccbbaa99887766554433221100", "user_2"));
        var options = new AuthKitOptions { Platform = AuthKitPlatform.One, SecretKey = Passthrough.TwoTenants.Secret, BaseUrl = vault.Url };

        using var http = await new PicaConnections(options).ForIdentity("user_1", IdentityType.User).CreatePassthroughClientAsync(BareKey, Action);
        (await http.GetAsync("labels")).Dispose();
        await Assert.ThrowsAsync<PicaConnectionRefusedException>(() =>
            new PicaConnections(options).ForIdentity("user_2", IdentityType.User).CreatePassthroughClientAsync(BareKey, Action));

        var sent = Assert.Single(vault.Passthrough);
        Assert.Equal((BareKey, Action), (sent.Headers["x-one-connection-key"], sent.Headers["x-one-action-id"]));
        Assert.DoesNotContain(sent.Headers.Keys, n => n.StartsWith("x-pica", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<Run> RunAsync(AuthKitPlatform platform)
    {
        using var emulator = PicaEmulator.Start(new PicaEmulatorOptions { Platform = platform }).SeedConnections(7);
        var mine = emulator.Connect("user_1", IdentityType.User, "gmail");
        var theirs = emulator.Connect("user_2", IdentityType.User, "slack");
        var options = emulator.CreateOptions();
        var connections = new PicaConnections(options).ForIdentity("user_1", IdentityType.User);

        var token = JsonSerializer.Serialize(await new AuthKitToken(options).CreateAsync("user_1", IdentityType.User), JsonSerializerOptions.Web);
        var listed = string.Join(",", await connections.ListAsync().Select(c => $"{c.Id} {c.Key} {c.Platform}").ToListAsync());
        var theirsDeleted = await connections.DeleteAsync(theirs.Id);
        var mineDeleted = await connections.DeleteAsync(mine.Id);
        var mine2 = emulator.Connect("user_1", IdentityType.User, "notion");
        var listedAfter = string.Join(",", await connections.ListAsync().Select(c => c.Id).ToListAsync());
        using var http = await connections.CreatePassthroughClientAsync(mine2.Key, Action);
        using var response = await http.GetAsync("labels?max=3");
        var echo = await response.Content.ReadFromJsonAsync<JsonElement>();
        var passthrough = $"{(int)response.StatusCode} {echo.GetProperty("method")} {echo.GetProperty("path")} {echo.GetProperty("query")} {echo.GetProperty("connection")}";

        return new Run(
            $"{token}\n{listed}\n{theirsDeleted} {mineDeleted}\n{listedAfter}\n{passthrough}",
            emulator.ReceivedRequests);
    }

    private sealed record Run(string Results, IReadOnlyList<PicaEmulatorRequest> Requests);
}
