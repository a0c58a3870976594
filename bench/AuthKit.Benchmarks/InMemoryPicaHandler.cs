using System.Net;
using System.Net.Http.Headers;
using AuthKit.Bench;

namespace AuthKit.Benchmarks;

/// <summary>
/// Answers Pica's two endpoints from canned bytes, without sockets. It reads the request body as a
/// socket would (so serialisation is really paid) and answers with a fresh content per request, as
/// SocketsHttpHandler does; both the SDK and the baseline go through it.
/// </summary>
internal sealed class InMemoryPicaHandler(CannedPica pica) : HttpMessageHandler
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private int _flagsCalls;

    /// <summary>Flags calls answered so far, for the benchmarks' own check of which path a client takes.</summary>
    public int FlagsCalls => Volatile.Read(ref _flagsCalls);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content)
        {
            await content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }

        if (request.RequestUri!.AbsolutePath == "/v1/users/flags")
        {
            Interlocked.Increment(ref _flagsCalls);
        }

        var body = request.RequestUri!.AbsolutePath switch
        {
            "/v1/users/flags" => pica.Flags,
            "/v1/authkit" => pica.Page(PageOf(request.RequestUri.Query)),
            _ => null,
        };

        if (body is null)
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request };
        }

        var answer = new ByteArrayContent(body);
        answer.Headers.ContentType = Json;
        answer.Headers.ContentLength = body.Length;
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = answer, RequestMessage = request };
    }

    private static int PageOf(string query)
    {
        const string Key = "page=";
        var span = query.AsSpan();
        var at = span.IndexOf(Key, StringComparison.Ordinal);
        if (at < 0)
        {
            return 1;
        }

        span = span[(at + Key.Length)..];
        var end = span.IndexOf('&');
        return int.Parse(end < 0 ? span : span[..end], System.Globalization.CultureInfo.InvariantCulture);
    }
}
