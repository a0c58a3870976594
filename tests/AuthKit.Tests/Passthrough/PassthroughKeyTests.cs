using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static AuthKit.Tests.Passthrough.TwoTenants;

namespace AuthKit.Tests.Passthrough;

/// <summary>
/// The passthrough client's handler is the only layer above the primary handler: it puts the current
/// secret key on each request, keeps the connection key its own, and cleans both keys out of what the
/// transport throws.
/// </summary>
public sealed class PassthroughKeyTests
{
    private const string Rotated = "sk_test_passthrough_rotated_9876543210";

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
            .CreatePassthroughClientAsync(MyKey, ActionId);

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
            .ForIdentity("user_1", IdentityType.User).CreatePassthroughClientAsync(MyKey, ActionId);

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
            .ForIdentity("user_1", IdentityType.User).CreatePassthroughClientAsync(MyKey, ActionId);

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
        var vault = $$"""{"rows":[{{Row(MineId, MyKey, "user_1")}}],"total":1,"pages":1,"page":1}""";
        await using var pica = new RawHttpServer((s, request, stream, ct) => request.Target.StartsWith("/v1/vault/", StringComparison.Ordinal)
            ? s.WriteJsonAsync(stream, vault, ct)
            : s.WriteRawAsync(stream,
                "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n" +
                $"{request.HeaderLine("X-Pica-Secret")!.Replace(":", "", StringComparison.Ordinal)}\r\n" +
                $"{request.HeaderLine("x-pica-connection-key")!.Replace(":", "", StringComparison.Ordinal)}\r\n\r\n", ct));
        var collector = new FakeLogCollector();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        using var http = await new PicaConnections(new AuthKitOptions { SecretKey = Secret, BaseUrl = pica.Url }, loggers)
            .ForIdentity("user_1", IdentityType.User).CreatePassthroughClientAsync(MyKey, ActionId);

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
