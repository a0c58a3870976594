using System.Collections.Concurrent;
using System.Security.Cryptography;
using AuthKit.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AuthKit.Tests.Passthrough;

/// <summary>
/// Pica on Kestrel for the passthrough: a Vault listing that filters by key only (the identity filter is
/// ignored, so the owner check the client makes is what is tested) and <c>/v1/passthrough/{**path}</c>,
/// which logs every request it receives (headers and the SHA-256 of the body) and answers with
/// <see cref="Answer"/> (by default an echo of the body with its hash in <c>x-body-sha256</c>).
/// </summary>
internal sealed class PassthroughStandIn : IAsyncDisposable
{
    private KestrelStandIn _server = null!;

    private PassthroughStandIn()
    {
    }

    public Uri Url => _server.Url;

    /// <summary>Passthrough requests, in arrival order.</summary>
    public ConcurrentQueue<Received> Passthrough { get; } = new();

    /// <summary>Every request ("METHOD path?query"), in arrival order.</summary>
    public ConcurrentQueue<string> All => _server.Received;

    /// <summary>How a passthrough request is answered, after it is logged.</summary>
    public Func<HttpContext, byte[], Task>? Answer { get; set; }

    public static async Task<PassthroughStandIn> StartAsync(params string[] rowsJson)
    {
        var pica = new PassthroughStandIn();
        pica._server = await KestrelStandIn.StartAsync(app =>
        {
            app.MapGet("/v1/vault/connections", (HttpContext http) =>
            {
                var key = http.Request.Query["key"].ToString();
                var rows = rowsJson.Where(r => r.Contains($"\"key\":\"{key}\"", StringComparison.Ordinal)).ToList();
                return Results.Text($$"""{"rows":[{{string.Join(",", rows)}}],"total":{{rows.Count}},"pages":1,"page":1}""", "application/json");
            });
            app.Map("/v1/passthrough/{**path}", pica.PassthroughAsync);
        });
        return pica;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task PassthroughAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var sha256 = Convert.ToHexString(SHA256.HashData(body));
        Passthrough.Enqueue(new Received(
            http.Request.Method,
            http.Request.Path + http.Request.QueryString,
            http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            sha256));
        if (Answer is { } answer)
        {
            await answer(http, body);
            return;
        }

        http.Response.Headers["x-body-sha256"] = sha256;
        http.Response.ContentType = "application/octet-stream";
        await http.Response.Body.WriteAsync(body);
    }

    internal sealed record Received(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string BodySha256);
}
