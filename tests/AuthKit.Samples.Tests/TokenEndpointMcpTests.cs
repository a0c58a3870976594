using System.Net;
using System.Text;
using System.Text.Json;
using AuthKit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelContextProtocol.Client;

namespace AuthKit.Samples.Tests;

/// <summary>
/// The Quickstart sample's <c>/mcp</c> (MapAuthKitMcp beside its token endpoint, signed in the same way) answering
/// the official MCP C# client, on its embedded emulator.
/// </summary>
public sealed class TokenEndpointMcpTests
{
    private const string DevUserHeader = "X-Dev-User";

    private static WebApplicationFactory<Program> Sample() =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment(Environments.Development);
            // No key: the embedded emulator, whatever the machine's environment says.
            web.UseSetting("AuthKit:SecretKey", "");
        });

    private static Task<McpClient> ConnectAsync(WebApplicationFactory<Program> sample, string user) =>
        McpClient.CreateAsync(new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = new Uri(sample.Server.BaseAddress, "/mcp"),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { [DevUserHeader] = user },
            },
            sample.CreateClient(),
            ownsHttpClient: true));

    [Fact]
    public async Task An_MCP_client_signed_in_with_X_Dev_User_lists_the_tools_and_the_users_connections()
    {
        await using var sample = Sample();
        await using var client = await ConnectAsync(sample, "user_123");

        var tools = await client.ListToolsAsync();
        var result = await client.CallToolAsync(PicaToolNames.ListConnections);

        Assert.Equal(
            new[] { PicaToolNames.ListConnections, PicaToolNames.ListIntegrations, PicaToolNames.SearchActions, PicaToolNames.GetActionKnowledge, PicaToolNames.ExecuteAction, PicaToolNames.PromptToConnect }.Order(),
            tools.Select(t => t.Name).Order());
        Assert.NotEqual(true, result.IsError);
        var embedded = sample.Services.GetRequiredService<PicaEmulator>();
        var listed = Assert.IsType<JsonElement>(result.StructuredContent).GetProperty("connections").EnumerateArray()
            .Select(c => (c.GetProperty("platform").GetString(), c.GetProperty("key").GetString())).Order();
        Assert.Equal(embedded.VaultConnections.Where(c => c.Identity == "user_123").Select(c => ((string?)c.Platform, (string?)c.Key)).Order(), listed);
        Assert.Equal(["gmail", "slack"], listed.Select(c => c.Item1));
        Assert.All(embedded.ReceivedRequests.Where(r => r.Endpoint == PicaEndpoint.VaultList), r => Assert.Equal("user_123", r.Query["identity"]));
    }

    [Fact]
    public async Task Without_a_signed_in_user_mcp_is_a_401_and_the_platform_is_not_asked()
    {
        await using var sample = Sample();
        using var http = sample.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent(
                """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_connections","arguments":{}}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(sample.Services.GetRequiredService<PicaEmulator>().ReceivedRequests, r => r.Endpoint == PicaEndpoint.VaultList);
    }
}
