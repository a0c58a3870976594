using System.Diagnostics;
using System.Reflection;

namespace AuthKit.Samples.Tests.TestSupport;

/// <summary>
/// Runs samples/AuthKit.Sample.Aot as a user would, as a separate process: the JIT build (built with
/// this test project) through <c>dotnet</c>, and the Native AOT binary where CI published it
/// (artifacts/aot-sample, see .ci/run).
/// </summary>
internal static class AotSample
{
    public const string Jit = "dotnet AuthKit.Sample.Aot.dll";
    public const string Native = "Native AOT binary";

    private static readonly string Root = Repository.Root;

    private static string Configuration =>
        typeof(AotSample).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>The builds present: the JIT one always, the native one once .ci/run has published it.</summary>
    public static IEnumerable<string> Builds()
    {
        yield return Jit;
        if (File.Exists(NativePath))
        {
            yield return Native;
        }
    }

    private static string NativePath => Path.Combine(Root, "artifacts", "aot-sample", "AuthKit.Sample.Aot");

    private static string DllPath => Path.Combine(Root, "samples", "AuthKit.Sample.Aot", "bin", Configuration, "net10.0", "AuthKit.Sample.Aot.dll");

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string build, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = build == Native ? new ProcessStartInfo(NativePath) : new ProcessStartInfo("dotnet");
        if (build == Jit)
        {
            Assert.True(File.Exists(DllPath), $"{DllPath} is missing: the test project builds the sample (ProjectReference)");
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(DllPath);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;

        // Only what the test sets: a PICA_* variable of the machine must not leak in.
        start.Environment.Remove("PICA_SECRET_KEY");
        start.Environment.Remove("PICA_BASE_URL");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{build} did not exit within a minute");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
