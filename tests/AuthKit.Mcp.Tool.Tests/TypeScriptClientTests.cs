using AuthKit.Mcp.Tool.Tests.TestSupport;

namespace AuthKit.Mcp.Tool.Tests;

/// <summary>
/// The official TypeScript SDK's client (npm <c>@modelcontextprotocol/sdk</c>), whose checks of tool schemas and
/// structured results are the strict ones, against authkit-mcp over stdio.
/// </summary>
public sealed class TypeScriptClientTests : IDisposable
{
    private readonly TwoTenants _world = new();

    [Fact]
    public async Task Over_stdio_every_tool_passes_the_TypeScript_clients_schema_checks_and_answers_only_user_1()
    {
        var seen = await NodeMcpClient.OverStdioAsync(_world.Environment(), TypeScriptClientRun.EveryTool(_world));

        Assert.Equal("authkit-mcp", (string?)seen["server"]?["name"]);
        TypeScriptClientRun.AssertSawUser1(seen, _world);
    }

    [Fact]
    public async Task Over_Streamable_HTTP_each_signed_in_user_passes_the_TypeScript_clients_schema_checks_and_sees_only_their_own()
    {
        await using var app = await McpWebApp.StartAsync(_world.Pica);

        var user1 = await NodeMcpClient.OverHttpAsync(app.Mcp, new Dictionary<string, string> { [DevUserSignIn.Header] = TwoTenants.Me }, TypeScriptClientRun.EveryTool(_world));
        TypeScriptClientRun.AssertSawUser1(user1, _world);

        var user2 = await NodeMcpClient.OverHttpAsync(app.Mcp, new Dictionary<string, string> { [DevUserSignIn.Header] = TwoTenants.Them }, new NodeMcpClient.Call("list_connections", new { }));
        Assert.True(user2["error"] is null, $"{user2["error"]}");
        var theirs = user2["calls"]![0]!["result"]!["structuredContent"]!["connections"]!.AsArray().Select(c => (string)c!["key"]!);
        Assert.Equal([_world.TheirGmail.Key], theirs);
    }

    [Fact]
    public async Task Over_Streamable_HTTP_without_a_signed_in_user_the_TypeScript_client_is_refused_and_nothing_reaches_the_platform()
    {
        await using var app = await McpWebApp.StartAsync(_world.Pica);

        var anonymous = await NodeMcpClient.OverHttpAsync(app.Mcp, new Dictionary<string, string>(), new NodeMcpClient.Call("list_connections", new { }));

        Assert.True((int?)anonymous["errorCode"] == 401, $"{anonymous["errorCode"]}: {anonymous["error"]}");
        Assert.Empty(anonymous["calls"]!.AsArray());
        Assert.Empty(_world.Pica.ReceivedRequests);
    }

    public void Dispose() => _world.Dispose();
}
