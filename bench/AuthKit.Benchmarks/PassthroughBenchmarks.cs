using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;

namespace AuthKit.Benchmarks;

/// <summary>
/// A passthrough GET through the SDK's client (scope check, headers, span, metric, renamed-header copy,
/// secret key handler) against a hand-written <see cref="HttpClient"/> request with the same three headers,
/// both over the same in-memory handler. The Vault confirmation happens once, in the setup.
/// </summary>
[MemoryDiagnoser]
public class PassthroughBenchmarks
{
    private const string SecretKey = "sk_test_benchmark_0123456789abcdef";
    private const string ConnectionKey = "test::gmail::default::9f8e7d6c5b4a39281706f5e4d3c2b1a0|user_1";
    private const string ActionId = "conn_mod_def::F_JeJ_A_TKg::cc2kvVQQTiiIiLEDauy6zQ";
    private static readonly Uri BaseUrl = new("https://pica.invalid");

    private HttpClient _sdk = null!;
    private HttpClient _baseline = null!;

    /// <summary>Builds both clients once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var handler = new Answers();
        var options = new AuthKitOptions { SecretKey = SecretKey, BaseUrl = BaseUrl };
        _sdk = new PicaConnections(options, NullLoggerFactory.Instance, handler)
            .ForIdentity("user_1", IdentityType.User)
            .CreatePassthroughClientAsync(ConnectionKey, ActionId).GetAwaiter().GetResult();
        _baseline = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(BaseUrl, "/v1/passthrough/") };
    }

    /// <summary>Disposes both clients.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _sdk.Dispose();
        _baseline.Dispose();
    }

    /// <summary>The hand-written request.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> Baseline()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "users/me/profile?fields=id");
        request.Headers.TryAddWithoutValidation("X-Pica-Secret", SecretKey);
        request.Headers.TryAddWithoutValidation("x-pica-connection-key", ConnectionKey);
        request.Headers.TryAddWithoutValidation("x-pica-action-id", ActionId);
        using var response = await _baseline.SendAsync(request).ConfigureAwait(false);
        return (int)response.StatusCode;
    }

    /// <summary>Through the SDK's passthrough client.</summary>
    [Benchmark]
    public async Task<int> AuthKitSdk()
    {
        using var response = await _sdk.GetAsync("users/me/profile?fields=id").ConfigureAwait(false);
        return (int)response.StatusCode;
    }

    // A transport in memory: it reads of each request what SocketsHttpHandler reads before the socket
    // (the request line, Host, every header, written as HTTP/1.1 into a reused buffer), so that the
    // headers and the URI cost on both sides what they cost on the wire, then answers from memory: the
    // Vault listing (for the confirmation) or a small profile, with a header as every real answer has.
    private sealed class Answers : HttpMessageHandler
    {
        private static readonly byte[] Vault = Encoding.UTF8.GetBytes(
            $$"""{"rows":[{"id":"c1","key":"{{ConnectionKey}}","platform":"gmail","environment":"test","identity":"user_1","identityType":"user","tags":[],"active":true}],"total":1,"pages":1,"page":1}""");

        private static readonly byte[] Profile = Encoding.UTF8.GetBytes("""{"id":"me"}""");

        [ThreadStatic]
        private static ArrayBufferWriter<byte>? _head;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            var head = _head ??= new ArrayBufferWriter<byte>(1024);
            head.ResetWrittenCount();
            Write(head, request.Method.Method);
            Write(head, " ");
            Write(head, uri.PathAndQuery);
            Write(head, " HTTP/1.1\r\nHost: ");
            Write(head, uri.IdnHost);
            if (!uri.IsDefaultPort)
            {
                Write(head, ":");
                uri.Port.TryFormat(head.GetSpan(11), out var written, default, CultureInfo.InvariantCulture);
                head.Advance(written);
            }

            Write(head, "\r\n");
            foreach (var header in request.Headers.NonValidated)
            {
                Write(head, header.Key);
                Write(head, ": ");
                foreach (var value in header.Value)
                {
                    Write(head, value);
                }

                Write(head, "\r\n");
            }

            Write(head, "\r\n");

            var body = uri.AbsolutePath.StartsWith("/v1/vault/", StringComparison.Ordinal) ? Vault : Profile;
            var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new ByteArrayContent(body) };
            response.Content.Headers.ContentType = new("application/json");
            response.Headers.TryAddWithoutValidation("x-request-id", "r1");
            return Task.FromResult(response);
        }

        private static void Write(ArrayBufferWriter<byte> head, string text) =>
            head.Advance(Encoding.ASCII.GetBytes(text, head.GetSpan(text.Length)));
    }
}
