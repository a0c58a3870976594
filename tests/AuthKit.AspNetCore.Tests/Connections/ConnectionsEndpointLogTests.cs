using System.Collections.Concurrent;
using System.Net;
using AuthKit.AspNetCore.Tests.TestSupport;
using AuthKit.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuthKit.AspNetCore.Tests.Connections;

/// <summary>
/// The connections endpoint logs a failed Vault call with its exception: neither may hold the signed-in
/// identity, which the SDK sends in the Vault listing's query.
/// </summary>
public sealed class ConnectionsEndpointLogTests
{
    // Distinctive, and changed by URL encoding ('@', '+'), so that each form can be looked for.
    private const string Identity = "user_Qz7Lm2@leak+canary.example";
    private const string Secret = "sk_test_connections_log_0123456789";

    [Fact]
    public async Task A_redirect_from_the_Vault_is_logged_without_the_identity_of_the_listing()
    {
        var received = new ConcurrentQueue<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var pica = builder.Build();
        pica.Run(http =>
        {
            received.Enqueue($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}");

            // A Location that repeats the query, as a misconfigured front end does.
            http.Response.StatusCode = StatusCodes.Status302Found;
            http.Response.Headers.Location = $"https://elsewhere.example{http.Request.Path}{http.Request.QueryString}";
            return Task.CompletedTask;
        });
        await pica.StartAsync();
        var picaUrl = new Uri(pica.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        await using var app = await TokenApp.StartAsync(picaUrl, Secret, pipeline: a => a.MapAuthKitConnections().RequireAuthorization());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/authkit-connections");
        request.Headers.Add(TestUser.Header, Identity);
        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var listing = Assert.Single(received);
        Assert.Contains(Identity, Uri.UnescapeDataString(listing), StringComparison.Ordinal);
        var logs = app.Logs.GetSnapshot();
        // The endpoint's own line is at Debug with Pica's status; the failure's one line is the SDK's.
        Assert.Contains("302", Assert.Single(logs, r => r.Id.Name == "ConnectionsPicaRefused").Message, StringComparison.Ordinal);
        var failed = Assert.Single(logs, r => r.Id.Name == "ConnectionsCallFailed");
        var texts = logs.SelectMany(r => new[] { r.Message, r.State?.ToString(), r.Exception?.ToString() }
            .Concat((r.StructuredState ?? []).Select(p => p.Value)));
        string[] forms = [Identity, Uri.EscapeDataString(Identity), Uri.EscapeDataString(Uri.EscapeDataString(Identity)), WebUtility.UrlEncode(Identity)];
        Assert.DoesNotContain(texts, t => t is not null && forms.Any(f => t.Contains(f, StringComparison.OrdinalIgnoreCase)));
        Assert.Contains("elsewhere.example", failed.Message, StringComparison.Ordinal);
    }
}
