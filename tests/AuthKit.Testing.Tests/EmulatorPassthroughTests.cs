using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using static AuthKit.Testing.Tests.RawHttp;

namespace AuthKit.Testing.Tests;

/// <summary>The emulator's passthrough over a raw HttpClient: the echo, Pica's own refusals, scripted answers, faults, shapes.</summary>
public sealed class EmulatorPassthroughTests : IDisposable
{
    private const string Action = "conn_mod_def::AAA::BBB";
    private readonly PicaEmulator _pica = PicaEmulator.Start();
    private readonly PicaConnection _gmail;

    public EmulatorPassthroughTests() => _gmail = _pica.Connect("user_1", IdentityType.User, "gmail");

    public void Dispose() => _pica.Dispose();

    private HttpRequestMessage Call(HttpMethod method, string path, string? key = null, string? action = Action, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (key is not "")
        {
            request.Headers.Add(PicaEmulator.ConnectionKeyHeaderName, key ?? _gmail.Key);
        }

        if (action is not null)
        {
            request.Headers.Add(PicaEmulator.ActionIdHeaderName, action);
        }

        return request;
    }

    [Fact]
    public async Task The_echo_shows_method_escaped_path_raw_query_headers_and_the_body_hash()
    {
        var body = new byte[300 * 1024];
        new Random(7).NextBytes(body);
        using var client = Client(_pica);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await client.SendAsync(Call(HttpMethod.Post, "v1/passthrough/users/me%2Fx/files?fields=id,name&q=a%20b", content: content));
        var echo = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("POST", echo.GetProperty("method").GetString());
        Assert.Equal("users/me%2Fx/files", echo.GetProperty("path").GetString());
        Assert.Equal("fields=id,name&q=a%20b", echo.GetProperty("query").GetString());
        Assert.Equal("application/octet-stream", echo.GetProperty("contentType").GetString());
        Assert.Equal(body.Length, echo.GetProperty("bodyLength").GetInt32());
        Assert.Equal(Convert.ToHexString(SHA256.HashData(body)).ToLowerInvariant(), echo.GetProperty("bodySha256").GetString());
        Assert.Equal(Action, echo.GetProperty("headers").GetProperty("x-pica-action-id").GetString());
        Assert.False(echo.GetProperty("headers").TryGetProperty("x-pica-secret", out _));
        Assert.Equal(_gmail.Id, echo.GetProperty("connection").GetProperty("id").GetString());
        Assert.Equal("gmail", echo.GetProperty("connection").GetProperty("platform").GetString());
        Assert.Equal("user_1", echo.GetProperty("connection").GetProperty("identity").GetString());
        var logged = Assert.Single(_pica.ReceivedRequests);
        Assert.Equal((PicaEndpoint.Passthrough, _gmail.Key, Action, (long)body.Length), (logged.Endpoint, logged.ConnectionKey, logged.ActionId, logged.BodyLength));
        Assert.DoesNotContain(_gmail.Key, logged.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_multipart_body_is_hashed_as_sent_and_a_get_has_no_content_type()
    {
        using var multipart = new MultipartFormDataContent("fixed-boundary-1");
        multipart.Add(new StringContent("hello"), "text");
        multipart.Add(new ByteArrayContent([1, 2, 3, 0, 255]), "file", "a.bin");
        var sent = await multipart.ReadAsByteArrayAsync();
        using var client = Client(_pica);

        var echo = await JsonAsync(await client.SendAsync(Call(HttpMethod.Put, "v1/passthrough/upload", content: multipart)));
        var get = await JsonAsync(await client.SendAsync(Call(HttpMethod.Get, "v1/passthrough/profile")));

        Assert.Equal(Convert.ToHexString(SHA256.HashData(sent)).ToLowerInvariant(), echo.GetProperty("bodySha256").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, get.GetProperty("contentType").ValueKind);
        Assert.False(get.GetProperty("headers").TryGetProperty("content-type", out _));
        Assert.Equal(0, get.GetProperty("bodyLength").GetInt32());
    }

    [Fact]
    public async Task Pica_refuses_a_wrong_secret_a_missing_or_unknown_connection_key_and_a_missing_action_id()
    {
        using var wrong = Client(_pica, "sk_test_wrong");
        using var client = Client(_pica);
        var unknownKey = "test::gmail::default::ffff|someone_else";

        var statuses = new[]
        {
            (await wrong.SendAsync(Call(HttpMethod.Get, "v1/passthrough/x"))).StatusCode,
            (await client.SendAsync(Call(HttpMethod.Get, "v1/passthrough/x", key: ""))).StatusCode,
            (await client.SendAsync(Call(HttpMethod.Get, "v1/passthrough/x", key: unknownKey))).StatusCode,
            (await client.SendAsync(Call(HttpMethod.Get, "v1/passthrough/x", action: null))).StatusCode,
        };
        using var notFound = await client.SendAsync(Call(HttpMethod.Get, "v1/passthrough/x", key: unknownKey));
        var notFoundBody = await notFound.Content.ReadAsStringAsync();

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.BadRequest], statuses);
        Assert.DoesNotContain(unknownKey, notFoundBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scripted_answer_serves_its_status_headers_and_bytes_and_other_actions_get_the_echo()
    {
        byte[] bytes = [0, 1, 2, 250];
        _pica.OnPassthrough(Action, PicaPassthroughAnswer.Bytes(bytes, "image/png", HttpStatusCode.Created).WithHeader("X-RateLimit-Remaining", "9").WithLatency(TimeSpan.FromMilliseconds(1)));
        using var client = Client(_pica);

        using var scripted = await client.SendAsync(Call(HttpMethod.Get, "v1/passthrough/a"));
        using var other = await client.SendAsync(Call(HttpMethod.Get, "v1/passthrough/a", action: "conn_mod_def::other"));
        _pica.ClearPassthroughAnswers();
        using var cleared = await client.SendAsync(Call(HttpMethod.Get, "v1/passthrough/a"));

        Assert.Equal(HttpStatusCode.Created, scripted.StatusCode);
        Assert.Equal(bytes, await scripted.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", scripted.Content.Headers.ContentType?.MediaType);
        Assert.Equal("9", Assert.Single(scripted.Headers.GetValues("X-RateLimit-Remaining")));
        Assert.Equal("GET", (await JsonAsync(other)).GetProperty("method").GetString());
        Assert.Equal("GET", (await JsonAsync(cleared)).GetProperty("method").GetString());
    }

    [Fact]
    public async Task Faults_are_served_in_order_then_the_answer_and_an_action_filter_holds()
    {
        _pica.FailPassthrough(PicaFault.ServiceUnavailable(TimeSpan.FromSeconds(1)))
             .FailPassthrough(PicaFault.TooManyRequests(TimeSpan.FromSeconds(2)))
             .FailPassthrough(PicaFault.InternalServerError(), actionId: "conn_mod_def::only");
        using var client = Client(_pica);

        using var first = await client.SendAsync(Call(HttpMethod.Get, "v1/passthrough/a"));
        using var second = await client.SendAsync(Call(HttpMethod.Get, "v1/passthrough/a"));
        using var third = await client.SendAsync(Call(HttpMethod.Get, "v1/passthrough/a"));
        using var filtered = await client.SendAsync(Call(HttpMethod.Get, "v1/passthrough/a", action: "conn_mod_def::only"));

        Assert.Equal(
            [HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests, HttpStatusCode.OK, HttpStatusCode.InternalServerError],
            new[] { first.StatusCode, second.StatusCode, third.StatusCode, filtered.StatusCode });
        Assert.Equal(TimeSpan.FromSeconds(1), first.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task The_renamed_headers_shape_prefixes_the_integration_headers()
    {
        _pica.WithAnswerShape(PicaAnswerShape.RenamedPassthroughHeaders)
             .OnPassthrough(Action, PicaPassthroughAnswer.Json("{}").WithHeader("ETag", "\"v1\""));
        using var client = Client(_pica);

        using var response = await client.SendAsync(Call(HttpMethod.Get, "v1/passthrough/a"));

        Assert.Equal("\"v1\"", Assert.Single(response.Headers.GetValues("x-pica-passthrough-etag")));
        Assert.False(response.Headers.Contains("ETag"));
        Assert.Equal("{}", Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
    }
}
