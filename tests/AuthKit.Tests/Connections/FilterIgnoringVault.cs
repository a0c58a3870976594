using System.Collections.Concurrent;
using AuthKit.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AuthKit.Tests.Connections;

/// <summary>
/// A Vault API that ignores every filter: each listing answers all of its rows, other identities' first,
/// and a GET of any id answers the row of that id, whoever owns it. It logs every request it receives.
/// </summary>
internal sealed class FilterIgnoringVault : IAsyncDisposable
{
    private readonly KestrelStandIn _server;

    private FilterIgnoringVault(KestrelStandIn server) => _server = server;

    public Uri Url => _server.Url;

    /// <summary>"METHOD path?query", in arrival order.</summary>
    public ConcurrentQueue<string> Received => _server.Received;

    public static async Task<FilterIgnoringVault> StartAsync(IReadOnlyList<string> rowsJson) =>
        new(await KestrelStandIn.StartAsync(app =>
        {
            app.MapGet("/v1/vault/connections", () =>
                Results.Text($$"""{"rows":[{{string.Join(",", rowsJson)}}],"total":{{rowsJson.Count}},"pages":1,"page":1}""", "application/json"));
            app.MapGet("/v1/vault/connections/{id}", (string id) =>
                rowsJson.FirstOrDefault(r => r.Contains($"\"id\":\"{id}\"", StringComparison.Ordinal)) is { } row
                    ? Results.Text(row, "application/json")
                    : Results.NotFound());
            app.MapMethods("/v1/vault/connections/{id}", ["PATCH", "DELETE"], () => Results.Ok());
        }));

    public static string Row(string id, string identity, string identityType, string platform, bool active = true) =>
        $$"""{"id":"{{id}}","key":"test::{{platform}}::default::{{id.Replace("-", "")}}|{{identity}}","platform":"{{platform}}","environment":"test","identity":"{{identity}}","identityType":"{{identityType}}","tags":[],"active":{{(active ? "true" : "false")}}}""";

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
