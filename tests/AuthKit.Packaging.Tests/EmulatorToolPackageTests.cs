using System.Net;
using System.Text.Json;
using AuthKit.Tests.TestSupport;

namespace AuthKit.Packaging.Tests;

/// <summary>
/// The packed AuthKit.Emulator as a user installs it: <c>dotnet tool install</c> from the packed folder
/// into a tool path of its own, with an empty NuGet cache, then the installed <c>authkit-emulator</c>
/// command run, answering Pica's API and stopping on Ctrl+C.
/// </summary>
public sealed class EmulatorToolPackageTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("authkit-tool-").FullName;

    public void Dispose()
    {
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
    public async Task The_packed_tool_installs_with_dotnet_tool_install_and_serves_Pica_s_API()
    {
        var feed = await PackedFeed.GetAsync();
        var version = PackedFeed.VersionIn(feed);
        var tools = Path.Combine(_root, "tools");
        var cache = Directory.CreateDirectory(Path.Combine(_root, "nuget-packages")).FullName;

        var (exitCode, output) = await Cli.DotNetAsync(_root, new Dictionary<string, string> { ["NUGET_PACKAGES"] = cache }, TimeSpan.FromMinutes(5),
            "tool", "install", "AuthKit.Emulator", "--tool-path", tools, "--add-source", feed, "--version", version);
        Assert.True(exitCode == 0, $"dotnet tool install failed (exit {exitCode}):{Environment.NewLine}{output}");
        // Only the packed folder has this package (it is not on nuget.org); the tool path keeps its copy.
        Assert.True(Directory.Exists(Path.Combine(tools, ".store", "authkit.emulator", version)), $"AuthKit.Emulator {version} is not in {tools}/.store");

        await using var tool = await EmulatorProcess.StartAsync(Path.Combine(tools, "authkit-emulator"), "--port", "0", "--secret-key", "sk_test_emulator");
        using var http = new HttpClient { BaseAddress = tool.BaseUrl };
        using var page = new HttpRequestMessage(HttpMethod.Post, "/v1/authkit?page=1&limit=100")
        {
            Content = new StringContent("""{"identity":"user_123","identityType":"user"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        page.Headers.Add("X-Pica-Secret", tool.SecretKey);
        using var answer = await http.SendAsync(page);
        var rows = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("rows").GetArrayLength();
        await tool.NextLineAsync(l => l.EndsWith("POST /v1/authkit page=1 limit=100 -> 200", StringComparison.Ordinal));
        var stopped = await tool.SignalAsync(2);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(12, rows);
        Assert.Equal(0, stopped);
    }
}
