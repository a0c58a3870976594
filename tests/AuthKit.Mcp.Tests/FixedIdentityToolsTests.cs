using AuthKit.Mcp.Tests.TestSupport;
using AuthKit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.Mcp.Tests;

/// <summary>
/// WithAuthKitTools: one fixed identity's tools for the server's whole life, as a stdio server serves them;
/// here on the SDK's own MapMcp, so that the official MCP C# client reaches it in-process.
/// </summary>
public sealed class FixedIdentityToolsTests : IDisposable
{
    private readonly PicaEmulator _pica = PicaEmulator.Start();

    public void Dispose() => _pica.Dispose();

    private Task<McpApp> StartAsync(PicaToolOptions? options) => McpApp.StartAsync(_pica,
        services: b => b.Services.AddMcpServer().WithHttpTransport()
            .WithAuthKitTools(sp => sp.GetRequiredService<IPicaConnections>().ForIdentity("user_1", IdentityType.User), options),
        pipeline: app => app.MapMcp("/fixed"));

    [Fact]
    public async Task The_fixed_identitys_tools_list_and_call_with_structured_content_and_the_platform_sees_only_that_identity()
    {
        var gmail = _pica.Connect("user_1", IdentityType.User, "gmail");
        _pica.Connect("user_2", IdentityType.User, "gmail");
        await using var app = await StartAsync(new PicaToolOptions { Permissions = PicaToolPermissions.Admin });

        // Whoever the caller: the server serves the one identity it was given (a desktop host's only user).
        var client = await app.ConnectAsync(user: null, path: "/fixed");
        var tools = await client.ListToolsAsync();
        var listed = await client.CallToolAsync(PicaToolNames.ListConnections);

        Assert.Equal(6, tools.Count);
        var execute = tools.Single(t => t.Name == PicaToolNames.ExecuteAction).ProtocolTool.Annotations;
        Assert.Equal((false, true), (execute?.ReadOnlyHint, execute?.DestructiveHint));
        Assert.NotEqual(true, listed.IsError);
        Assert.Equal([gmail.Key], ToolResults.ConnectionKeys(listed));
        Assert.All(_pica.ReceivedRequests, r => Assert.Equal(("user_1", "user"), (r.Query["identity"], r.Query["identityType"])));
    }

    [Fact]
    public async Task A_refusal_is_an_isError_result()
    {
        var theirs = _pica.Connect("user_2", IdentityType.User, "gmail");
        await using var app = await StartAsync(null);
        var client = await app.ConnectAsync(user: null, path: "/fixed");

        var result = await client.CallToolAsync(PicaToolNames.ExecuteAction, new Dictionary<string, object?>
        {
            ["connection_key"] = theirs.Key,
            ["action_id"] = PicaEmulator.GmailGetMessageAction,
            ["path_variables"] = new Dictionary<string, string> { ["userId"] = "me", ["messageId"] = "m1" },
        });

        Assert.True(result.IsError);
        Assert.NotNull(ToolResults.Error(result));
        Assert.DoesNotContain(_pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Passthrough);
    }
}
