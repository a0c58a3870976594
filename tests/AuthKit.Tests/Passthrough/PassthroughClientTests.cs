using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using AuthKit.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static AuthKit.Tests.Passthrough.TwoTenants;

namespace AuthKit.Tests.Passthrough;

/// <summary>What a passthrough client sends, what it gets back, and what it refuses before sending.</summary>
public sealed class PassthroughClientTests
{
    private static IPicaIdentityConnections Mine(PassthroughStandIn pica, ILoggerFactory? loggers = null, int maxRetries = 0) =>
        new PicaConnections(new AuthKitOptions { SecretKey = Secret, BaseUrl = pica.Url, MaxRetries = maxRetries, RetryDelay = TimeSpan.Zero }, loggers)
            .ForIdentity("user_1", IdentityType.User);

    [Fact]
    public async Task A_300_KB_binary_body_arrives_and_comes_back_byte_for_byte_with_the_three_headers()
    {
        await using var pica = await StartAsync();
        var body = new byte[300 * 1024];
        new Random(18).NextBytes(body);
        using var http = await Mine(pica).CreatePassthroughClientAsync(MyKey, ActionId);

        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.PostAsync("upload/files?name=a.bin", content);
        var back = await response.Content.ReadAsByteArrayAsync();

        var sent = Convert.ToHexString(SHA256.HashData(body));
        var received = Assert.Single(pica.Passthrough);
        Assert.Equal(sent, received.BodySha256);
        Assert.Equal(sent, Convert.ToHexString(SHA256.HashData(back)));
        Assert.Equal("/v1/passthrough/upload/files?name=a.bin", received.PathAndQuery);
        Assert.Equal(Secret, received.Headers["X-Pica-Secret"]);
        Assert.Equal(MyKey, received.Headers["x-pica-connection-key"]);
        Assert.Equal(ActionId, received.Headers["x-pica-action-id"]);
        Assert.Equal("application/octet-stream", received.Headers["Content-Type"]);
    }

