using AuthKit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.Tests.Actions;

/// <summary><c>AddAuthKit</c> registers the catalogue, and executions through <see cref="IPicaConnections"/> read its knowledge cache.</summary>
public sealed class CatalogServicesTests : IDisposable
{
    private readonly PicaEmulator _pica = PicaEmulator.Start();

    public void Dispose() => _pica.Dispose();

    [Fact]
    public async Task The_registered_catalogue_and_executions_share_one_knowledge_cache()
    {
        var gmail = _pica.Connect("user_1", IdentityType.User, "gmail");
        var services = new ServiceCollection();
        services.AddAuthKit(o =>
        {
            o.SecretKey = _pica.SecretKey;
            o.BaseUrl = _pica.Url;
        });
        await using var provider = services.BuildServiceProvider();
        var catalog = provider.GetRequiredService<IPicaCatalog>();
        var mine = provider.GetRequiredService<IPicaConnections>().ForIdentity("user_1", IdentityType.User);

        var knowledge = await catalog.GetActionAsync(PicaEmulator.GmailListMessagesAction);
        using var result = await mine.ExecuteActionAsync(gmail.Key, PicaEmulator.GmailListMessagesAction, new PicaActionInput
        {
            PathVariables = new Dictionary<string, string> { ["userId"] = "me" },
        });

        Assert.Equal("GET", knowledge!.Method);
        Assert.Equal("gmail/v1/users/me/messages", result.Json!["path"]!.GetValue<string>());
        Assert.Single(_pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Knowledge);
        Assert.Same(catalog, provider.GetRequiredService<IPicaCatalog>());
    }
}
