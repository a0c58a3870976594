using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuthKit.Tests.Passthrough;

/// <summary>
/// Pica on Kestrel for the passthrough: a Vault listing that filters by key only (the identity filter is
/// ignored, so the owner check the client makes is what is tested) and <c>/v1/passthrough/{**path}</c>,
/// which logs every request it receives (headers and the SHA-256 of the body) and answers with
/// <see cref="Answer"/> (by default an echo of the body with its hash in <c>x-body-sha256</c>).
/// </summary>
internal sealed class PassthroughStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PassthroughStandIn(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>Passthrough requests, in arrival order.</summary>
    public ConcurrentQueue<Received> Passthrough { get; } = new();

    /// <summary>Every request ("METHOD path"), in arrival order.</summary>
    public ConcurrentQueue<string> All { get; } = new();

    /// <summary>How a passthrough request is answered, after it is logged.</summary>
    public Func<HttpContext, byte[], Task>? Answer { get; set; }

    public static async Task<PassthroughStandIn> StartAsync(params string[] rowsJson)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var pica = new PassthroughStandIn(app);
        app.Use(async (http, next) =>
        {
            pica.All.Enqueue($"{http.Request.Method} {http.Request.Path}");
            await next(http);
        });
        app.MapGet("/v1/vault/connections", (HttpContext http) =>
        {
            var key = http.Request.Query["key"].ToString();
            var rows = rowsJson.Where(r => r.Contains($"\"key\":\"{key}\"", StringComparison.Ordinal)).ToList();
            return Results.Text($$"""{"rows":[{{string.Join(",", rows)}}],"total":{{rows.Count}},"pages":1,"page":1}""", "application/json");
        });
        app.Map("/v1/passthrough/{**path}", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            pica.Passthrough.Enqueue(new Received(
                http.Request.Method,
                http.Request.Path + http.Request.QueryString,
                http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                Convert.ToHexString(SHA256.HashData(body))));
            if (pica.Answer is { } answer)
            {
                await answer(http, body);
                return;
            }

            http.Response.Headers["x-body-sha256"] = Convert.ToHexString(SHA256.HashData(body));
            http.Response.ContentType = "application/octet-stream";
            await http.Response.Body.WriteAsync(body);
        });
        await app.StartAsync();
        pica.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return pica;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal sealed record Received(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string BodySha256);
}
