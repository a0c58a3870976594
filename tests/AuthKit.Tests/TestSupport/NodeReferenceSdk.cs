using System.Diagnostics;
using System.Text.Json.Nodes;

namespace AuthKit.Tests.TestSupport;

/// <summary>
/// Runs Pica's official Node SDK (tests/node-reference) against a test server: the reference for
/// the wire format. Needs node and npm on PATH; installs the locked packages on first use.
/// </summary>
internal static class NodeReferenceSdk
{
    private static readonly Lazy<string> Folder = new(Prepare);

    public static async Task<JsonNode> CreateTokenAsync(Uri baseUrl, string secret, string? payloadJson)
    {
        var start = new ProcessStartInfo("node", "create-token.js")
        {
            WorkingDirectory = Folder.Value,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PICA_BASE_URL"] = baseUrl.ToString().TrimEnd('/');
        start.Environment["PICA_SECRET"] = secret;
        if (payloadJson is not null)
        {
            start.Environment["PICA_PAYLOAD"] = payloadJson;
        }

        var (exitCode, output, error) = await RunAsync(start, TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"node exited {exitCode}: {error}");
        return JsonNode.Parse(output)!;
    }

    private static string Prepare()
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "node-reference");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@picahq", "authkit-token")))
        {
            var (exitCode, _, error) = RunAsync(
                new ProcessStartInfo("npm", "ci --no-audit --no-fund") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true },
                TimeSpan.FromMinutes(3)).GetAwaiter().GetResult();
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"npm ci failed in {folder}: {error}");
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

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancellation.Token);
        return (process.ExitCode, await output, await error);
    }
}
