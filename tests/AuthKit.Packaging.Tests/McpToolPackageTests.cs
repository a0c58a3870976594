using System.Text.Json;
using AuthKit.Testing;
using ModelContextProtocol.Client;

namespace AuthKit.Packaging.Tests;

/// <summary>
/// The packed AuthKit.Mcp.Tool as a user installs it: <c>dotnet tool install</c> from the packed folder into a
/// tool path of its own, with an empty NuGet cache, then the installed <c>authkit-mcp</c> command started by the
/// official MCP C# client over stdio, as a desktop host starts it, serving one user's connections.
/// </summary>
public sealed class McpToolPackageTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("authkit-mcp-tool-").FullName;
    private readonly PicaEmulator _pica = PicaEmulator.Start();

    public void Dispose()
    {
        _pica.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // a temp folder left behind is harmless
        }
    }

    [Fact]
    public async Task The_packed_tool_installs_with_dotnet_tool_install_and_serves_one_users_tools_over_stdio()
    {
        var mine = _pica.Connect("user_1", IdentityType.User, "gmail");
        _pica.Connect("user_2", IdentityType.User, "gmail");
        var feed = await PackedFeed.GetAsync();
        var version = PackedFeed.VersionIn(feed);
        var tools = Path.Combine(_root, "tools");
        var cache = Directory.CreateDirectory(Path.Combine(_root, "nuget-packages")).FullName;

        var (exitCode, output) = await Cli.DotNetAsync(_root, new Dictionary<string, string> { ["NUGET_PACKAGES"] = cache }, TimeSpan.FromMinutes(5),
            "tool", "install", "AuthKit.Mcp.Tool", "--tool-path", tools, "--add-source", feed, "--version", version);
        Assert.True(exitCode == 0, $"dotnet tool install failed (exit {exitCode}):{Environment.NewLine}{output}");
        Assert.True(Directory.Exists(Path.Combine(tools, ".store", "authkit.mcp.tool", version)), $"AuthKit.Mcp.Tool {version} is not in {tools}/.store");

        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "authkit-mcp",
            Command = Path.Combine(tools, "authkit-mcp"),
            EnvironmentVariables = new Dictionary<string, string?>
            {
                ["AuthKit__SecretKey"] = _pica.SecretKey,
                ["AuthKit__BaseUrl"] = _pica.Url.ToString(),
                ["AuthKit__Mcp__Identity"] = "user_1",
            },
        });
        await using var client = await McpClient.CreateAsync(transport);
        var listed = await client.ListToolsAsync();
        var connections = await client.CallToolAsync("list_connections", new Dictionary<string, object?>());

        Assert.Equal(6, listed.Count);
        var structured = Assert.IsType<JsonElement>(connections.StructuredContent);
        Assert.Equal([mine.Key], structured.GetProperty("connections").EnumerateArray().Select(c => c.GetProperty("key").GetString()));
    }
}
