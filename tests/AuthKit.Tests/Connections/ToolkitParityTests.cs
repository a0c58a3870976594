using System.Text.Json;
using System.Text.Json.Nodes;
using AuthKit.Testing;
using AuthKit.Tests.TestSupport;

namespace AuthKit.Tests.Connections;

/// <summary>The listing against @picahq/toolkit 1.0.3's own, on the same emulator: the same rows, the same requests.</summary>
public sealed class ToolkitParityTests : IDisposable
{
    private readonly PicaEmulator _pica = PicaEmulator.Start();

    public void Dispose() => _pica.Dispose();

    [Fact]
    public async Task The_identitys_listing_equals_the_toolkits_row_for_row_from_the_same_page_requests()
    {
        _pica.SeedVaultConnections("user_1", IdentityType.User, 345, seed: 21);
        _pica.SeedVaultConnections("user_2", IdentityType.User, 60, seed: 22);

        var (toolkitRows, _) = await NodeToolkit.ListAsync(_pica.Url, _pica.SecretKey, "user_1", "user");
        var toolkitRequests = Pages();
        _pica.ClearReceivedRequests();

        var ours = new List<PicaConnection>();
        await foreach (var connection in new PicaConnections(_pica.CreateOptions()).ForIdentity("user_1", IdentityType.User).ListAsync())
        {
            ours.Add(connection);
        }

        Assert.True(toolkitRows.Count > 300);
        Assert.Equal(toolkitRows.Count, ours.Count);
        for (var i = 0; i < ours.Count; i++)
        {
            Assert.True(
                JsonNode.DeepEquals(toolkitRows[i], JsonSerializer.SerializeToNode(ours[i], JsonSerializerOptions.Web)),
                $"row {i}: toolkit {toolkitRows[i]!.ToJsonString()} vs ours {JsonSerializer.Serialize(ours[i], JsonSerializerOptions.Web)}");
        }

        Assert.Equal(toolkitRequests, Pages());
    }

    // What each listing request asked for, page order, the headers aside: path and query.
    private List<string> Pages() =>
    [
        .. _pica.ReceivedRequests
            .Where(r => r.Endpoint == PicaEndpoint.VaultList)
            .Select(r => $"{r.Method} {r.Path}?{string.Join("&", r.Query.OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => $"{q.Key}={q.Value}"))} key:{r.SecretKeyMatched}")
            .Order(StringComparer.Ordinal),
    ];
}
