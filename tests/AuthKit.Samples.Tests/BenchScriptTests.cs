using System.Diagnostics;
using AuthKit.Samples.Tests.TestSupport;

namespace AuthKit.Samples.Tests;

/// <summary>
/// bench/compare's scripts take minutes once started: <c>--help</c>, a stray argument and a missing tool
/// must each be answered before anything is built or run.
/// </summary>
public sealed class BenchScriptTests : IDisposable
{
    private static readonly string Compare = Path.Combine(Repository.Root, "bench", "compare");

    // A PATH with only what the scripts' checks themselves need: every benchmark tool is missing.
    private readonly string _bareBin = Directory.CreateTempSubdirectory("authkit-bare-path-").FullName;

    public BenchScriptTests()
    {
        foreach (var tool in new[] { "bash", "sed", "dirname", "basename" })
        {
            File.CreateSymbolicLink(Path.Combine(_bareBin, tool), Which(tool));
        }
    }

    public void Dispose() => Directory.Delete(_bareBin, recursive: true);

    [Theory]
    [InlineData("run.sh", "Side by side: AuthKit for .NET vs the official Node SDK")]
    [InlineData("startup.sh", "Start-up: wall time and peak RSS")]
    public async Task Help_prints_the_header_comment_and_runs_nothing(string script, string firstLine)
    {
        // Under the bare PATH a started run would stop at its tool check with exit 1: 0 shows --help came first.
        var (exit, stdout, stderr) = await RunAsync(script, "--help");

        Assert.Equal(0, exit);
        Assert.StartsWith(firstLine, stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("#", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("set -euo", stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stderr);
    }

    [Theory]
    [InlineData("run.sh")]
    [InlineData("startup.sh")]
    public async Task An_argument_other_than_help_is_refused_with_exit_2(string script)
    {
        var (exit, stdout, stderr) = await RunAsync(script, "--rounds=3");

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal($"{script}: no arguments but --help; settings are environment variables (see --help)", stderr.Trim());
    }

    [Theory]
    [InlineData("run.sh", new[] { "dotnet", "node", "npm" })]
    [InlineData("startup.sh", new[] { "dotnet", "node", "npm", "clang", "hyperfine" })]
    public async Task Missing_tools_are_all_named_before_anything_runs(string script, string[] tools)
    {
        var (exit, stdout, stderr) = await RunAsync(script);

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal($"{script}: missing tools, nothing was run:", lines[0]);
        foreach (var tool in tools)
        {
            Assert.Contains(lines, l => l.StartsWith(tool + ": ", StringComparison.Ordinal));
        }
    }

    private async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(_bareBin, "bash"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Compare,
        };
        start.ArgumentList.Add(Path.Combine(Compare, script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PATH"] = _bareBin;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string Which(string tool) =>
        new[] { "/usr/bin", "/bin" }.Select(dir => Path.Combine(dir, tool)).First(File.Exists);
}
