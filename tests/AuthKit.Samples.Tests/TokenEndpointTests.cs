using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using AuthKit.Testing;
using AuthKit.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuthKit.Samples.Tests;

/// <summary>
/// The token endpoint sample (README's example) over HTTP, against emulators: MapAuthKitToken behind
/// JWT bearer, with the Development-only sign-in header for the README's curl.
/// </summary>
public sealed class TokenEndpointTests : IDisposable
{
    private const string DevUserHeader = "X-Dev-User";
    private const string PicaOrigin = "https://authkit.picaos.com";

    private readonly PicaEmulator _pica = PicaEmulator.Start().SeedConnections(140, seed: 4);

    public void Dispose() => _pica.Dispose();

    // WebApplicationFactory runs the app in Development unless told otherwise, as `dotnet run` does here.
    private static WebApplicationFactory<Program> Sample(string environment, params (string Key, string? Value)[] settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment(environment);
            // An empty key must mean "not configured" here whatever the machine's environment says.
            web.UseSetting("AuthKit:SecretKey", "");
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }

            web.ConfigureServices(services => services.AddFakeLogging());
        });

    private static WebApplicationFactory<Program> Sample(params (string Key, string? Value)[] settings) => Sample(Environments.Development, settings);

    // Points the sample at the test's own emulator, as a configured key and BaseUrl would point it at Pica.
    private WebApplicationFactory<Program> SampleOnEmulator(string? key = null, string environment = "Development", params (string Key, string? Value)[] more) =>
        Sample(environment, [("AuthKit:SecretKey", key ?? _pica.SecretKey), ("AuthKit:BaseUrl", _pica.Url.ToString()), ("AuthKit:RetryDelay", "00:00:00.010"), .. more]);

    private static HttpRequestMessage TokenRequest(string? devUser, string? origin = PicaOrigin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/authkit-token");
        if (devUser is not null)
        {
            request.Headers.Add(DevUserHeader, devUser);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }

    private static HttpRequestMessage Preflight(string origin, string requestHeaders = "authorization,content-type")
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/authkit-token");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", requestHeaders);
        return request;
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);

    private static string[] AllowOrigin(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? [.. values] : [];

    [Fact]
    public async Task With_no_key_it_serves_tokens_from_an_embedded_emulator_and_warns_about_it()
    {
        await using var sample = Sample();
        using var client = sample.CreateClient();

        using var response = await client.SendAsync(TokenRequest("user_123"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var embedded = sample.Services.GetRequiredService<PicaEmulator>();
        var token = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(12, embedded.Connections.Count);
        Assert.Equal(Json(embedded.Connections), token.GetProperty("rows").GetRawText());
        var page = embedded.ReceivedRequests.Single(r => r.Endpoint == PicaEndpoint.TokenPage);
        Assert.Equal(("user_123", "user", true), (page.Identity, page.IdentityType, page.SecretKeyMatched));
        var warnings = sample.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Level == LogLevel.Warning).ToArray();
        var emulatorWarning = Assert.Single(warnings, r => r.Message.Contains("in-process Pica emulator", StringComparison.Ordinal));
        Assert.Contains(embedded.Url.ToString(), emulatorWarning.Message);
        Assert.DoesNotContain(embedded.SecretKey, emulatorWarning.Message);
        Assert.Single(warnings, r => r.Message.Contains("Development sign-in is on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_AuthKit_Platform_One_and_no_key_the_embedded_emulator_speaks_One_and_Ones_iframe_is_allowed()
    {
        await using var sample = Sample(("AuthKit:Platform", "One"));
        using var client = sample.CreateClient();

        using var preflight = await client.SendAsync(Preflight("https://auth.withone.ai", "x-dev-user,content-type"));
        using var pageRequest = TokenRequest("user_123", "https://auth.withone.ai");
        pageRequest.RequestUri = new Uri("/authkit-token?page=2&limit=5", UriKind.Relative);
        using var page = await client.SendAsync(pageRequest);

        var embedded = sample.Services.GetRequiredService<PicaEmulator>();
        Assert.Equal(AuthKitPlatform.One, embedded.Platform);
        Assert.Equal(["https://auth.withone.ai"], AllowOrigin(preflight));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var token = await page.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 3), (token.GetProperty("page").GetInt32(), token.GetProperty("pages").GetInt32()));
        Assert.Equal(Json(embedded.Connections.Skip(5).Take(5)), token.GetProperty("rows").GetRawText());
        var sent = Assert.Single(embedded.ReceivedRequests);
        Assert.Equal(("/v1/authkit/token", 2, 5), (sent.Path, sent.Page, sent.Limit));
        Assert.DoesNotContain(sent.HeaderNames, n => n.StartsWith("x-pica", StringComparison.OrdinalIgnoreCase));
        Assert.Single(sample.Services.GetFakeLogCollector().GetSnapshot(), r => r.Message.Contains("in-process One emulator", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_key_configured_it_calls_the_configured_Pica_and_returns_the_token_json()
    {
        await using var sample = SampleOnEmulator();
        using var client = sample.CreateClient();

        using var response = await client.SendAsync(TokenRequest("user_42"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(sample.Services.GetService<PicaEmulator>());
        Assert.Equal([PicaOrigin], AllowOrigin(response));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var token = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Json(_pica.Connections), token.GetProperty("rows").GetRawText());
        Assert.Equal(["rows", "total", "pages", "page", "requestId", "isWhiteLabel"], token.EnumerateObject().Select(p => p.Name));
        Assert.Equal(140, token.GetProperty("total").GetInt32());
        Assert.Equal(1, token.GetProperty("pages").GetInt32());
        var pages = _pica.ReceivedRequests.Where(r => r.Endpoint == PicaEndpoint.TokenPage).ToArray();
        Assert.Equal(2, pages.Length);
        Assert.All(pages, r => Assert.Equal("""{"identity":"user_42","identityType":"user"}""", r.Body));
        Assert.All(_pica.ReceivedRequests, r => Assert.True(r.SecretKeyMatched));
    }

    [Fact]
    public async Task Without_a_signed_in_user_it_answers_the_challenge_as_a_401_problem_with_CORS_and_calls_nothing()
    {
        await using var sample = SampleOnEmulator();
        using var client = sample.CreateClient();

        using var response = await client.SendAsync(TokenRequest(null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal([PicaOrigin], AllowOrigin(response));
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Fact]
    public async Task Outside_Development_the_sign_in_header_does_not_exist()
    {
        await using var sample = SampleOnEmulator(environment: Environments.Production);
        using var client = sample.CreateClient();

        using var response = await client.SendAsync(TokenRequest("user_1"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_pica.ReceivedRequests);
        Assert.DoesNotContain(sample.Services.GetFakeLogCollector().GetSnapshot(), r => r.Message.Contains("Development sign-in", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task A_JWT_from_the_configured_issuer_signs_in_its_subject(string environment)
    {
        await using var sample = SampleOnEmulator(null, environment, TestJwt.Settings);
        using var client = sample.CreateClient();

        using var request = TokenRequest(null);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestJwt.Create("jwt_user_9"));
        using var response = await client.SendAsync(request);
        using var forged = TokenRequest(null);
        forged.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestJwt.Create("jwt_user_9", issuer: "someone-else"));
        using var refused = await client.SendAsync(forged);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.All(_pica.ReceivedRequests.Where(r => r.Endpoint == PicaEndpoint.TokenPage), r => Assert.Equal(("jwt_user_9", "user"), (r.Identity, r.IdentityType)));
    }

    [Theory]
    [InlineData("user 123")]
    [InlineData("org:42")]
    public async Task A_bad_identity_answers_400_problem_json_and_calls_nothing(string identity)
    {
        await using var sample = SampleOnEmulator();
        using var client = sample.CreateClient();

        using var response = await client.SendAsync(TokenRequest(identity));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.StartsWith("The signed-in user's identity contains ", problem.GetProperty("detail").GetString());
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Fact]
    public async Task When_Pica_refuses_the_key_it_answers_502_problem_json_without_the_key()
    {
        const string WrongKey = "sk_test_revoked_key_4242";
        await using var sample = SampleOnEmulator(WrongKey);
        using var client = sample.CreateClient();

        using var response = await client.SendAsync(TokenRequest("user_1"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([PicaOrigin], AllowOrigin(response));
        var body = await response.Content.ReadAsStringAsync();
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(502, problem.GetProperty("status").GetInt32());
        Assert.Equal(401, problem.GetProperty("picaStatus").GetInt32());
        Assert.DoesNotContain(WrongKey, body);
        Assert.DoesNotContain(_pica.SecretKey, body);
        Assert.All(sample.Services.GetFakeLogCollector().GetSnapshot(), r => Assert.DoesNotContain(WrongKey, r.Message + r.Exception));
    }

    [Fact]
    public async Task When_Pica_keeps_failing_it_answers_502_with_the_status_after_the_retries()
    {
        _pica.FailPage(1, PicaFault.InternalServerError(), times: int.MaxValue);
        await using var sample = SampleOnEmulator(null, Environments.Development, ("AuthKit:MaxRetries", "2"));
        using var client = sample.CreateClient();

        using var response = await client.SendAsync(TokenRequest("user_1"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(500, JsonDocument.Parse(body).RootElement.GetProperty("picaStatus").GetInt32());
        Assert.DoesNotContain(_pica.SecretKey, body);
        Assert.DoesNotContain("Fault injected", body); // Pica's own error body stays in the logs
        Assert.Equal(3, _pica.ReceivedRequests.Count(r => r.Page == 1));
    }

    [Fact]
    public async Task A_transient_Pica_failure_is_retried_and_the_caller_gets_the_token()
    {
        _pica.FailPage(2, PicaFault.ServiceUnavailable());
        await using var sample = SampleOnEmulator();
        using var client = sample.CreateClient();

        using var response = await client.SendAsync(TokenRequest("user_1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(140, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows").GetArrayLength());
    }

    [Fact]
    public async Task Cors_allows_Picas_iframe_origin_from_appsettings_and_not_the_apps_own_page()
    {
        await using var sample = SampleOnEmulator();
        using var client = sample.CreateClient();

        using var pica = await client.SendAsync(Preflight(PicaOrigin));
        using var page = await client.SendAsync(Preflight("http://localhost:5173"));
        using var post = await client.SendAsync(TokenRequest("user_1"));
        using var foreign = await client.SendAsync(TokenRequest("user_1", "http://evil.example.test"));

        Assert.Equal(HttpStatusCode.NoContent, pica.StatusCode);
        Assert.Equal([PicaOrigin], AllowOrigin(pica));
        Assert.Equal("Authorization,Content-Type,X-Dev-User", pica.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.Empty(AllowOrigin(page));
        Assert.Equal([PicaOrigin], AllowOrigin(post));
        Assert.Empty(AllowOrigin(foreign));
    }

    [Fact]
    public async Task Cors_origins_come_from_configuration()
    {
        await using var sample = SampleOnEmulator(null, Environments.Development, ("AuthKit:Endpoint:AllowedOrigins:0", "https://authkit.example.test"));
        using var client = sample.CreateClient();

        using var configured = await client.SendAsync(Preflight("https://authkit.example.test"));
        using var pica = await client.SendAsync(Preflight(PicaOrigin));

        Assert.Equal(["https://authkit.example.test"], AllowOrigin(configured));
        Assert.Empty(AllowOrigin(pica));
    }

    [Fact]
    public async Task On_kestrel_over_loopback_tcp_a_plain_http_client_gets_the_token()
    {
        await using var sample = SampleOnEmulator();
        sample.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        sample.StartServer();
        var address = sample.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var http = new HttpClient { BaseAddress = new Uri(address) };

        using var response = await http.SendAsync(TokenRequest("user_7"));

        Assert.StartsWith("http://127.0.0.1:", address);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([PicaOrigin], AllowOrigin(response));
        var token = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Json(_pica.Connections), token.GetProperty("rows").GetRawText());
    }

    [Theory]
    [InlineData("X-Dev-User: user_123\r\nX-Dev-User: user_456")]
    [InlineData("X-Dev-User: user_123,user_456")]
    [InlineData("X-Dev-User: user_123, user_456")]
    [InlineData("X-Dev-User: user_123\r\nx-dev-user: user_123")]
    public async Task A_repeated_sign_in_header_is_a_401_and_nothing_reaches_Pica(string headerLines)
    {
        await using var sample = SampleOnEmulator();
        sample.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        sample.StartServer();
        var address = new Uri(sample.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

        // Raw bytes: HttpClient would join two values into one line itself.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        var head = $"POST /authkit-token HTTP/1.1\r\nHost: {address.Authority}\r\nOrigin: {PicaOrigin}\r\n{headerLines}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var answer = await reader.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 401 ", answer, StringComparison.Ordinal);
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Fact]
    public async Task In_Development_the_preflight_allows_the_sign_in_header_the_Quickstart_sends()
    {
        await using var sample = SampleOnEmulator();
        using var client = sample.CreateClient();

        using var preflight = await client.SendAsync(Preflight(PicaOrigin, "content-type,x-dev-user"));

        Assert.Equal([PicaOrigin], AllowOrigin(preflight));
        Assert.Equal("Authorization,Content-Type,X-Dev-User", preflight.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.DoesNotContain(sample.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Name == "HeaderRefused");
    }

    [Fact]
    public async Task In_Production_the_preflight_refuses_the_sign_in_header_and_logs_which_option_to_set()
    {
        await using var sample = SampleOnEmulator(environment: Environments.Production);
        using var client = sample.CreateClient();

        using var preflight = await client.SendAsync(Preflight(PicaOrigin, "content-type,x-dev-user"));

        Assert.Equal("Authorization,Content-Type", preflight.Headers.GetValues("Access-Control-Allow-Headers").Single());
        var refused = Assert.Single(sample.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Name == "HeaderRefused");
        Assert.Contains("'x-dev-user'", refused.Message);
        Assert.Contains("AuthKit:Endpoint:AllowedHeaders", refused.Message);
    }

    [Fact]
    public async Task Healthz_is_healthy_when_Pica_accepts_the_key_and_503_when_it_refuses_it()
    {
        await using var healthy = SampleOnEmulator();
        await using var refused = SampleOnEmulator("sk_test_revoked_healthz_7");
        using var healthyClient = healthy.CreateClient();
        using var refusedClient = refused.CreateClient();

        using var ok = await healthyClient.GetAsync("/healthz");
        using var unhealthy = await refusedClient.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("Healthy", await ok.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unhealthy.StatusCode);
        Assert.Equal("Unhealthy", await unhealthy.Content.ReadAsStringAsync());
        Assert.Equal([true, false], _pica.ReceivedRequests.Where(r => r.Endpoint == PicaEndpoint.Flags).Select(r => r.SecretKeyMatched).Order().Reverse());
    }

    [Fact]
    public async Task Its_problem_answers_read_as_written_in_a_raw_body_with_type_title_and_status()
    {
        await using var factory = SampleOnEmulator();
        using var client = factory.CreateClient();
        using var malformed = new HttpRequestMessage(HttpMethod.Delete, "/authkit-connections/a%20b");
        malformed.Headers.Add(DevUserHeader, "user_123");
        using var identity = TokenRequest("user 1");

        using var badId = await client.SendAsync(malformed);
        using var badIdentity = await client.SendAsync(identity);

        foreach (var (response, says) in new[] { (badId, "U+0020"), (badIdentity, "The signed-in user's identity contains white space") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var raw = await response.Content.ReadAsStringAsync();
            Assert.Contains(says, raw, StringComparison.Ordinal);
            Assert.DoesNotContain("\\u00", raw, StringComparison.Ordinal);
            var problem = JsonDocument.Parse(raw).RootElement;
            Assert.Equal(400, problem.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()));
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        }
    }
}
