using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using AuthKit.Tests.TestSupport;
using Xunit.Abstractions;

namespace AuthKit.Packaging.Tests;

/// <summary>
/// README.md's "Your own app, without a Pica account", block by block as written: a <c>dotnet new web</c>
/// project outside the repository with an empty NuGet cache, the nuget.config and packages, the
/// emulator tool, the program, the emulator started, a user from <c>dotnet user-jwts</c>, the app
/// started against the emulator, and curl asking for the token. The only change to the blocks: the
/// README's fixed ports (5399, 5090) become free ones, as two runs on one machine need.
/// </summary>
public sealed class OwnAppTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);

    private readonly string _root = Directory.CreateTempSubdirectory("authkit-own-app-").FullName;
    private readonly List<Process> _processes = [];
    private EmulatorProcess? _emulator;

    public Task InitializeAsync() => Task.CompletedTask;

    // xunit 2 awaits IAsyncLifetime, not IAsyncDisposable: the app and the emulator must not outlive the test.
    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

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
    public async Task The_README_own_app_path_runs_as_written_and_curl_gets_the_user_s_token_from_the_emulator()
    {
        var install = ReadmeInstall.Read(PackedFeed.RepositoryRoot());
        var feed = await PackedFeed.GetAsync();
        var env = new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Directory.CreateDirectory(Path.Combine(_root, "nuget-packages")).FullName,
            ["AUTHKIT_FEED"] = feed,
            // Local tools are found through a resolver cache under the CLI home: this run's own, not the user's.
            ["DOTNET_CLI_HOME"] = Directory.CreateDirectory(Path.Combine(_root, "cli-home")).FullName,
            // The README's "cd ~" and dotnet user-jwts' user secrets: this run's folder, not the user's home.
            ["HOME"] = _root,
        };
        var emulatorPort = FreePort();
        var appPort = FreePort();
        string Ports(string block) => block.Replace("5399", emulatorPort, StringComparison.Ordinal).Replace("5090", appPort, StringComparison.Ordinal);

        await StepAsync("README: dotnet new web", _root, env, install.NewAppScript);
        var app = Path.Combine(_root, "MyApp");
        await StepAsync("README: nuget.config, packages, the tool", app, env, install.ConsumerScript);
        File.WriteAllText(Path.Combine(app, "Program.cs"), install.Program);

        _emulator = await EmulatorProcess.StartAsync(Cli.StartInfo("bash", app, env, "-euo", "pipefail", "-c", Ports(install.EmulatorScript)));
        Assert.Equal($"http://127.0.0.1:{emulatorPort}/", _emulator.BaseUrl.ToString());
        Assert.Equal("sk_test_emulator", _emulator.SecretKey);

        var listening = StartApp(app, env, Ports(install.AppScript));
        await listening.WaitAsync(StepTimeout);

        var curl = await StepAsync("README: user-jwts and curl", app, env, Ports(install.CurlScript));

        Assert.Contains("HTTP/1.1 200 OK", curl, StringComparison.Ordinal);
        var token = JsonDocument.Parse(curl.Split('\n').Single(l => l.StartsWith("{\"rows\"", StringComparison.Ordinal))).RootElement;
        Assert.Equal(12, token.GetProperty("rows").GetArrayLength());
        Assert.Equal(12, token.GetProperty("total").GetInt32());
        var logged = await _emulator.NextLineAsync(l => l.Contains("POST /v1/authkit page=1 limit=100 -> 200", StringComparison.Ordinal));
        output.WriteLine(logged);
    }

    private async Task<string> StepAsync(string what, string directory, IReadOnlyDictionary<string, string> env, string script)
    {
        var watch = Stopwatch.StartNew();
        var (exitCode, text) = await Cli.BashAsync(directory, env, StepTimeout, script);
        output.WriteLine($"{what}: {watch.Elapsed.TotalSeconds:F1} s");
        Assert.True(exitCode == 0, $"{what} failed (exit {exitCode}):{Environment.NewLine}{text}");
        return text;
    }

    // The README's second terminal: keeps running; done once Kestrel says it listens.
    private Task StartApp(string directory, IReadOnlyDictionary<string, string> env, string script)
    {
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new StringBuilder();
        var process = new Process { StartInfo = Cli.StartInfo("bash", directory, env, "-euo", "pipefail", "-c", script), EnableRaisingEvents = true };
        void Read(object? sender, DataReceivedEventArgs e)
        {
            lock (log)
            {
                log.AppendLine(e.Data);
            }

            if (e.Data?.Contains("Now listening on", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        }

        process.OutputDataReceived += Read;
        process.ErrorDataReceived += Read;
        process.Exited += (_, _) =>
        {
            lock (log)
            {
                listening.TrySetException(new InvalidOperationException($"the app exited before it listened:{Environment.NewLine}{log}"));
            }
        };
        process.Start();
        _processes.Add(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return listening.Task;
    }

    private static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

}
