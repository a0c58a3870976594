using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using AuthKit.Samples.Tests.TestSupport;

namespace AuthKit.Samples.Tests;

/// <summary>
/// bench/actions/run.sh with one run and one call: every way of executing the action is run and printed, with
/// the requests each made on the emulator (the figures that do not depend on the machine's speed). Times are
/// only checked to be numbers; the exit code, which says whether a timing target was met, may be 0 or 1.
/// </summary>
public sealed class ActionsBenchScriptTests
{
    private static readonly string Script = Path.Combine(Repository.Root, "bench", "actions", "run.sh");

    [Fact]
    public async Task One_run_prints_every_way_with_its_time_and_requests()
    {
        var (exit, stdout, stderr) = await RunAsync("1", "1");

        Assert.True(exit is 0 or 1, $"run.sh exited {exit}: {stderr}");

        // With latency: the toolkit reads the listing and the knowledge on every call; ours, warm, sends one request.
        AssertLine(stdout, "@picahq/toolkit 1.0.3 executeAction:", "3.0 requests per execution");
        AssertLine(stdout, "@picahq/toolkit 1.0.3 tools().execute:", "3.0 requests per call");
        AssertLine(stdout, "AuthKit for .NET first call:", "3.0 requests");
        AssertLine(stdout, "AuthKit for .NET steady state:", "1.0 request ");
        AssertLine(stdout, "AuthKit for .NET execute_action, first:", "requests");
        AssertLine(stdout, "AuthKit for .NET execute_action, steady:", "1.0 request ");

        // Without latency, per call in steady state: ours directly, through the tool, in a chat turn; the toolkit's tool and turn.
        AssertLine(stdout, "AuthKit for .NET ExecuteActionAsync:", "1.0 request ");
        AssertLine(stdout, "AuthKit for .NET execute_action tool (AIFunction):", "1.0 request ");
        AssertLine(stdout, "AuthKit for .NET chat turn (FunctionInvokingChatClient):", "1.0 request ");
        AssertLine(stdout, "@picahq/toolkit 1.0.3 tools().execute:", "3.0 requests ", last: true);
        AssertLine(stdout, "@picahq/toolkit 1.0.3 chat turn (AI SDK generateText):", "3.0 requests ");
    }

    // The line that starts with the label gives a positive time in ms and the request count.
    private static void AssertLine(string stdout, string label, string requests, bool last = false)
    {
        var lines = stdout.Split('\n').Where(l => l.StartsWith(label, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lines);
        var line = last ? lines[^1] : lines[0];
        var time = Regex.Match(line[label.Length..], @"^\s+(\d+\.\d+) ms, ");
        Assert.True(time.Success, $"no time in: {line}");
        Assert.True(double.Parse(time.Groups[1].Value, CultureInfo.InvariantCulture) > 0, line);
        Assert.Contains(requests, line, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(cancellation.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
