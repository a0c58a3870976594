using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuthKit.Tests.TestSupport;

/// <summary>
/// Pica's two endpoints on Kestrel, on 127.0.0.1, over TLS (a test certificate) or plain http, with the
/// HTTP versions the test offers. It counts the connections it accepted and the protocol of every request.
/// </summary>
internal sealed class KestrelPica : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _protocols = new();
    private int _connections;
    private int _pages;
    private int _flags;

    private KestrelPica(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>Connections the server accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public int PageRequests => Volatile.Read(ref _pages);

    public int FlagsRequests => Volatile.Read(ref _flags);

    /// <summary>Requests per protocol, as the server saw them ("HTTP/1.1", "HTTP/2").</summary>
    public IReadOnlyDictionary<string, int> Protocols => _protocols;

    /// <param name="protocols">What the server offers (over TLS, through ALPN).</param>
    /// <param name="certificate">TLS with this certificate; <see langword="null"/> for plain http.</param>
    /// <param name="maxStreams">HTTP/2 streams per connection (Kestrel's default is 100).</param>
    /// <param name="latency">How long each answer takes, so that callers overlap.</param>
    /// <param name="holdFirstPages">
    /// The first this many page requests are held until all of them are in, then answered: they were in
    /// flight together, whatever the scheduling (a client that queued them instead would wait for ever).
    /// </param>
    public static async Task<KestrelPica> StartAsync(HttpProtocols protocols, X509Certificate2? certificate, int maxStreams = 100, TimeSpan? latency = null, int holdFirstPages = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        KestrelPica? pica = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.Http2.MaxStreamsPerConnection = maxStreams;
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = protocols;
                listen.Use(next => async connection =>
                {
                    Interlocked.Increment(ref pica!._connections);
                    await next(connection);
                });
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });

        var app = builder.Build();
        pica = new KestrelPica(app);
        var page = ConnectionFaker.Pages(ConnectionFaker.Rows(2, seed: 71), 100)[0].ToJsonString();
        var wait = latency ?? TimeSpan.FromMilliseconds(20);
        var allHeldIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (holdFirstPages == 0)
        {
            allHeldIn.SetResult();
        }

        app.MapPost("/v1/authkit", async (HttpContext http) =>
        {
            var arrived = pica.Saw(http, ref pica._pages);
            if (arrived == holdFirstPages)
            {
                allHeldIn.TrySetResult();
            }

            await allHeldIn.Task.WaitAsync(http.RequestAborted);
            await Task.Delay(wait, http.RequestAborted);
            return Results.Text(page, "application/json");
        });
        app.MapGet("/v1/users/flags", async (HttpContext http) =>
        {
            pica.Saw(http, ref pica._flags);
            await Task.Delay(wait, http.RequestAborted);
            return Results.Text("""{"authkitWhitelist":true}""", "application/json");
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        pica.Url = new Uri(address);
        NewServer.At(pica.Url);
        return pica;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private int Saw(HttpContext http, ref int counter)
    {
        _protocols.AddOrUpdate(http.Request.Protocol, 1, (_, n) => n + 1);
        return Interlocked.Increment(ref counter);
    }
}
