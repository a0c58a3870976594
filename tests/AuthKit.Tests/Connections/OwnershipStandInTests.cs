namespace AuthKit.Tests.Connections;

/// <summary>
/// Against a server that ignores the identity filter and hands out other identities' rows: a ForIdentity
/// view yields, returns and acts on nothing of theirs.
/// </summary>
public sealed class OwnershipStandInTests
{
    private const string TheirGmail = "11111111-1111-1111-1111-111111111111";
    private const string MyGmail = "22222222-2222-2222-2222-222222222222";
    private const string MySlack = "33333333-3333-3333-3333-333333333333";
    private const string TeamGmail = "44444444-4444-4444-4444-444444444444";

    private static readonly string[] Rows =
    [
        FilterIgnoringVault.Row(TheirGmail, "user_2", "user", "gmail"),
        FilterIgnoringVault.Row(TeamGmail, "user_1", "team", "gmail"),
        FilterIgnoringVault.Row(MyGmail, "user_1", "user", "gmail"),
        FilterIgnoringVault.Row(MySlack, "user_1", "user", "slack"),
    ];

    private static IPicaIdentityConnections Mine(FilterIgnoringVault vault) =>
        new PicaConnections(new AuthKitOptions { SecretKey = "sk_test_standin", BaseUrl = vault.Url, MaxRetries = 0 }).ForIdentity("user_1", IdentityType.User);

    [Fact]
    public async Task FindAsync_skips_the_other_identities_rows_the_server_put_first()
    {
        await using var vault = await FilterIgnoringVault.StartAsync(Rows);

        var found = await Mine(vault).FindAsync("gmail");

        Assert.Equal(MyGmail, found!.Id);
        Assert.Null(await Mine(vault).FindAsync("hubspot"));
    }

    [Fact]
    public async Task The_listing_yields_only_the_identitys_rows()
    {
        await using var vault = await FilterIgnoringVault.StartAsync(Rows);

        var listed = new List<string>();
        await foreach (var connection in Mine(vault).ListAsync())
        {
            listed.Add(connection.Id);
        }

        Assert.Equal([MyGmail, MySlack], listed);
        Assert.Contains("identity=user_1", Assert.Single(vault.Received));
    }

    [Fact]
    public async Task A_foreign_id_read_back_from_the_server_is_never_tagged_or_deleted()
    {
        await using var vault = await FilterIgnoringVault.StartAsync(Rows);
        var mine = Mine(vault);

        Assert.Null(await mine.GetAsync(TheirGmail));
        Assert.Null(await mine.UpdateTagsAsync(TheirGmail, ["x"]));
        Assert.False(await mine.DeleteAsync(TheirGmail));
        Assert.False(await mine.DeleteAsync(TeamGmail));

        Assert.All(vault.Received, r => Assert.StartsWith("GET ", r));
        Assert.Equal(4, vault.Received.Count);
    }

    [Fact]
    public async Task The_identitys_own_id_is_deleted_after_the_owner_check()
    {
        await using var vault = await FilterIgnoringVault.StartAsync(Rows);

        Assert.True(await Mine(vault).DeleteAsync(MyGmail));

        Assert.Equal([$"GET /v1/vault/connections/{MyGmail}", $"DELETE /v1/vault/connections/{MyGmail}"], vault.Received);
    }
}
