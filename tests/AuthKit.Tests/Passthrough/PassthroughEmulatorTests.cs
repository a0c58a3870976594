using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AuthKit.Testing;

namespace AuthKit.Tests.Passthrough;

/// <summary>
/// The SDK's passthrough client over the emulator: bodies arrive as the client wrote them, answers and Pica's
/// failures come back as served, only what is safe is retried, and other identities' keys send nothing.
/// </summary>
public sealed class PassthroughEmulatorTests : IDisposable
{
    private const string Action = "conn_mod_def::GAAA::BBB";
    private readonly PicaEmulator _pica = PicaEmulator.Start();

    public void Dispose() => _pica.Dispose();

    private IPicaIdentityConnections Mine() => new PicaConnections(_pica.CreateOptions()).ForIdentity("user_1", IdentityType.User);

    [Fact]
    public async Task A_300_KB_binary_body_is_hashed_the_same_on_both_sides()
    {
        var mine = _pica.Connect("user_1", IdentityType.User, "gmail");
        var body = new byte[300 * 1024];
        new Random(18).NextBytes(body);
        using var http = await Mine().CreatePassthroughClientAsync(mine.Key, Action);

        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.PostAsync("upload?name=a.bin", content);
        using var echo = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(Convert.ToHexString(SHA256.HashData(body)).ToLowerInvariant(), echo.RootElement.GetProperty("bodySha256").GetString());
        Assert.Single(_pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Passthrough);
    }

    [Fact]
    public async Task Another_identitys_key_is_refused_and_nothing_reaches_the_passthrough()
    {
        _pica.Connect("user_1", IdentityType.User, "gmail");
        var theirs = _pica.Connect("user_2", IdentityType.User, "gmail");

        await Assert.ThrowsAsync<PicaConnectionRefusedException>(() => Mine().CreatePassthroughClientAsync(theirs.Key, Action));

        Assert.DoesNotContain(_pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Passthrough || r.ConnectionKey == theirs.Key);
    }

    [Fact]
    public async Task Json_bodies_arrive_with_their_content_type_and_the_bytes_the_client_wrote()
    {
        var mine = _pica.Connect("user_1", IdentityType.User, "gmail");
        using var http = await Mine().CreatePassthroughClientAsync(mine.Key, Action);
        using var text = new StringContent("""{"to":"a@example.com","n":1}""", Encoding.UTF8, "application/json");
        using var json = JsonContent.Create(new { to = "b@example.com", labels = new[] { "INBOX", "ü" } });

        var echoes = new List<JsonElement>();
        foreach (var content in new HttpContent[] { text, json })
        {
            using var response = await http.PostAsync("messages/send?draft=false", content);
            echoes.Add(await EchoAsync(response));
        }

        var logged = Passthroughs();
        Assert.Equal(2, logged.Count);
        foreach (var (content, echo, request) in new HttpContent[] { text, json }.Zip(echoes, logged))
        {
            var sent = await content.ReadAsByteArrayAsync();
            Assert.Equal(content.Headers.ContentType!.ToString(), echo.GetProperty("contentType").GetString());
            Assert.Equal(Sha256(sent), echo.GetProperty("bodySha256").GetString());
            Assert.Equal(sent.Length, echo.GetProperty("bodyLength").GetInt32());
            Assert.Equal("messages/send", echo.GetProperty("path").GetString());
            Assert.Equal("draft=false", echo.GetProperty("query").GetString());
            Assert.Equal(("POST", "/v1/passthrough/messages/send", "false"), (request.Method, request.Path, request.Query["draft"]));
            Assert.Equal((mine.Key, Action, (long)sent.Length, Sha256(sent)), (request.ConnectionKey, request.ActionId, request.BodyLength, request.BodySha256));
        }
    }

