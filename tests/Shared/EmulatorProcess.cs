using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace AuthKit.Tests.TestSupport;

/// <summary>
/// Runs <c>authkit-emulator</c> as its own process, as a user would: reads what it prints line by line,
/// the URL and key its first lines say to configure, and stops it with a real signal (SIGINT is Ctrl+C).
/// Shared by the test projects: linked into each.
/// </summary>
public sealed partial class EmulatorProcess : IAsyncDisposable
{
    // Guards against a hang only; never a bound on how fast anything is.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private EmulatorProcess(ProcessStartInfo start)
    {
        start = WithDefaultSignals(start);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.Writer.TryComplete();
                _stdoutClosed.TrySetResult();
                return;
            }

            lock (_stdout)
            {
                _stdout.Add(e.Data);
            }

            _lines.Writer.TryWrite(e.Data);
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _stderrClosed.TrySetResult();
                return;
            }

            lock (_stderr)
            {
                _stderr.Add(e.Data);
            }
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The base URL the first lines say to configure (<c>AuthKit__BaseUrl=…</c>).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The key the first lines say to configure (<c>AuthKit__SecretKey=…</c>).</summary>
    public string SecretKey { get; private set; } = null!;

    /// <summary>The lines printed before the request log.</summary>
    public IReadOnlyList<string> Banner { get; private set; } = [];

    /// <summary>Every line written to stdout so far.</summary>
    public IReadOnlyList<string> Stdout
    {
        get
        {
            lock (_stdout)
            {
                return [.. _stdout];
            }
        }
    }

    /// <summary>Every line written to stderr so far.</summary>
    public IReadOnlyList<string> Stderr
    {
        get
        {
            lock (_stderr)
            {
                return [.. _stderr];
            }
        }
    }

    /// <summary>Starts <paramref name="fileName"/> (the installed tool) or <c>dotnet exec</c> of a built dll, and reads its first lines.</summary>
    public static Task<EmulatorProcess> StartAsync(string fileName, params string[] args) => StartAsync(Run(fileName, args));

    /// <summary>Starts <paramref name="start"/> (e.g. a README block run by bash) and reads its first lines.</summary>
    public static Task<EmulatorProcess> StartAsync(ProcessStartInfo start) => StartAsync(new EmulatorProcess(start));

    private static async Task<EmulatorProcess> StartAsync(EmulatorProcess emulator)
    {
        var banner = new List<string>();
        await foreach (var line in emulator.ReadLinesAsync())
        {
            banner.Add(line);
            if (line.StartsWith("Ctrl+C stops it.", StringComparison.Ordinal))
            {
                break;
            }
        }

        var text = string.Join('\n', banner);
        Assert.True(BaseUrlLine().Match(text) is { Success: true }, $"no AuthKit__BaseUrl line in the first lines:\n{text}\nstderr:\n{string.Join('\n', emulator.Stderr)}");
        emulator.BaseUrl = new Uri(BaseUrlLine().Match(text).Groups[1].Value);
        emulator.SecretKey = SecretKeyLine().Match(text).Groups[1].Value;
        emulator.Banner = banner;
        return emulator;
    }

    // A process started in the background by a non-interactive shell (a CI job, `cmd &`) inherits SIGINT as
    // ignored, and .NET keeps an ignored SIGINT ignored: the Ctrl+C test would then test the harness, not the
    // tool. coreutils' env resets it to the default, as a terminal's foreground process has it.
    private static ProcessStartInfo WithDefaultSignals(ProcessStartInfo start)
    {
        if (!string.IsNullOrEmpty(start.Arguments))
        {
            throw new ArgumentException("Give the arguments as ArgumentList, not Arguments.", nameof(start));
        }

        var wrapped = new ProcessStartInfo("env") { WorkingDirectory = start.WorkingDirectory };
        wrapped.Environment.Clear();
        foreach (var (name, value) in start.Environment)
        {
            wrapped.Environment[name] = value;
        }

        wrapped.ArgumentList.Add("--default-signal=INT");
        wrapped.ArgumentList.Add(start.FileName);
        foreach (var arg in start.ArgumentList)
        {
            wrapped.ArgumentList.Add(arg);
        }

        return wrapped;
    }

    /// <summary>Starts it without waiting for anything: for arguments it refuses.</summary>
    public static EmulatorProcess Run(string fileName, params string[] args)
    {
        var start = new ProcessStartInfo(fileName);
        if (fileName.EndsWith(".dll", StringComparison.Ordinal))
        {
            start = new ProcessStartInfo("dotnet");
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(fileName);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new EmulatorProcess(start);
    }

    /// <summary>The next request-log line that satisfies <paramref name="match"/>, waiting for it to be printed.</summary>
    public async Task<string> NextLineAsync(Func<string, bool> match)
    {
        using var patience = new CancellationTokenSource(Patience);
        await foreach (var line in _lines.Reader.ReadAllAsync(patience.Token))
        {
            if (match(line))
            {
                return line;
            }
        }

        throw new InvalidOperationException($"the emulator exited without printing the line:\n{string.Join('\n', Stdout)}");
    }

    /// <summary>Sends <paramref name="signal"/> (2 SIGINT, 15 SIGTERM) and waits for the exit code.</summary>
    public async Task<int> SignalAsync(int signal)
    {
        Assert.Equal(0, Kill(_process.Id, signal));
        return await ExitCodeAsync();
    }

    /// <summary>Waits for the process to exit, its output read to the end.</summary>
    public async Task<int> ExitCodeAsync()
    {
        using var patience = new CancellationTokenSource(Patience);
        await _process.WaitForExitAsync(patience.Token);
        await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(patience.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async IAsyncEnumerable<string> ReadLinesAsync()
    {
        using var patience = new CancellationTokenSource(Patience);
        while (await _lines.Reader.WaitToReadAsync(patience.Token))
        {
            while (_lines.Reader.TryRead(out var line))
            {
                yield return line;
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [GeneratedRegex(@"AuthKit__BaseUrl=(\S+)")]
    private static partial Regex BaseUrlLine();

    [GeneratedRegex(@"AuthKit__SecretKey=(\S+)")]
    private static partial Regex SecretKeyLine();
}
