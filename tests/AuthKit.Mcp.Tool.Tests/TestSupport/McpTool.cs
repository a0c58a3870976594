using System.Collections.Concurrent;
using System.Reflection;
using ModelContextProtocol.Client;

namespace AuthKit.Mcp.Tool.Tests.TestSupport;

/// <summary>
/// authkit-mcp as a desktop host runs it: <c>dotnet exec</c> of the dll built with this test project
/// (src/AuthKit.Mcp.Tool's output, same configuration), its settings in the environment.
/// </summary>
internal static class McpTool
{
    public static string DllPath { get; } = Locate();

    /// <summary>The official C# client connected to a new authkit-mcp process over stdio; <paramref name="stderr"/> collects what it logs.</summary>
    public static async Task<McpClient> ConnectAsync(IReadOnlyDictionary<string, string> environment, ConcurrentQueue<string> stderr, params string[] args)
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "authkit-mcp",
            Command = "dotnet",
            Arguments = ["exec", DllPath, .. args],
            EnvironmentVariables = environment.ToDictionary(e => e.Key, e => (string?)e.Value),
            StandardErrorLines = stderr.Enqueue,
        });

        // Guards against a hang only; never a bound on how fast anything is.
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await McpClient.CreateAsync(transport, cancellationToken: patience.Token);
    }

    private static string Locate()
    {
        var configuration = typeof(McpTool).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AuthKit.sln")))
            {
                var dll = Path.Combine(dir.FullName, "src", "AuthKit.Mcp.Tool", "bin", configuration, "net10.0", "AuthKit.Mcp.Tool.dll");
                Assert.True(File.Exists(dll), $"{dll} is missing: the test project builds the tool (ProjectReference)");
                return dll;
            }
        }

        throw new InvalidOperationException("AuthKit.sln not found above " + AppContext.BaseDirectory);
    }
}
