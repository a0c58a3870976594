using System.Diagnostics;
using AuthKit.Bench;
using Microsoft.Extensions.Logging.Abstractions;

namespace AuthKit.Benchmarks;

/// <summary>
/// SDK vs baseline in alternating batches (<c>-- interleaved</c>), for a busy machine where
/// BenchmarkDotNet's back-to-back runs see different loads: slow drift hits both sides alike, and
/// process CPU time (all threads) is reported next to wall time. Medians of per-batch figures.
/// </summary>
internal static class InterleavedComparison
{
    private const string SecretKey = "sk_test_benchmark_0123456789abcdef";
    private static readonly Uri BaseUrl = new("https://pica.invalid");

    public static async Task RunAsync(int pages, int warmup = 3000, int batches = 40, int batchSize = 50)
    {
        var handler = new InMemoryPicaHandler(new CannedPica(pages, rowsPerPage: 100));
        var request = new AuthKitTokenRequest { Identity = "user_123", IdentityType = IdentityType.User };
        var baseline = new BaselineClient(handler, BaseUrl, SecretKey);
        var sdk = new AuthKitToken(new AuthKitOptions { SecretKey = SecretKey, BaseUrl = BaseUrl }, NullLoggerFactory.Instance, handler);
        await CompareAsync($"pages={pages,-3}", "baseline", () => baseline.CreateAsync(request), "SDK", () => sdk.CreateAsync(request), warmup, batches, batchSize).ConfigureAwait(false);
    }

    /// <summary>
    /// A cold token through the white-label cache (the cached flag expired at every token) against the
    /// cache off (a flags call per token, the path before the cache): what the cache adds to a cold token.
    /// </summary>
    public static async Task ColdAsync(int pages, int warmup = 3000, int batches = 40, int batchSize = 50)
    {
        var handler = new InMemoryPicaHandler(new CannedPica(pages, rowsPerPage: 100));
        var request = new AuthKitTokenRequest { Identity = "user_123", IdentityType = IdentityType.User };
        var clock = new ExpiringClock();
        var cold = new AuthKitToken(new AuthKitOptions { SecretKey = SecretKey + "_cold", BaseUrl = BaseUrl }, NullLoggerFactory.Instance, handler, clock);
        var off = new AuthKitToken(new AuthKitOptions { SecretKey = SecretKey + "_off", BaseUrl = BaseUrl, WhiteLabelCacheDuration = TimeSpan.Zero }, NullLoggerFactory.Instance, handler);
        await CompareAsync($"pages={pages,-3}", "cache off", () => off.CreateAsync(request), "cold cache", () =>
        {
            clock.Expire();
            return cold.CreateAsync(request);
        }, warmup, batches, batchSize).ConfigureAwait(false);
    }

    /// <summary>The passthrough GET of <see cref="PassthroughBenchmarks"/>: the SDK's client against the hand-written request.</summary>
    public static async Task PassthroughAsync(int warmup = 20000, int batches = 60, int batchSize = 500)
    {
        var benchmarks = new PassthroughBenchmarks();
        benchmarks.Setup();
        await CompareAsync("passthrough GET", "baseline", benchmarks.Baseline, "SDK", benchmarks.AuthKitSdk, warmup, batches, batchSize).ConfigureAwait(false);
        benchmarks.Cleanup();
    }

    private static async Task CompareAsync<T>(
        string what, string baselineName, Func<Task<T>> baselineCall, string sdkName, Func<Task<T>> sdkCall, int warmup, int batches, int batchSize)
    {

        // Long enough for tiered compilation to settle on both paths.
        for (var i = 0; i < warmup; i++)
        {
            await baselineCall().ConfigureAwait(false);
            await sdkCall().ConfigureAwait(false);
        }

        var wall = (Baseline: new List<double>(), Sdk: new List<double>());
        var cpu = (Baseline: new List<double>(), Sdk: new List<double>());
        for (var b = 0; b < batches; b++)
        {
            var sdkFirst = b % 2 == 1;
            var first = await BatchAsync(sdkFirst ? sdkCall : baselineCall, batchSize).ConfigureAwait(false);
            var second = await BatchAsync(sdkFirst ? baselineCall : sdkCall, batchSize).ConfigureAwait(false);
            var (baselineBatch, sdkBatch) = sdkFirst ? (second, first) : (first, second);
            wall.Baseline.Add(baselineBatch.WallUs);
            wall.Sdk.Add(sdkBatch.WallUs);
            cpu.Baseline.Add(baselineBatch.CpuUs);
            cpu.Sdk.Add(sdkBatch.CpuUs);
        }

        Console.WriteLine(
            $"{what} wall us/call: {baselineName} {Median(wall.Baseline),8:F1}  {sdkName} {Median(wall.Sdk),8:F1}  ratio {Median(wall.Sdk) / Median(wall.Baseline):F3}   " +
            $"CPU us/call: {baselineName} {Median(cpu.Baseline),8:F1}  {sdkName} {Median(cpu.Sdk),8:F1}  ratio {Median(cpu.Sdk) / Median(cpu.Baseline):F3}   ({batches} alternating batches of {batchSize})");
    }

    public static async Task LoopAsync(string which, int count)
    {
        var handler = new InMemoryPicaHandler(new CannedPica(1, rowsPerPage: 100));
        var request = new AuthKitTokenRequest { Identity = "user_123", IdentityType = IdentityType.User };
        var baseline = new BaselineClient(handler, BaseUrl, SecretKey);
        var sdk = new AuthKitToken(new AuthKitOptions { SecretKey = SecretKey, BaseUrl = BaseUrl }, NullLoggerFactory.Instance, handler);
        for (var i = 0; i < count; i++)
        {
            _ = which == "sdk" ? await sdk.CreateAsync(request).ConfigureAwait(false) : await baseline.CreateAsync(request).ConfigureAwait(false);
        }
    }

    public static async Task LoopPassthroughAsync(string which, int count)
    {
        var benchmarks = new PassthroughBenchmarks();
        benchmarks.Setup();
        for (var i = 0; i < count; i++)
        {
            _ = which == "sdk" ? await benchmarks.AuthKitSdk().ConfigureAwait(false) : await benchmarks.Baseline().ConfigureAwait(false);
        }

        benchmarks.Cleanup();
    }

    private static async Task<(double WallUs, double CpuUs)> BatchAsync<T>(Func<Task<T>> call, int size)
    {
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < size; i++)
        {
            await call().ConfigureAwait(false);
        }

        var wall = Stopwatch.GetElapsedTime(started);
        process.Refresh();
        var cpuUsed = process.TotalProcessorTime - cpuBefore;
        return (wall.TotalMicroseconds / size, cpuUsed.TotalMicroseconds / size);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