    [Fact]
    public async Task A_form_body_arrives_url_encoded_with_its_content_type()
    {
        var mine = _pica.Connect("user_1", IdentityType.User, "gmail");
        using var http = await Mine().CreatePassthroughClientAsync(mine.Key, Action);
        using var form = new FormUrlEncodedContent([new("subject", "Hi there"), new("name", "Zoë & co")]);
        var sent = await form.ReadAsByteArrayAsync();

        using var response = await http.PostAsync("forms", form);
        var echo = await EchoAsync(response);

        var logged = Assert.Single(Passthroughs());
        Assert.Equal("application/x-www-form-urlencoded", echo.GetProperty("contentType").GetString());
        Assert.Equal("subject=Hi+there&name=Zo%C3%AB+%26+co", Encoding.ASCII.GetString(sent));
        Assert.Equal(Sha256(sent), echo.GetProperty("bodySha256").GetString());
        Assert.Equal((Sha256(sent), (long)sent.Length), (logged.BodySha256, logged.BodyLength));
    }

    [Fact]
    public async Task A_multipart_body_with_a_file_part_keeps_its_boundary_and_its_bytes()
    {
        var mine = _pica.Connect("user_1", IdentityType.User, "gmail");
        using var http = await Mine().CreatePassthroughClientAsync(mine.Key, Action);
        var file = new byte[20 * 1024];
        new Random(181).NextBytes(file);
        using var multipart = new MultipartFormDataContent("authkit-boundary-18");
        multipart.Add(new StringContent("quarterly report"), "title");
        var filePart = new ByteArrayContent(file);
        filePart.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        multipart.Add(filePart, "file", "report.pdf");
        var sent = await multipart.ReadAsByteArrayAsync();

        using var response = await http.PutAsync("upload", multipart);
        var echo = await EchoAsync(response);

        var logged = Assert.Single(Passthroughs());
        Assert.Equal("multipart/form-data; boundary=\"authkit-boundary-18\"", echo.GetProperty("contentType").GetString());
        Assert.Equal(Sha256(sent), echo.GetProperty("bodySha256").GetString());
        Assert.Equal(("PUT", (long)sent.Length, Sha256(sent)), (logged.Method, logged.BodyLength, logged.BodySha256));
        Assert.True(sent.Length > file.Length);
    }

    [Fact]
    public async Task A_GET_has_no_content_type_and_no_body()
    {
        var mine = _pica.Connect("user_1", IdentityType.User, "gmail");
        using var http = await Mine().CreatePassthroughClientAsync(mine.Key, Action);

        using var response = await http.GetAsync("users/me/profile?fields=id,name");
        var echo = await EchoAsync(response);

        var logged = Assert.Single(Passthroughs());
        Assert.Equal(JsonValueKind.Null, echo.GetProperty("contentType").ValueKind);
        Assert.False(echo.GetProperty("headers").TryGetProperty("content-type", out _));
        Assert.Equal(0, echo.GetProperty("bodyLength").GetInt32());
        Assert.Equal(("GET", "/v1/passthrough/users/me/profile", "id,name"), (logged.Method, logged.Path, logged.Query["fields"]));
        Assert.False(logged.Headers.ContainsKey("Content-Type"));
        Assert.Equal((0L, Sha256([])), (logged.BodyLength, logged.BodySha256));
    }

    [Fact]
    public async Task A_per_request_action_id_reaches_the_emulator_and_the_next_request_has_the_default_again()
    {
        const string other = "conn_mod_def::GAAA::other";
        var mine = _pica.Connect("user_1", IdentityType.User, "gmail");
        using var http = await Mine().CreatePassthroughClientAsync(mine.Key, Action);

        using var request = new HttpRequestMessage(HttpMethod.Get, "labels").SetPicaActionId(other);
        using var first = await http.SendAsync(request);
        using var second = await http.GetAsync("labels");

        Assert.Equal([other, Action], Passthroughs().Select(r => r.ActionId));
        Assert.Equal(other, (await EchoAsync(first)).GetProperty("headers").GetProperty("x-pica-action-id").GetString());
        Assert.Equal(Action, (await EchoAsync(second)).GetProperty("headers").GetProperty("x-pica-action-id").GetString());
    }

