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

    public void Dispose() => _world.Dispose();
}
