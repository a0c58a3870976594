using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace AuthKit.Tests.Secrets;

/// <summary>
/// Servers that echo the request back in forms the key's exact text does not match: an invalid
/// header line quoting <c>X-Pica-Secret</c> (HttpClient puts the line into its error message), the key
/// JSON-escaped, URL-encoded or as HTML character references in an error body, a proxy's URL with its
/// password in HttpClient's error text. Everything the SDK emits is swept, each way a client is made:
/// the exception (Message, ToString, properties, inner chain), every log record, span and measurement.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class EchoedSecretTests(ITestOutputHelper output)
{
    private const string Key = "sk_test_EchoCanary4Wn8Jd2Pq6Zr9Tx3";

    // The characters System.Text.Json escapes by default ('+', '<', '>', '&', '\'') and '/' (escaped as \/ by some encoders).
    private const string PunctuatedKey = "sk_test_Echo+Canary/4Wn8<Jd2>Pq6&Zr9'Tx3";

    private static readonly List<string> Pages =
        ConnectionFaker.Pages(ConnectionFaker.Rows(2, seed: 93), pageSize: 1).Select(p => p.ToJsonString()).ToList();

    private static readonly Dictionary<string, Case> Cases = new[]
    {
        new Case("an invalid header line quoting the request's X-Pica-Secret", Key, (s, r, stream, ct) => s.WriteRawAsync(stream,
            $"HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n{r.HeaderLine("X-Pica-Secret")!.Replace(":", "", StringComparison.Ordinal)}\r\n\r\n", ct),
            typeof(AuthKitException)),
        new Case("the key JSON-escaped as \\uXXXX, every character, in a 401 body", Key,
            Error(401, $$"""{"error":"Unauthorized","key":"{{EscapeEveryCharacter(Key)}}"}"""), typeof(AuthKitApiException)),
        new Case("the key as System.Text.Json writes it (\\u002B, \\u003C, …) in a 400 body", PunctuatedKey,
            Error(400, $$"""{"error":"Bad Request","received":{{JsonSerializer.Serialize(PunctuatedKey)}}}"""), typeof(AuthKitApiException)),
        new Case("the key with its slash escaped as \\/ in a 403 body", PunctuatedKey,
            Error(403, $$"""{"error":"Forbidden","key":"{{PunctuatedKey.Replace("/", "\\/", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}}"}"""),
            typeof(AuthKitApiException)),
        new Case("the key URL-encoded in a 404 body", PunctuatedKey,
            Error(404, $$"""{"error":"Not Found","url":"https://api.picaos.com/v1/keys?key={{Uri.EscapeDataString(PunctuatedKey)}}"}"""),
            typeof(AuthKitApiException)),
        new Case("the key as HTML character references in a 502 page", Key,
            Error(502, $"<html><body>Bad gateway for {string.Concat(Key.Select(c => $"&#{(int)c};"))}</body></html>"), typeof(AuthKitApiException)),
        new Case("the key JSON-escaped inside a JSON string (escaped twice) in a 422 body", PunctuatedKey,
            Error(422, JsonSerializer.Serialize(new { error = "upstream", detail = JsonSerializer.Serialize(new { key = PunctuatedKey }) })),
            typeof(AuthKitApiException)),
        new Case("the key JSON-escaped in the flags call's 500 body", Key,
            Error(500, $$"""{"error":"{{EscapeEveryCharacter(Key)}}"}"""), Expect: null, Flags: true),
        new Case("the key cut off by the error body's length bound", Key,
            Error(400, "{\"padding\":\"" + new string('x', 4096 - 20 - 12 - 9) + "\",\"key\":\"" + Key + "\"}"), typeof(AuthKitApiException)),
    }.ToDictionary(c => c.Name);

    public static TheoryData<string, ClientMode> Scenarios
    {
        get
        {
            var data = new TheoryData<string, ClientMode>();
            foreach (var name in Cases.Keys)
            {
                foreach (var mode in Enum.GetValues<ClientMode>())
                {
                    data.Add(name, mode);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task An_echoed_key_in_any_encoding_reaches_no_message_log_span_or_metric(string name, ClientMode mode)
    {
        var scenario = Cases[name];
        using var recorder = new TelemetryRecorder();
        await using var pica = new RawHttpServer((s, request, stream, ct) =>
            (scenario.Flags ? RawHttpServer.IsFlags(request.Target) : RawHttpServer.PageOf(request.Target) == 1)
                ? scenario.Answer(s, request, stream, ct)
                : Answer(s, request, stream, ct));
        await using var client = TestClient.Create(mode, o => Configure(o, scenario.Key, pica.Url));

        var trace = recorder.StartTrace(name);
        AuthKitTokenResponse? token = null;
        Exception? error = null;
        try
        {
            token = await client.AuthKit.CreateAsync("user_1", IdentityType.User);
        }
        catch (Exception ex)
        {
            error = ex;
        }

        trace.Dispose();

        if (scenario.Expect is null)
        {
            Assert.Null(error);
            Assert.False(token!.IsWhiteLabel);
            Assert.Contains(client.Logs.GetSnapshot(), r => r.Id.Name == "WhiteLabelFallback" && r.Message.Contains("500", StringComparison.Ordinal));
        }
        else
        {
            Assert.NotNull(error);
            Assert.IsType(scenario.Expect, error);
        }

        var sweeper = new SecretSweeper(scenario.Key);
        sweeper.Exception("exception", error);
        sweeper.Logs("logs", client.Logs.GetSnapshot());
        sweeper.Spans("spans", recorder.SpansOf(trace));
        sweeper.Metrics("metrics", recorder.Measurements);
        output.WriteLine($"{mode}: {error?.Message ?? "token"}");
        Assert.True(sweeper.Findings.Count == 0, "The key leaked:\n" + string.Join("\n", sweeper.Findings.Distinct().Take(20)));
    }

    [Fact]
    public async Task A_proxy_password_in_HttpClients_error_text_reaches_no_message_log_span_or_metric()
    {
        const string Password = "Pr0xyPassw0rdCanary7731";
        using var recorder = new TelemetryRecorder();

        // A proxy that refuses the tunnel to Pica: HttpClient's error quotes the proxy's URL, password included.
        await using var proxy = new RawHttpServer((RawHttpServer s, string _, Stream stream, CancellationToken ct) =>
            s.WriteRawAsync(stream, "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", ct));
        var proxyUrl = new Uri($"http://authkit:{Password}@{proxy.Url.Authority}");
        await using var client = TestClient.Create(ClientMode.DependencyInjection,
            o => { o.SecretKey = Key; o.MaxRetries = 1; o.RetryDelay = TimeSpan.FromMilliseconds(10); }, // BaseUrl: https://api.picaos.com
                                                                                                         // A proxy set on AuthKit's own handler, which keeps the rest of its settings (the README's way).
            http: b => b.UseSocketsHttpHandler((handler, _) => { handler.Proxy = new WebProxy(proxyUrl); handler.UseProxy = true; }));

        var trace = recorder.StartTrace("proxy");
        var error = await DocumentedExceptions.CatchAsync(() => client.AuthKit.CreateAsync("user_1", IdentityType.User));
        trace.Dispose();

        output.WriteLine(error.ToString());
        Assert.IsType<AuthKitException>(error);
        Assert.Contains(proxy.Received, t => t.StartsWith("api.picaos.com:443", StringComparison.Ordinal)); // the tunnel was asked for
        var sweeper = new SecretSweeper(Password);
        sweeper.Exception("exception", error);
        sweeper.Logs("logs", client.Logs.GetSnapshot());
        sweeper.Spans("spans", recorder.SpansOf(trace));
        sweeper.Metrics("metrics", recorder.Measurements);
        Assert.True(sweeper.Findings.Count == 0, "The password leaked:\n" + string.Join("\n", sweeper.Findings.Distinct().Take(20)));
    }

    [Theory]
    [InlineData(ClientMode.DependencyInjection)]
    [InlineData(ClientMode.Standalone)]
    public async Task Control_and_invisible_characters_from_an_error_body_reach_no_message_or_log(ClientMode mode)
    {
        // A terminal escape, a forged log line, NUL, a right-to-left override and a Unicode line separator.
        const string Hostile = "{\"error\":\"denied\u001b[31m\r\n2026-01-01 INFO forged line\u0000\u202Egnp.exe\u2028next\u0085\u007f\"}";
        await using var pica = new RawHttpServer((s, request, stream, ct) => RawHttpServer.PageOf(request.Target) == 1
            ? Error(400, Hostile)(s, request, stream, ct)
            : Answer(s, request, stream, ct));
        await using var client = TestClient.Create(mode, o => Configure(o, Key, pica.Url));

        var error = await DocumentedExceptions.CatchAsync(() => client.AuthKit.CreateAsync("user_1", IdentityType.User));

        var api = Assert.IsType<AuthKitApiException>(error);
        Assert.Contains("denied", api.Message, StringComparison.Ordinal);
        Assert.Contains("forged line", api.ResponseBody, StringComparison.Ordinal);
        AssertPrintable("Message", api.Message);
        AssertPrintable("ResponseBody", api.ResponseBody!);
        foreach (var record in client.Logs.GetSnapshot())
        {
            AssertPrintable($"log #{record.Id.Id}", record.Message);
            foreach (var pair in record.StructuredState ?? [])
            {
                AssertPrintable($"log #{record.Id.Id} '{pair.Key}'", pair.Value ?? "");
            }
        }
    }

    private static void AssertPrintable(string where, string text)
    {
        var bad = text.Where(c => char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator).ToList();
        Assert.True(bad.Count == 0, $"{where} holds {string.Join(", ", bad.Select(c => $"U+{(int)c:X4}"))}: {text}");
    }

    private static string EscapeEveryCharacter(string text)
    {
        var escaped = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            // Lower- and upper-case hex digits alternate: both are valid JSON.
            escaped.Append("\\u").Append(((int)text[i]).ToString(i % 2 == 0 ? "x4" : "X4", CultureInfo.InvariantCulture));
        }

        return escaped.ToString();
    }

    private static Func<RawHttpServer, RawHttpServer.Request, Stream, CancellationToken, Task> Error(int status, string body) =>
        (s, _, stream, ct) =>
        {
            var bytes = Encoding.UTF8.GetByteCount(body);
            return s.WriteRawAsync(stream, $"HTTP/1.1 {status} Error\r\nContent-Type: application/json\r\nContent-Length: {bytes}\r\nConnection: close\r\n\r\n"
                + Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(body)), ct);
        };

    private static Task Answer(RawHttpServer server, RawHttpServer.Request request, Stream stream, CancellationToken cancellationToken) =>
        RawHttpServer.IsFlags(request.Target)
            ? server.WriteJsonAsync(stream, """{"authkitWhitelist":true}""", cancellationToken)
            : server.WriteJsonAsync(stream, Pages[RawHttpServer.PageOf(request.Target) - 1], cancellationToken);

    private static void Configure(AuthKitOptions options, string key, Uri baseUrl)
    {
        options.SecretKey = key;
        options.BaseUrl = baseUrl;
        options.PageSize = 1;
        options.MaxRetries = 1;
        options.RetryDelay = TimeSpan.FromMilliseconds(10);
        options.FlagsGracePeriod = TimeSpan.FromSeconds(5);
    }

    private sealed record Case(
        string Name,
        string Key,
        Func<RawHttpServer, RawHttpServer.Request, Stream, CancellationToken, Task> Answer,
        Type? Expect,
        bool Flags = false);
}
