using AuthKit.Testing;
using AuthKit.Tests.TestSupport;

namespace AuthKit.Tests.Connections;

public sealed class ConnectionsTests : IDisposable
{
    private readonly PicaEmulator _pica = PicaEmulator.Start();

    public void Dispose() => _pica.Dispose();

    private PicaConnections Client(Action<AuthKitOptions>? configure = null)
    {
        var options = _pica.CreateOptions();
        options.RetryDelay = TimeSpan.FromMilliseconds(1);
        configure?.Invoke(options);
        return new PicaConnections(options);
    }

    private List<PicaEmulatorRequest> Vault() =>
        [.. _pica.ReceivedRequests.Where(r => r.Endpoint is PicaEndpoint.VaultList or PicaEndpoint.VaultGet or PicaEndpoint.VaultUpdate or PicaEndpoint.VaultDelete)];

    private static async Task<List<PicaConnection>> AllAsync(IAsyncEnumerable<PicaConnection> listing)
    {
        var all = new List<PicaConnection>();
        await foreach (var connection in listing)
        {
            all.Add(connection);
        }

        return all;
    }

    [Fact]
    public async Task An_identity_listing_yields_all_of_its_active_connections_from_every_page_and_sends_the_identity_on_each()
    {
        _pica.SeedVaultConnections("user_1", IdentityType.User, 260, seed: 5);
        _pica.SeedVaultConnections("user_2", IdentityType.User, 40, seed: 6);
        _pica.SeedVaultConnections("user_1", IdentityType.Team, 10, seed: 7);
        var expected = _pica.VaultConnections.Where(c => c.Identity == "user_1" && c.IdentityType == IdentityType.User && c.Active).Select(c => c.Id).ToList();

        var listed = await AllAsync(Client().ForIdentity("user_1", IdentityType.User).ListAsync());

        Assert.Equal(expected, listed.Select(c => c.Id));
        var requests = Vault();
        Assert.Equal(Enumerable.Range(1, (expected.Count + 99) / 100), requests.Select(r => r.Page!.Value).Order());
        Assert.All(requests, r =>
        {
            Assert.Equal(PicaEndpoint.VaultList, r.Endpoint);
            Assert.Equal("user_1", r.Query["identity"]);
            Assert.Equal("user", r.Query["identityType"]);
            Assert.Equal("100", r.Query["limit"]);
            Assert.True(r.SecretKeyMatched);
        });
    }

    [Fact]
    public async Task The_first_connection_is_in_hand_before_any_later_page_is_asked_for()
    {
        _pica.SeedVaultConnections("user_1", IdentityType.User, 450, seed: 8);

        await using var listing = Client().ForIdentity("user_1", IdentityType.User).ListAsync().GetAsyncEnumerator();
        Assert.True(await listing.MoveNextAsync());

        Assert.Equal([1], Vault().Select(r => r.Page));
    }

    [Fact]
    public async Task A_connection_added_between_pages_shifts_the_rows_yet_every_connection_is_yielded_once()
    {
        for (var i = 0; i < 200; i++)
        {
            _pica.Connect("user_1", IdentityType.User, i % 2 == 0 ? "gmail" : "slack");
        }

        var before = _pica.VaultConnections.Select(c => c.Id).ToList();
        var listed = new List<string>();
        await using (var listing = Client().ForIdentity("user_1", IdentityType.User).ListAsync().GetAsyncEnumerator())
        {
            Assert.True(await listing.MoveNextAsync());
            listed.Add(listing.Current.Id);

            // Page 1 is in, page 2 not asked for yet: the newest connection pushes every row one place down.
            _pica.Connect("user_1", IdentityType.User, "notion");

            while (await listing.MoveNextAsync())
            {
                listed.Add(listing.Current.Id);
            }
        }

        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Equal(before, listed);

        // Page 2 repeated page 1's last row; page 3, which page 2 reported, holds the last one.
        Assert.Equal([1, 2, 3], Vault().Select(r => r.Page!.Value).Order());
    }

    [Fact]
    public async Task Cancelling_mid_listing_stops_the_requests_in_flight_and_asks_for_no_more()
    {
        _pica.SeedVaultConnections("user_1", IdentityType.User, 1000, seed: 9);
        var active = _pica.VaultConnections.Count(c => c.Active);
        Assert.True(active > 500);
        for (var page = 2; page <= 10; page++)
        {
            _pica.FailVaultPage(page, PicaFault.Slow(TimeSpan.FromSeconds(30)), int.MaxValue);
        }

        using var cancel = new CancellationTokenSource();
        var listing = Client(o => o.MaxConcurrentPageRequests = 3).ForIdentity("user_1", IdentityType.User).ListAsync(cancellationToken: cancel.Token).GetAsyncEnumerator();
        for (var i = 0; i < 100; i++)
        {
            Assert.True(await listing.MoveNextAsync());
        }

        var next = listing.MoveNextAsync().AsTask();
        await Eventually.WaitUntilAsync(() => Vault().Count == 4, "pages 2 to 4 are in flight");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
        await listing.DisposeAsync();
        Assert.Equal([1, 2, 3, 4], Vault().Select(r => r.Page!.Value).Order());
    }

