using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuthKit.Mcp.Tool.Tests.TestSupport;

/// <summary>
/// The official TypeScript SDK's MCP client (npm <c>@modelcontextprotocol/sdk</c>, tests/node-mcp/client.mjs): it
/// lists the tools, compiling each <c>outputSchema</c>, and calls the tools given, checking each result's
/// <c>structuredContent</c> against its schema. Needs node and npm on PATH; installs the locked packages on first use.
/// </summary>
internal static class NodeMcpClient
{
    private static readonly Lazy<string> Folder = new(Prepare);

    /// <summary>One tool call for the client to make.</summary>
    public sealed record Call(string Name, object Arguments);

    /// <summary>The client, launching authkit-mcp over stdio with <paramref name="environment"/> added to its environment.</summary>
    public static Task<JsonObject> OverStdioAsync(IReadOnlyDictionary<string, string> environment, params Call[] calls) =>
        RunAsync(new()
        {
            ["MCP_TRANSPORT"] = "stdio",
            ["MCP_COMMAND"] = "dotnet",
            ["MCP_ARGS"] = JsonSerializer.Serialize(new[] { "exec", McpTool.DllPath }),
            ["MCP_ENV"] = JsonSerializer.Serialize(environment),
        }, calls);

    /// <summary>The client over Streamable HTTP to <paramref name="url"/>, sending <paramref name="headers"/> with every request.</summary>
    public static Task<JsonObject> OverHttpAsync(Uri url, IReadOnlyDictionary<string, string> headers, params Call[] calls) =>
        RunAsync(new()
        {
            ["MCP_TRANSPORT"] = "http",
            ["MCP_URL"] = url.ToString(),
            ["MCP_HEADERS"] = JsonSerializer.Serialize(headers),
        }, calls);

    private static async Task<JsonObject> RunAsync(Dictionary<string, string> environment, Call[] calls)
    {
        var start = new ProcessStartInfo("node", "client.mjs")
        {
            WorkingDirectory = Folder.Value,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["MCP_CALLS"] = JsonSerializer.Serialize(calls.Select(c => new { name = c.Name, arguments = c.Arguments }));

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // Guards against a hang only; never a bound on how fast anything is.
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(patience.Token);
        Assert.True(process.ExitCode == 0, $"node exited {process.ExitCode}: {await error}");
        var result = JsonNode.Parse(await output)!.AsObject();
        // A connection the client could not make (refused, a schema it rejects) comes back in "error".
        result["stderr"] = await error;
        return result;
    }

    private static string Prepare()
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "node-mcp");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@modelcontextprotocol", "sdk")))
        {
            using var npm = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund --ignore-scripts")
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var error = npm.StandardError.ReadToEndAsync();
            _ = npm.StandardOutput.ReadToEndAsync();
            if (!npm.WaitForExit(TimeSpan.FromMinutes(3)) || npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci failed in {folder}: {error.GetAwaiter().GetResult()}");
            }
        }

        return folder;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AuthKit.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AuthKit.sln not found above " + AppContext.BaseDirectory);
    }
}