    [Fact]
    public async Task Json_and_form_bodies_arrive_as_sent_and_a_GET_carries_no_content_type()
    {
        await using var pica = await StartAsync();
        using var http = await Mine(pica).CreatePassthroughClientAsync(MyKey, ActionId);
        const string json = """{"to":"a@example.com","n":1}""";

        (await http.PostAsync("messages", new StringContent(json, Encoding.UTF8, "application/json"))).Dispose();
        (await http.PostAsync("form", new FormUrlEncodedContent([new("a", "1 2"), new("b", "ü")]))).Dispose();
        (await http.GetAsync("users/me/profile?fields=id")).Dispose();

        var received = pica.Passthrough.ToArray();
        Assert.Equal(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json))), received[0].BodySha256);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes("a=1+2&b=%C3%BC"))), received[1].BodySha256);
        Assert.Equal("application/x-www-form-urlencoded", received[1].Headers["Content-Type"]);
        Assert.False(received[2].Headers.ContainsKey("Content-Type"));
        Assert.Equal("/v1/passthrough/users/me/profile?fields=id", received[2].PathAndQuery);
    }

    [Fact]
    public async Task The_status_body_and_renamed_headers_come_back_as_the_integration_answered()
    {
        await using var pica = await StartAsync();
        pica.Answer = async (http, _) =>
        {
            http.Response.StatusCode = 422;
            http.Response.Headers["x-pica-passthrough-x-ratelimit-remaining"] = "41";
            http.Response.Headers["x-pica-passthrough-content-language"] = "de";
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync("""{"error":"invalid"}""");
        };
        using var http = await Mine(pica).CreatePassthroughClientAsync(MyKey, ActionId);

        using var response = await http.GetAsync("x");

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Equal("""{"error":"invalid"}""", await response.Content.ReadAsStringAsync());
        Assert.Equal("41", Assert.Single(response.Headers.GetValues("x-ratelimit-remaining")));
        Assert.Equal("de", Assert.Single(response.Content.Headers.ContentLanguage));
    }

    [Fact]
    public async Task Another_identitys_key_is_refused_and_nothing_is_sent_to_the_passthrough()
    {
        await using var pica = await StartAsync();

        var refused = await Assert.ThrowsAsync<PicaConnectionRefusedException>(() => Mine(pica).CreatePassthroughClientAsync(TheirKey, ActionId));

        Assert.Empty(pica.Passthrough);
        Assert.DoesNotContain(TheirKey, refused.Message, StringComparison.Ordinal);
        Assert.Contains("gmail", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("test::gmail::default::00000000000000000000000000000000|user_1")] // unknown
    [InlineData("not-a-key")]
    [InlineData("live::gmail::default::22222222222222222222222222222222|user_1")] // the other environment
    public async Task Unknown_malformed_and_other_environment_keys_are_refused(string key)
    {
        await using var pica = await StartAsync();

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => Mine(pica).CreatePassthroughClientAsync(key, ActionId));

        Assert.True(refused is PicaConnectionRefusedException or ArgumentException, refused.GetType().Name);
        Assert.Empty(pica.Passthrough);
        Assert.DoesNotContain(key, refused.Message, StringComparison.Ordinal);
        if (refused is ArgumentException)
        {
            // Decided before any request: not even the Vault was asked.
            Assert.Empty(pica.All);
        }
    }

    [Fact]
    public async Task A_confirmation_is_reused_so_a_burst_of_clients_costs_one_lookup()
    {
        await using var pica = await StartAsync();
        var mine = Mine(pica);

        for (var i = 0; i < 5; i++)
        {
            (await mine.CreatePassthroughClientAsync(MyKey, ActionId)).Dispose();
        }

        Assert.Single(pica.All, r => r.StartsWith("GET /v1/vault/connections", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_per_request_action_id_replaces_the_clients_default()
    {
        await using var pica = await StartAsync();
        using var http = await Mine(pica).CreatePassthroughClientAsync(MyKey, ActionId);

        using var request = new HttpRequestMessage(HttpMethod.Get, "labels").SetPicaActionId("conn_mod_def::other::action");
        (await http.SendAsync(request)).Dispose();

        Assert.Equal("conn_mod_def::other::action", Assert.Single(pica.Passthrough).Headers["x-pica-action-id"]);
        Assert.Throws<ArgumentException>(() => new HttpRequestMessage().SetPicaActionId("two words"));
    }

    [Fact]
    public async Task A_request_outside_the_passthrough_is_refused_before_it_is_sent()
    {
        await using var pica = await StartAsync();
        using var http = await Mine(pica).CreatePassthroughClientAsync(MyKey, ActionId);
        var before = pica.All.Count;

        await Assert.ThrowsAsync<AuthKitException>(() => http.GetAsync(new Uri(pica.Url, "/v1/vault/connections")));
        await Assert.ThrowsAsync<AuthKitException>(() => http.GetAsync("../authkit"));
        await Assert.ThrowsAsync<AuthKitException>(() => http.GetAsync("http://example.invalid/v1/passthrough/x"));

        Assert.Equal(before, pica.All.Count);
    }

    [Fact]
    public async Task A_redirect_comes_back_as_it_is_and_its_location_is_never_requested()
    {
        await using var pica = await StartAsync();
        await using var other = await PassthroughStandIn.StartAsync();
        pica.Answer = (http, _) =>
        {
            http.Response.StatusCode = 302;
            http.Response.Headers.Location = new Uri(other.Url, "/v1/passthrough/stolen").ToString();
            return Task.CompletedTask;
        };
        using var http = await Mine(pica).CreatePassthroughClientAsync(MyKey, ActionId);

        using var response = await http.GetAsync("x");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(new Uri(other.Url, "/v1/passthrough/stolen"), response.Headers.Location);
        Assert.Empty(other.All);
    }

    [Fact]
    public async Task A_GET_is_retried_on_Picas_503_with_Retry_After_and_a_POST_never()
    {
        await using var pica = await StartAsync();
        var calls = 0;
        pica.Answer = async (http, _) =>
        {
            if (Interlocked.Increment(ref calls) % 2 == 1)
            {
                http.Response.StatusCode = 503;
                http.Response.Headers.RetryAfter = "0";
                return;
            }

            await http.Response.WriteAsync("ok");
        };
        using var http = await Mine(pica, maxRetries: 2).CreatePassthroughClientAsync(MyKey, ActionId);

        using var get = await http.GetAsync("x");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(2, pica.Passthrough.Count);

        using var post = await http.PostAsync("x", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, post.StatusCode);
        Assert.Equal(3, pica.Passthrough.Count);
    }

    [Fact]
    public async Task A_slow_download_streams_its_first_bytes_before_the_last_are_sent()
    {
        await using var pica = await StartAsync();
        var firstRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pica.Answer = async (http, _) =>
        {
            await http.Response.Body.WriteAsync(new byte[64 * 1024]);
            await http.Response.Body.FlushAsync();
            await firstRead.Task.WaitAsync(TimeSpan.FromMinutes(1)); // the rest only once the client has read the start
            await http.Response.Body.WriteAsync(new byte[] { 1, 2, 3 });
        };
        using var http = await Mine(pica).CreatePassthroughClientAsync(MyKey, ActionId);

        using var response = await http.GetAsync("download", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[1024];
        var read = await stream.ReadAsync(buffer);
        Assert.True(read > 0);
        firstRead.SetResult();
        using var rest = new MemoryStream();
        await stream.CopyToAsync(rest);

        Assert.Equal((64 * 1024) + 3 - read, rest.Length);
    }

    [Fact]
    public async Task Cancellation_ends_a_call_that_the_server_holds()
    {
        await using var pica = await StartAsync();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pica.Answer = async (http, _) =>
        {
            arrived.TrySetResult();
            await held.Task.WaitAsync(http.RequestAborted);
        };
        using var http = await Mine(pica).CreatePassthroughClientAsync(MyKey, ActionId);
        using var cts = new CancellationTokenSource();

        var call = http.GetAsync("x", cts.Token);
        await arrived.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        held.TrySetResult();
    }

    [Fact]
    public async Task Neither_key_is_in_a_log_or_an_exception_message()
    {
        await using var pica = await StartAsync();
        pica.Answer = (http, _) =>
        {
            http.Response.StatusCode = 503;
            http.Response.Headers.RetryAfter = "0";
            return Task.CompletedTask;
        };
        var collector = new FakeLogCollector();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        var mine = Mine(pica, loggers, maxRetries: 1);
        using var http = await mine.CreatePassthroughClientAsync(MyKey, ActionId);
        (await http.GetAsync("x?token=abc")).Dispose();
        var refused = await Assert.ThrowsAsync<PicaConnectionRefusedException>(() => mine.CreatePassthroughClientAsync(TheirKey, ActionId));

        foreach (var secret in new[] { Secret, MyKey, TheirKey })
        {
            var sweeper = new SecretSweeper(secret);
            sweeper.Logs("logs", collector.GetSnapshot());
            sweeper.Exception("refusal", refused);
            Assert.Empty(sweeper.Findings);
        }

        Assert.Contains(collector.GetSnapshot(), r => r.Id.Id == 32);
        Assert.Contains(collector.GetSnapshot(), r => r.Id.Id == 30);
        Assert.DoesNotContain(collector.GetSnapshot(), r => r.Message.Contains("abc", StringComparison.Ordinal));
    }

    [Fact]
    public async Task From_AddAuthKit_the_client_sends_the_key_the_connection_key_and_the_action_id()
    {
        await using var pica = await StartAsync();
        var services = new ServiceCollection().AddLogging();
        services.AddAuthKit(o =>
        {
            o.SecretKey = Secret;
            o.BaseUrl = pica.Url;
        });
        await using var provider = services.BuildServiceProvider();
        var mine = provider.GetRequiredService<IPicaConnections>().ForIdentity("user_1", IdentityType.User);

        using var http = await mine.CreatePassthroughClientAsync(MyKey, ActionId);
        using var response = await http.GetAsync("users/me");

        var received = Assert.Single(pica.Passthrough);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Secret, received.Headers["X-Pica-Secret"]);
        Assert.Equal(MyKey, received.Headers["x-pica-connection-key"]);
        Assert.Equal(ActionId, received.Headers["x-pica-action-id"]);
        await Assert.ThrowsAsync<PicaConnectionRefusedException>(() => mine.CreatePassthroughClientAsync(TheirKey, ActionId));
        Assert.Single(pica.Passthrough);
    }
}
