using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuthKit.Tests.Connections;

/// <summary>
/// A Vault API that ignores every filter: each listing answers all of its rows, other identities' first,
/// and a GET of any id answers the row of that id, whoever owns it. It logs every request it receives.
/// </summary>
internal sealed class FilterIgnoringVault : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FilterIgnoringVault(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>"METHOD path?query", in arrival order.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    public static async Task<FilterIgnoringVault> StartAsync(IReadOnlyList<string> rowsJson)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var vault = new FilterIgnoringVault(app);
        app.Use(async (http, next) =>
        {
            vault.Received.Enqueue($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}");
            await next(http);
        });
        app.MapGet("/v1/vault/connections", () =>
            Results.Text($$"""{"rows":[{{string.Join(",", rowsJson)}}],"total":{{rowsJson.Count}},"pages":1,"page":1}""", "application/json"));
        app.MapGet("/v1/vault/connections/{id}", (string id) =>
            rowsJson.FirstOrDefault(r => r.Contains($"\"id\":\"{id}\"", StringComparison.Ordinal)) is { } row
                ? Results.Text(row, "application/json")
                : Results.NotFound());
        app.MapMethods("/v1/vault/connections/{id}", ["PATCH", "DELETE"], () => Results.Ok());
        await app.StartAsync();
        vault.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return vault;
    }

    public static string Row(string id, string identity, string identityType, string platform, bool active = true) =>
        $$"""{"id":"{{id}}","key":"test::{{platform}}::default::{{id.Replace("-", "")}}|{{identity}}","platform":"{{platform}}","environment":"test","identity":"{{identity}}","identityType":"{{identityType}}","tags":[],"active":{{(active ? "true" : "false")}}}""";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