    [Fact]
    public async Task Another_identitys_connection_is_neither_returned_tagged_nor_deleted_and_no_PATCH_or_DELETE_is_sent()
    {
        _pica.Connect("user_1", IdentityType.User, "gmail");
        var theirs = _pica.Connect("user_2", IdentityType.User, "gmail");
        var sameNameOtherKind = _pica.Connect("user_1", IdentityType.Team, "slack");
        var mine = Client().ForIdentity("user_1", IdentityType.User);

        Assert.Null(await mine.GetAsync(theirs.Id));
        Assert.Null(await mine.UpdateTagsAsync(theirs.Id, ["stolen"]));
        Assert.False(await mine.DeleteAsync(theirs.Id));
        Assert.Null(await mine.UpdateTagsAsync(sameNameOtherKind.Id, ["stolen"]));
        Assert.False(await mine.DeleteAsync(sameNameOtherKind.Id));

        var requests = Vault();
        Assert.All(requests, r => Assert.Equal(PicaEndpoint.VaultGet, r.Endpoint));
        Assert.Equal([theirs.Id, theirs.Id, theirs.Id, sameNameOtherKind.Id, sameNameOtherKind.Id], requests.Select(r => r.ConnectionId));
        Assert.Contains(_pica.VaultConnections, c => c.Id == theirs.Id && c.Tags.Count == 0);
        Assert.Contains(_pica.VaultConnections, c => c.Id == sameNameOtherKind.Id && c.Tags.Count == 0);
    }

    [Fact]
    public async Task The_identitys_own_connection_is_tagged_and_deleted_after_its_owner_is_read()
    {
        var gmail = _pica.Connect("user_1", IdentityType.User, "gmail");
        var mine = Client().ForIdentity("user_1", IdentityType.User);

        var tagged = await mine.UpdateTagsAsync(gmail.Id, ["crm", "primary"]);
        Assert.Equal(["crm", "primary"], tagged!.Tags);
        Assert.Equal(["crm", "primary"], (await mine.GetAsync(gmail.Id))!.Tags);

        Assert.True(await mine.DeleteAsync(gmail.Id));
        Assert.False(await mine.DeleteAsync(gmail.Id));
        Assert.Empty(_pica.VaultConnections);

        Assert.Equal(
            [PicaEndpoint.VaultGet, PicaEndpoint.VaultUpdate, PicaEndpoint.VaultGet, PicaEndpoint.VaultGet, PicaEndpoint.VaultDelete, PicaEndpoint.VaultGet],
            Vault().Select(r => r.Endpoint));
        Assert.Equal("""{"tags":["crm","primary"]}""", Vault()[1].Body);
    }

    [Fact]
    public async Task FindAsync_answers_the_identitys_active_connection_to_the_platform()
    {
        _pica.Connect("user_2", IdentityType.User, "gmail");
        var slack = _pica.Connect("user_1", IdentityType.User, "slack");
        var mine = Client().ForIdentity("user_1", IdentityType.User);

        Assert.Equal(slack.Id, (await mine.FindAsync("slack"))!.Id);
        Assert.Null(await mine.FindAsync("gmail"));
        Assert.All(Vault(), r => Assert.Equal("user_1", r.Query["identity"]));
        Assert.Equal(["slack", "gmail"], Vault().Select(r => r.Query["platform"]));
    }

    [Fact]
    public async Task An_unscoped_client_reads_tags_and_deletes_by_id_and_answers_null_or_false_for_an_unknown_id()
    {
        var gmail = _pica.Connect("user_1", IdentityType.User, "gmail");
        var client = Client();

        Assert.Equal(gmail.Key, (await client.GetAsync(gmail.Id))!.Key);
        Assert.Null(await client.GetAsync("00000000-0000-0000-0000-000000000000"));
        Assert.Null(await client.UpdateTagsAsync("00000000-0000-0000-0000-000000000000", ["x"]));
        Assert.False(await client.DeleteAsync("00000000-0000-0000-0000-000000000000"));
        Assert.Equal(["a"], (await client.UpdateTagsAsync(gmail.Id, ["a"]))!.Tags);
        Assert.True(await client.DeleteAsync(gmail.Id));
    }

