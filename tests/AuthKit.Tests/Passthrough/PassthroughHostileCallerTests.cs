using System.Net.Http.Headers;
using AuthKit.Testing;
using static AuthKit.Tests.Passthrough.TwoTenants;

namespace AuthKit.Tests.Passthrough;

/// <summary>
/// The passthrough client in a hostile caller's hands (issue 24's findings): paths that leave the
/// passthrough once some hop decodes them, keys smuggled in the content's headers, a Host of the caller's.
/// Each is refused before anything is sent, on a raw recording server and on the emulator; legitimately
/// encoded paths still go out byte for byte.
/// </summary>
public sealed class PassthroughHostileCallerTests
{
    // Out of the passthrough after one, two or three decodings (or a server that strips ";params").
    public static TheoryData<string, string> Escapes => new()
    {
        { "DELETE", $"%252e%252e/vault/connections/{TheirsId}" },
        { "GET", "%252e%252e/vault/connections" },
        { "GET", "%252e%252e/%252e%252e/v1/users/flags" },
        { "POST", "%252e%252e/authkit" },
        { "GET", "%2e%2e%2fvault/connections" },
        { "GET", "%2E%2E%2F%2E%2E%2Fv1%2Fusers%2Fflags" },
        { "GET", "..%5cvault%5cconnections" },
        { "GET", "users%5c..%5c..%5cvault" },
        { "GET", "%25252e%25252e/vault/connections" },
        { "GET", "x/%252E%252e%252F%252e./vault" },
        { "GET", "a/..;/..;/vault/connections" },
        { "GET", "a/.;x/b" },
        { "GET", "users/%00/profile" },
        { "GET", "users/%250d%250aHost:%2520evil.example" },
        { "GET", "users/%7f" },
    };

    // Merely encoded: sent exactly as written.
    public static TheoryData<string> Encoded => new()
    {
        "projects/group%2Fname",
        "files/a%20b",
        "files/100%25",
        "files/a%252Fb",
        "files/%C3%A9t%C3%A9",
        "users/me/.well-known/x",
        "v/.../w",
        "search?q=..%2F..%2Fvault",
        "a;b/c;d=..",
    };

    private static IPicaIdentityConnections Mine(Uri baseUrl) =>
        new PicaConnections(new AuthKitOptions { SecretKey = Secret, BaseUrl = baseUrl, MaxRetries = 0 }).ForIdentity("user_1", IdentityType.User);

    [Theory]
    [MemberData(nameof(Escapes))]
    public async Task A_path_that_leaves_the_passthrough_once_decoded_is_refused_and_nothing_is_sent(string method, string path)
    {
        await using var pica = new RecordingPica();
        using var http = await Mine(pica.Url).CreatePassthroughClientAsync(MyKey, ActionId);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent("""{"identity":"user_2"}""");
        }

        var refused = await Assert.ThrowsAsync<AuthKitException>(() => http.SendAsync(request));

        Assert.Empty(pica.Passthrough);
        Assert.Matches("segment|backslash|control character", refused.Message);
        Assert.DoesNotContain(Secret, refused.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("gmail::default", refused.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("vault", refused.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Encoded))]
    public async Task A_merely_encoded_path_goes_out_byte_for_byte(string path)
    {
        await using var pica = new RecordingPica();
        using var http = await Mine(pica.Url).CreatePassthroughClientAsync(MyKey, ActionId);

        (await http.GetAsync(path)).Dispose();

        Assert.Equal("/v1/passthrough/" + path, Assert.Single(pica.Passthrough).Target);
    }

