using System.Diagnostics;

namespace AuthKit.Mcp.Tool.Tests.TestSupport;

/// <summary>One run of authkit-mcp with no client: its exit code and all it wrote, for settings that stop it at start.</summary>
internal sealed record ToolRun(int ExitCode, string Stdout, string Stderr)
{
    public static async Task<ToolRun> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(McpTool.DllPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Only what the test sets: an AuthKit__ variable of the machine running the tests must not fill a gap.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AuthKit", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        // A server that did start would wait for messages: end of input ends it.
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // Guards against a hang only; never a bound on how fast anything is.
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(patience.Token);
        return new ToolRun(process.ExitCode, await stdout, await stderr);
    }
}