    [Fact]
    public async Task Query_filters_go_on_the_wire_as_Pica_reads_them()
    {
        var client = Client();
        var key = "test::gmail::default::46f75762f34e4962bf5684760f0f9f0e|user_1";

        await AllAsync(client.ListAsync(new PicaConnectionQuery { Platform = "gmail", Tags = ["crm", "email"], Keys = [key], Active = false }));

        var query = Assert.Single(Vault()).Query;
        Assert.Equal("gmail", query["platform"]);
        Assert.Equal("crm,email", query["tags"]);
        Assert.Equal(key, query["key"]);
        Assert.Equal("false", query["active"]);
        Assert.False(query.ContainsKey("identity"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../users/flags")]
    [InlineData("a b")]
    [InlineData("id?x=1")]
    [InlineData("id\u0000")]
    public async Task A_malformed_id_is_refused_before_anything_is_sent(string id)
    {
        var mine = Client().ForIdentity("user_1", IdentityType.User);

        await Assert.ThrowsAsync<ArgumentException>(() => mine.GetAsync(id));
        await Assert.ThrowsAsync<ArgumentException>(() => mine.DeleteAsync(id));
        await Assert.ThrowsAsync<ArgumentException>(() => Client().UpdateTagsAsync(id, ["a"]));
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Fact]
    public async Task Malformed_tags_platforms_identities_and_keys_are_refused_before_anything_is_sent()
    {
        var client = Client();
        var id = "673f79c6-0110-408b-bcbe-f4da000e66c7";

        var comma = await Assert.ThrowsAsync<ArgumentException>(() => client.UpdateTagsAsync(id, ["a,b"]));
        Assert.Contains("comma", comma.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => client.UpdateTagsAsync(id, ["tab\there"]));
        await Assert.ThrowsAsync<ArgumentException>(() => client.UpdateTagsAsync(id, [" "]));
        await Assert.ThrowsAsync<ArgumentException>(() => client.UpdateTagsAsync(id, Enumerable.Repeat("t", 101)));
        await Assert.ThrowsAsync<ArgumentException>(() => client.ForIdentity("user_1", IdentityType.User).FindAsync("gm ail"));
        Assert.Throws<ArgumentException>(() => client.ForIdentity("user 1", IdentityType.User));
        Assert.Throws<ArgumentException>(() => client.ForIdentity("user_1", (IdentityType)42));
        Assert.Throws<ArgumentException>(() => client.ListAsync(new PicaConnectionQuery { Keys = ["gmail::default"] }));
        Assert.Throws<ArgumentException>(() => client.ForIdentity("user_1", IdentityType.User).ListAsync(new PicaConnectionQuery { Identity = "user_2" }));
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Fact]
    public async Task A_PATCH_is_never_retried_while_GET_and_DELETE_are()
    {
        var gmail = _pica.Connect("user_1", IdentityType.User, "gmail");
        var client = Client();

        _pica.FailVault(PicaFault.ServiceUnavailable());
        var failed = await Assert.ThrowsAsync<AuthKitApiException>(() => client.UpdateTagsAsync(gmail.Id, ["a"]));
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Single(Vault(), r => r.Endpoint == PicaEndpoint.VaultUpdate);
        Assert.Empty(_pica.VaultConnections.Single().Tags);

        _pica.FailVault(PicaFault.ServiceUnavailable());
        Assert.NotNull(await client.GetAsync(gmail.Id));
        Assert.Equal(2, Vault().Count(r => r.Endpoint == PicaEndpoint.VaultGet));

        _pica.FailVault(PicaFault.ServiceUnavailable());
        Assert.True(await client.DeleteAsync(gmail.Id));
        Assert.Equal(2, Vault().Count(r => r.Endpoint == PicaEndpoint.VaultDelete));
    }

    [Fact]
    public async Task A_failed_page_fails_the_listing_with_the_SDKs_exception()
    {
        _pica.SeedVaultConnections("user_1", IdentityType.User, 500, seed: 3);
        _pica.FailVaultPage(3, PicaFault.MalformedJson());

        var failed = await Assert.ThrowsAsync<AuthKitException>(() => AllAsync(Client().ForIdentity("user_1", IdentityType.User).ListAsync()));

        Assert.Contains("connections page 3", failed.Message);
        Assert.DoesNotContain(_pica.SecretKey, failed.ToString());
    }

    [Fact]
    public async Task A_listing_over_MaxPages_is_refused_after_page_one()
    {
        _pica.SeedVaultConnections("user_1", IdentityType.User, 300, seed: 4);

        var failed = await Assert.ThrowsAsync<AuthKitException>(() => AllAsync(Client(o => o.MaxPages = 2).ForIdentity("user_1", IdentityType.User).ListAsync()));

        Assert.Contains("MaxPages", failed.Message);
        Assert.Single(Vault());
    }
}
