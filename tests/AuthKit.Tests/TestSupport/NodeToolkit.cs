using System.Diagnostics;
using System.Text.Json.Nodes;

namespace AuthKit.Tests.TestSupport;

/// <summary>
/// Runs <c>@picahq/toolkit</c>'s own connections listing (tests/node-toolkit) against a test server: the
/// reference for the Vault listing. Needs node and npm on PATH; installs the locked packages on first use.
/// </summary>
internal static class NodeToolkit
{
    private static readonly Lazy<string> Folder = new(Prepare);

    /// <summary>The rows the toolkit listed, and how long each of <paramref name="runs"/> listings took (timed inside node).</summary>
    public static async Task<(JsonArray Rows, double[] TimingsMs)> ListAsync(Uri baseUrl, string secret, string? identity, string? identityType, int runs = 1)
    {
        var start = new ProcessStartInfo("node", "list-connections.mjs")
        {
            WorkingDirectory = Folder.Value,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PICA_BASE_URL"] = baseUrl.ToString().TrimEnd('/');
        start.Environment["PICA_SECRET"] = secret;
        start.Environment["PICA_RUNS"] = runs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (identity is not null)
        {
            start.Environment["PICA_IDENTITY"] = identity;
        }

        if (identityType is not null)
        {
            start.Environment["PICA_IDENTITY_TYPE"] = identityType;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cancellation.Token);
        Assert.True(process.ExitCode == 0, $"node exited {process.ExitCode}: {await error}");
        var result = JsonNode.Parse(await output)!;
        return (result["rows"]!.AsArray(), result["timingsMs"]!.AsArray().Select(t => (double)t!).ToArray());
    }

    /// <summary>
    /// Executes one action with the toolkit's own <c>executeAction</c> (tests/node-toolkit/execute-action.mjs):
    /// <paramref name="action"/> holds its arguments. Returns whether it succeeded and the passthrough's answer.
    /// </summary>
    public static async Task<(bool Success, JsonNode? Data)> ExecuteAsync(Uri baseUrl, string secret, string identity, string identityType, JsonObject action)
    {
        var start = new ProcessStartInfo("node", "execute-action.mjs")
        {
            WorkingDirectory = Folder.Value,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PICA_BASE_URL"] = baseUrl.ToString().TrimEnd('/');
        start.Environment["PICA_SECRET"] = secret;
        start.Environment["PICA_IDENTITY"] = identity;
        start.Environment["PICA_IDENTITY_TYPE"] = identityType;
        start.Environment["PICA_ACTION"] = action.ToJsonString();

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cancellation.Token);
        Assert.True(process.ExitCode == 0, $"node exited {process.ExitCode}: {await error}");
        var result = JsonNode.Parse(await output)!;
        return ((bool)result["success"]!, result["data"]);
    }

    private static string Prepare()
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "node-toolkit");
        // install.sh: once, under a lock, as the benches that share the folder install it (peers included).
        using var install = Process.Start(new ProcessStartInfo("bash", "install.sh")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var error = install.StandardError.ReadToEndAsync();
        _ = install.StandardOutput.ReadToEndAsync();
        if (!install.WaitForExit(TimeSpan.FromMinutes(3)) || install.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci failed in {folder}: {error.GetAwaiter().GetResult()}");
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
