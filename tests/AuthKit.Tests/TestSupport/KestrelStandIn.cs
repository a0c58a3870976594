using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuthKit.Tests.TestSupport;

/// <summary>
/// A plain-http Kestrel app on 127.0.0.1 with the routes a test maps, logging every request it receives
/// before any route runs: the base of the stand-ins that behave as Pica must not (e.g. ignore a filter),
/// where the emulator would be too well-behaved to test the SDK's own checks.
/// </summary>
internal sealed class KestrelStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelStandIn(WebApplication app, Uri url, ConcurrentQueue<string> received)
    {
        _app = app;
        Url = url;
        Received = received;
    }

    public Uri Url { get; }

    /// <summary>"METHOD path?query" of every request, in arrival order.</summary>
    public ConcurrentQueue<string> Received { get; }

    public static async Task<KestrelStandIn> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var received = new ConcurrentQueue<string>();
        app.Use(async (http, next) =>
        {
            received.Enqueue($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}");
            await next(http);
        });
        map(app);
        await app.StartAsync();
        var url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return new KestrelStandIn(app, url, received);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
