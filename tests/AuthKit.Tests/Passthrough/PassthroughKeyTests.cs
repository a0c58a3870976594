using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AuthKit.Tests.Passthrough;

/// <summary>
/// The passthrough client's handler is the only layer above the primary handler: it puts the current
/// secret key on each request, keeps the connection key its own, and cleans both keys out of what the
/// transport throws.
/// </summary>
public sealed class PassthroughKeyTests
{
    private const string Secret = "sk_test_passthrough_secret_0123456789";
    private const string Rotated = "sk_test_passthrough_rotated_9876543210";
    private const string Action = "conn_mod_def::F_JeJ_A_TKg::cc2kvVQQTiiIiLEDauy6zQ";
    private const string MyKey = "test::gmail::default::9f8e7d6c5b4a39281706f5e4d3c2b1a0|user_1";
    private const string TheirKey = "test::gmail::default::0a1b2c3d4e5f60718293a4b5c6d7e8f9|user_2";

    private static string Row(string id, string key, string identity) =>
        $$"""{"id":"{{id}}","key":"{{key}}","platform":"gmail","environment":"test","identity":"{{identity}}","identityType":"user","tags":[],"active":true}""";

    private static Task<PassthroughStandIn> StartAsync() => PassthroughStandIn.StartAsync(
        Row("22222222-2222-2222-2222-222222222222", MyKey, "user_1"),
        Row("11111111-1111-1111-1111-111111111111", TheirKey, "user_2"));

    [Fact]
    public async Task A_key_rotated_by_a_configuration_reload_is_sent_from_the_clients_next_request()
    {
        await using var pica = await StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AuthKit:SecretKey"] = Secret,
            ["AuthKit:BaseUrl"] = pica.Url.ToString(),
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddAuthKit(configuration.GetSection(AuthKitOptions.SectionName));
        await using var provider = services.BuildServiceProvider();
        using var http = await provider.GetRequiredService<IPicaConnections>().ForIdentity("user_1", IdentityType.User)
            .CreatePassthroughClientAsync(MyKey, Action);

        (await http.GetAsync("before")).Dispose();
        configuration["AuthKit:SecretKey"] = Rotated;
        configuration.Reload();
        (await http.GetAsync("after")).Dispose();

        Assert.Equal(
            [("/v1/passthrough/before", Secret), ("/v1/passthrough/after", Rotated)],
            pica.Passthrough.Select(r => (r.PathAndQuery, r.Headers["X-Pica-Secret"])).ToArray());
    }

    [Fact]
    public async Task Headers_set_by_hand_never_send_another_connection_key_and_a_hand_set_action_id_is_checked()
    {
        await using var pica = await StartAsync();
        using var http = await new PicaConnections(new AuthKitOptions { SecretKey = Secret, BaseUrl = pica.Url })
            .ForIdentity("user_1", IdentityType.User).CreatePassthroughClientAsync(MyKey, Action);

        using var theirs = new HttpRequestMessage(HttpMethod.Get, "labels");
        theirs.Headers.Add("x-pica-connection-key", TheirKey);
        theirs.Headers.Add("X-Pica-Secret", "sk_test_someone_elses_key_000000");
        theirs.Headers.Add("x-pica-action-id", "conn_mod_def::by::hand");
        (await http.SendAsync(theirs)).Dispose();

        using var twoActions = new HttpRequestMessage(HttpMethod.Get, "labels");
        twoActions.Headers.Add("x-pica-action-id", ["conn_mod_def::one", "conn_mod_def::two"]);
        var refused = await Assert.ThrowsAsync<AuthKitException>(() => http.SendAsync(twoActions));

        var received = Assert.Single(pica.Passthrough);
        Assert.Equal(MyKey, received.Headers["x-pica-connection-key"]);
        Assert.Equal(Secret, received.Headers["X-Pica-Secret"]);
        Assert.Equal("conn_mod_def::by::hand", received.Headers["x-pica-action-id"]);
        Assert.Contains("x-pica-action-id", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(pica.Passthrough, r => r.Headers.Values.Any(v => v.Contains(TheirKey, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_request_an_answer_carries_holds_neither_key_and_keeps_the_callers_own_headers()
    {
        await using var pica = await StartAsync();
        using var http = await new PicaConnections(new AuthKitOptions { SecretKey = Secret, BaseUrl = pica.Url })
            .ForIdentity("user_1", IdentityType.User).CreatePassthroughClientAsync(MyKey, Action);

        using var bare = await http.GetAsync("labels");
        using var request = new HttpRequestMessage(HttpMethod.Get, "labels");
        request.Headers.Add("Accept-Language", "fr");
        using var withOwn = await http.SendAsync(request);

        Assert.All(pica.Passthrough, r => Assert.Equal((Secret, MyKey), (r.Headers["X-Pica-Secret"], r.Headers["x-pica-connection-key"])));
        foreach (var sent in new[] { bare.RequestMessage!, withOwn.RequestMessage! })
        {
            Assert.DoesNotContain(Secret, sent.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(MyKey, sent.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal("fr", withOwn.RequestMessage!.Headers.AcceptLanguage.ToString());
    }

    [Fact]
    public async Task An_invalid_header_line_echoing_both_keys_reaches_no_exception_or_log()
    {
        const string Vault = $$"""{"rows":[{"id":"c1","key":"{{MyKey}}","platform":"gmail","environment":"test","identity":"user_1","identityType":"user","tags":[],"active":true}],"total":1,"pages":1,"page":1}""";
        await using var pica = new RawHttpServer((s, request, stream, ct) => request.Target.StartsWith("/v1/vault/", StringComparison.Ordinal)
            ? s.WriteJsonAsync(stream, Vault, ct)
            : s.WriteRawAsync(stream,
                "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n" +
                $"{request.HeaderLine("X-Pica-Secret")!.Replace(":", "", StringComparison.Ordinal)}\r\n" +
                $"{request.HeaderLine("x-pica-connection-key")!.Replace(":", "", StringComparison.Ordinal)}\r\n\r\n", ct));
        var collector = new FakeLogCollector();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        using var http = await new PicaConnections(new AuthKitOptions { SecretKey = Secret, BaseUrl = pica.Url }, loggers)
            .ForIdentity("user_1", IdentityType.User).CreatePassthroughClientAsync(MyKey, Action);

        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync("users/me"));

        Assert.Contains(collector.GetSnapshot(), r => r.Id.Name == "PassthroughFailed");
        foreach (var secret in new[] { Secret, MyKey })
        {
            var sweeper = new SecretSweeper(secret);
            sweeper.Exception("exception", error);
            sweeper.Logs("logs", collector.GetSnapshot());
            Assert.Empty(sweeper.Findings);
        }
    }
}