    [Theory]
    [InlineData("X-Pica-Secret", Secret)]
    [InlineData("x-pica-connection-key", TheirKey)]
    [InlineData("X-PICA-CONNECTION-KEY", TheirKey)]
    [InlineData("x-pica-action-id", "conn_mod_def::theirs::delete")]
    [InlineData("X-One-Secret", Secret)]
    [InlineData("x-one-connection-key", TheirKey)]
    [InlineData("x-one-action-id", "conn_mod_def::theirs::delete")]
    public async Task A_key_or_action_id_in_the_contents_headers_is_refused_and_nothing_is_sent(string name, string value)
    {
        await using var pica = new RecordingPica();
        using var http = await Mine(pica.Url).CreatePassthroughClientAsync(MyKey, ActionId);
        using var content = new StringContent("{}");
        Assert.True(content.Headers.TryAddWithoutValidation(name, value));

        var refused = await Assert.ThrowsAsync<AuthKitException>(() => http.PostAsync("messages", content));

        Assert.Empty(pica.Passthrough);
        Assert.Contains("content", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_set_in_the_requests_headers_are_replaced_so_the_wire_holds_exactly_one_of_each()
    {
        await using var pica = new RecordingPica();
        using var http = await Mine(pica.Url).CreatePassthroughClientAsync(MyKey, ActionId);
        using var request = new HttpRequestMessage(HttpMethod.Post, "messages") { Content = new StringContent("{}") };
        foreach (var (name, value) in new[]
        {
            ("x-pica-connection-key", TheirKey), ("X-Pica-Secret", "sk_test_someone_elses_key_000000000"),
            ("x-one-connection-key", TheirKey), ("X-One-Secret", Secret),
        })
        {
            request.Headers.TryAddWithoutValidation(name, value);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        (await http.SendAsync(request)).Dispose();

        var head = Assert.Single(pica.Passthrough);
        Assert.Equal([Secret], head.Values("X-Pica-Secret"));
        Assert.Equal([MyKey], head.Values("x-pica-connection-key"));
        Assert.Equal([ActionId], head.Values("x-pica-action-id"));
        Assert.Empty(head.Values("x-one-connection-key"));
        Assert.Empty(head.Values("X-One-Secret"));
        Assert.Empty(head.Values("x-one-action-id"));
    }

    [Fact]
    public async Task Two_different_action_ids_under_both_platforms_names_are_refused_and_one_is_sent_as_the_platforms()
    {
        await using var pica = new RecordingPica();
        using var http = await Mine(pica.Url).CreatePassthroughClientAsync(MyKey, ActionId);
        using var two = new HttpRequestMessage(HttpMethod.Get, "labels").SetPicaActionId("conn_mod_def::mine::labels");
        two.Headers.TryAddWithoutValidation("x-one-action-id", "conn_mod_def::theirs::delete");
        using var one = new HttpRequestMessage(HttpMethod.Get, "labels");
        one.Headers.TryAddWithoutValidation("x-one-action-id", "conn_mod_def::mine::labels");

        await Assert.ThrowsAsync<AuthKitException>(() => http.SendAsync(two));
        (await http.SendAsync(one)).Dispose();

        var head = Assert.Single(pica.Passthrough);
        Assert.Equal(["conn_mod_def::mine::labels"], head.Values("x-pica-action-id"));
        Assert.Empty(head.Values("x-one-action-id"));
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("127.0.0.1")]
    public async Task A_Host_set_by_the_caller_is_refused_and_nothing_is_sent(string host)
    {
        await using var pica = new RecordingPica();
        using var http = await Mine(pica.Url).CreatePassthroughClientAsync(MyKey, ActionId);
        using var request = new HttpRequestMessage(HttpMethod.Get, "users/me");
        request.Headers.Host = host;

        var refused = await Assert.ThrowsAsync<AuthKitException>(() => http.SendAsync(request));

        Assert.Empty(pica.Passthrough);
        Assert.Contains("Host", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_Host_of_the_callers_the_wire_carries_the_base_urls_authority()
    {
        await using var pica = new RecordingPica();
        using var http = await Mine(pica.Url).CreatePassthroughClientAsync(MyKey, ActionId);

        (await http.GetAsync("users/me")).Dispose();

        Assert.Equal([pica.Url.Authority], Assert.Single(pica.Passthrough).Values("Host"));
    }

    [Theory]
    [MemberData(nameof(Escapes))]
    public async Task On_the_emulator_the_same_paths_reach_nothing_and_the_other_identitys_connection_stays(string method, string path)
    {
        using var emulator = PicaEmulator.Start();
        var mine = emulator.Connect("user_123", IdentityType.User, "gmail");
        var theirs = emulator.Connect("user_456", IdentityType.User, "gmail");
        using var http = await new PicaConnections(emulator.CreateOptions()).ForIdentity("user_123", IdentityType.User)
            .CreatePassthroughClientAsync(mine.Key, ActionId);
        var target = path.Replace(TheirsId, theirs.Id.ToString(), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), target);
        request.Content = method == "POST" ? new StringContent("{}", new MediaTypeHeaderValue("application/json")) : null;

        await Assert.ThrowsAsync<AuthKitException>(() => http.SendAsync(request));

        Assert.DoesNotContain(emulator.ReceivedRequests, r => r.Endpoint is not PicaEndpoint.VaultList);
        Assert.Contains(emulator.VaultConnections, c => c.Id == theirs.Id);
    }
}
