using System.Diagnostics;
using System.Text;

namespace AuthKit.Packaging.Tests;

/// <summary>Runs <c>dotnet</c> or a bash script as a user would, outside the test's own build.</summary>
internal static class Cli
{
    public static Task<(int ExitCode, string Output)> DotNetAsync(
        string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] args) =>
        RunAsync("dotnet", workingDirectory, environment, timeout, args);

    /// <summary>Runs <paramref name="script"/> with <c>bash -euo pipefail</c>: the first failing command fails it.</summary>
    public static Task<(int ExitCode, string Output)> BashAsync(
        string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, string script) =>
        RunAsync("bash", workingDirectory, environment, timeout, "-euo", "pipefail", "-c", script);

    /// <summary>
    /// Types <paramref name="input"/> into an interactive bash (<c>bash -i</c>, no startup files), as a person
    /// pastes blocks into a terminal: a failing line, <c>${X:?…}</c> included, does not stop the lines after it.
    /// Returns what the terminal showed and bash's exit code once it read everything.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> PasteIntoBashAsync(
        string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, string input)
    {
        var start = StartInfo("bash", workingDirectory, environment, "--norc", "--noprofile", "-i");
        start.RedirectStandardInput = true;
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.StandardInput.WriteAsync(input.ReplaceLineEndings("\n") + "\nexit\n");
        process.StandardInput.Close();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the pasted blocks did not finish within {timeout}:{Environment.NewLine}{output}");
        }

        process.WaitForExit(); // drains the output events
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    /// <summary>What <see cref="RunAsync"/> starts: <paramref name="fileName"/> in a clean CLI environment plus <paramref name="environment"/>.</summary>
    public static ProcessStartInfo StartInfo(
        string fileName, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The test host may run under MSBuild's environment; the child must be a clean CLI invocation.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "MSBUILD_EXE_PATH").ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] args)
    {
        var start = StartInfo(fileName, workingDirectory, environment, args);
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish within {timeout}:{Environment.NewLine}{output}");
        }

        process.WaitForExit(); // drains the output events
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}