    [Fact]
    public async Task The_integrations_500_comes_back_as_it_is_and_is_not_retried()
    {
        const string body = """{"error":{"code":500,"message":"Backend Error"}}""";
        _pica.OnPassthrough(Action, PicaPassthroughAnswer.Json(body, HttpStatusCode.InternalServerError).WithHeader("X-Request-Id", "req-18"));
        var mine = _pica.Connect("user_1", IdentityType.User, "gmail");
        using var http = await Mine().CreatePassthroughClientAsync(mine.Key, Action);

        using var response = await http.GetAsync("users/me/messages");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(Encoding.UTF8.GetBytes(body), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("req-18", Assert.Single(response.Headers.GetValues("X-Request-Id")));
        var logged = Assert.Single(Passthroughs());
        Assert.Equal((HttpStatusCode.InternalServerError, Action), (logged.StatusCode, logged.ActionId));
    }

    [Fact]
    public async Task A_GET_is_retried_after_Picas_503_with_Retry_After_and_then_succeeds()
    {
        _pica.FailPassthrough(PicaFault.ServiceUnavailable(TimeSpan.Zero), times: 1);
        var mine = _pica.Connect("user_1", IdentityType.User, "gmail");
        using var http = await Mine().CreatePassthroughClientAsync(mine.Key, Action);

        using var response = await http.GetAsync("users/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("GET", (await EchoAsync(response)).GetProperty("method").GetString());
        var logged = Passthroughs();
        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], logged.Select(r => r.StatusCode));
        Assert.NotNull(logged[0].Fault);
        Assert.Null(logged[1].Fault);
    }

    [Fact]
    public async Task A_POST_gets_Picas_503_back_and_is_sent_once()
    {
        _pica.FailPassthrough(PicaFault.ServiceUnavailable(TimeSpan.Zero), times: 1);
        var mine = _pica.Connect("user_1", IdentityType.User, "gmail");
        using var http = await Mine().CreatePassthroughClientAsync(mine.Key, Action);

        using var response = await http.PostAsync("messages/send", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.Zero, response.Headers.RetryAfter?.Delta);
        var logged = Assert.Single(Passthroughs());
        Assert.Equal(("POST", HttpStatusCode.ServiceUnavailable), (logged.Method, logged.StatusCode));
    }

    [Fact]
    public async Task With_renamed_headers_a_scripted_header_and_a_content_header_are_readable_under_their_own_names()
    {
        _pica.WithAnswerShape(PicaAnswerShape.RenamedPassthroughHeaders)
            .OnPassthrough(Action, PicaPassthroughAnswer.Json("""{"ok":true}""").WithHeader("X-RateLimit-Remaining", "41").WithHeader("Content-Language", "de"));
        var mine = _pica.Connect("user_1", IdentityType.User, "gmail");
        using var http = await Mine().CreatePassthroughClientAsync(mine.Key, Action);

        using var response = await http.GetAsync("users/me");

        Assert.Equal("41", Assert.Single(response.Headers.GetValues("X-RateLimit-Remaining")));
        Assert.Equal("41", Assert.Single(response.Headers.GetValues("x-pica-passthrough-x-ratelimit-remaining")));
        Assert.Equal("de", Assert.Single(response.Content.Headers.ContentLanguage));
        Assert.Equal("""{"ok":true}""", await response.Content.ReadAsStringAsync());
        Assert.Single(Passthroughs());
    }

    [Fact]
    public async Task Cancelling_a_call_the_integration_holds_ends_it_with_an_OperationCanceledException()
    {
        var arrived = new TaskCompletionSource<PicaEmulatorRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var pica = PicaEmulator.Start(new PicaEmulatorOptions
        {
            RequestReceived = r =>
            {
                if (r.Endpoint == PicaEndpoint.Passthrough)
                {
                    arrived.TrySetResult(r);
                }
            },
        });
        pica.OnPassthrough(Action, PicaPassthroughAnswer.Json("{}").WithLatency(TimeSpan.FromSeconds(30)));
        var mine = pica.Connect("user_1", IdentityType.User, "gmail");
        using var http = await new PicaConnections(pica.CreateOptions()).ForIdentity("user_1", IdentityType.User).CreatePassthroughClientAsync(mine.Key, Action);
        using var cts = new CancellationTokenSource();

        var call = http.GetAsync("slow", cts.Token);
        var logged = await arrived.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal((Action, "/v1/passthrough/slow"), (logged.ActionId, logged.Path));
    }

    private List<PicaEmulatorRequest> Passthroughs() => [.. _pica.ReceivedRequests.Where(r => r.Endpoint == PicaEndpoint.Passthrough)];

    private static async Task<JsonElement> EchoAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
}
