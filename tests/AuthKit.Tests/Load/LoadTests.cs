using System.Collections.Concurrent;
using System.Diagnostics;
using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using WireMock.Settings;
using Xunit.Abstractions;

namespace AuthKit.Tests.Load;

/// <summary>
/// 5,000 tokens from 64 concurrent callers against a real HTTP server whose answers derive from the
/// caller's identity, through one DI-resolved client and through a new <see cref="AuthKitToken"/> per call.
/// The white-label flag is read once for the account (its cache is the default); over HTTP/1.1 the
/// connections are bounded by <see cref="AuthKitOptions.MaxConnectionsPerServer"/>, set to the callers.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class LoadTests(ITestOutputHelper output) : IDisposable
{
    private const int Callers = 64;
    private const int FirstMark = 1_000;
    private const int Tokens = 5_000;

    // Memory is read after full, compacting GCs, after every 1,000 tokens. Whatever the SDK would keep
    // per call (clients, pipelines, requests, tokens) is small objects: the small-object heap (gen 0-2)
    // is the precise measure. Keeping each standalone client alive grew it ~2 MiB in every step (~2 KiB
    // per client). One step may grow once (pools and caches sized to the load), so at most one step may
    // exceed MaxStepGrowth, and the whole 1,000 -> 5,000 growth stays under MaxSmallObjectGrowth.
    private const long MaxStepGrowth = 512L * 1024;
    private const long MaxSmallObjectGrowth = 2L * 1024 * 1024;

    // The large-object and pinned heaps hold pooled buffers (ArrayPool, Kestrel) that the runtime trims
    // on the forced GCs and refills under load: seen moving by up to 12 MiB either way. A gross bound only.
    private const long MaxHeapGrowth = 32L * 1024 * 1024;

    // The working set is noisier (the GC keeps freed segments for reuse), hence a looser bound.
    private const long MaxWorkingSetGrowth = 48L * 1024 * 1024;

    // The request log is capped: WireMock keeps every entry otherwise, which is the server's memory, not ours.
    private readonly PicaStub _pica = new(new WireMockServerSettings { MaxRequestLogCount = 200 });

    [Fact]
    public async Task One_DI_resolved_client_serves_5000_tokens_to_64_callers()
    {
        IdentityPages.Serve(_pica);
        await using var proxy = new ConnectionCountingProxy(_pica.Url);
        var services = new ServiceCollection();
        services.AddAuthKit(o => Configure(o, proxy.Url));
        await using var provider = services.BuildServiceProvider();
        var authKit = provider.GetRequiredService<IAuthKitToken>();

        var result = await RunAsync(() => authKit);

        Report("one DI-resolved IAuthKitToken", result, proxy.Accepted);
        AssertKeptPromises(result, proxy.Accepted);
    }

    [Fact]
    public async Task A_new_AuthKitToken_per_call_serves_5000_tokens_to_64_callers()
    {
        IdentityPages.Serve(_pica);
        await using var proxy = new ConnectionCountingProxy(_pica.Url);
        var options = new AuthKitOptions();
        Configure(options, proxy.Url);

        var result = await RunAsync(() => new AuthKitToken(options));

        Report("a new AuthKitToken per call", result, proxy.Accepted);
        AssertKeptPromises(result, proxy.Accepted);
    }

    private static void Configure(AuthKitOptions options, Uri baseUrl)
    {
        options.SecretKey = PicaStub.SecretKey;
        options.BaseUrl = baseUrl;
        options.PageSize = IdentityPages.PageSize;
        // A loaded 2-core box can answer the flags late; the promise here is the right rows, so the
        // flag is waited for and must come back true for every token.
        options.FlagsGracePeriod = TimeSpan.FromSeconds(10);
        // The bound SocketsHttpHandler keeps (it counts connections being opened): one per caller.
        options.MaxConnectionsPerServer = Callers;
    }

    private static void AssertKeptPromises(LoadResult result, int accepted)
    {
        Assert.True(result.Failures.IsEmpty, $"{result.Failures.Count} failures, e.g.: {string.Join(" | ", result.Failures.Take(5))}");
        Assert.Equal(Tokens, result.Succeeded);
        Assert.True(result.TwoPageTokens > Tokens / 4, $"only {result.TwoPageTokens} two-page tokens");

        // HTTP/1.1 (all a plain-http server offers) carries one request per connection at a time. Without a
        // bound, a request finding every connection busy starts a connection that is opened even when
        // another one serves the request first, so the count would depend on the scheduling; with
        // MaxConnectionsPerServer it cannot pass the callers. Thousands of requests went over them.
        Assert.InRange(accepted, 1, Callers);
        Assert.True(result.Requests > 20 * accepted, $"{result.Requests} requests over {accepted} connections");

        var smallGrowth = result.AtEnd.SmallObjects - result.AtFirstMark.SmallObjects;
        Assert.True(smallGrowth < MaxSmallObjectGrowth, $"small-object heap grew {smallGrowth:N0} bytes from token {FirstMark} to {Tokens}");
        var steps = result.Marks.Zip(result.Marks.Skip(1), (a, b) => b.SmallObjects - a.SmallObjects).ToList();
        Assert.True(steps.Count(s => s > MaxStepGrowth) <= 1, $"small-object heap grew in every 1,000 tokens: {string.Join(", ", steps.Select(s => $"{s:N0}"))} bytes");
        var heapGrowth = result.AtEnd.Heap - result.AtFirstMark.Heap;
        Assert.True(heapGrowth < MaxHeapGrowth, $"live heap grew {heapGrowth:N0} bytes from token {FirstMark} to {Tokens}");
        var workingSetGrowth = result.AtEnd.WorkingSet - result.AtFirstMark.WorkingSet;
        Assert.True(workingSetGrowth < MaxWorkingSetGrowth, $"working set grew {workingSetGrowth:N0} bytes from token {FirstMark} to {Tokens}");
    }

    private static async Task<LoadResult> RunAsync(Func<IAuthKitToken> client)
    {
        var result = new LoadResult { Requests = 1 }; // the flags call
        var watch = Stopwatch.StartNew();
        for (var from = 0; from < Tokens; from += FirstMark)
        {
            await RunPhaseAsync(client, from, from + FirstMark, result);
            result.Marks.Add(MemorySnapshot.Take());
        }

        result.Duration = watch.Elapsed;
        return result;
    }

    private static async Task RunPhaseAsync(Func<IAuthKitToken> client, int from, int to, LoadResult result)
    {
        var next = from - 1;
        var identityTypes = Enum.GetValues<IdentityType>();

        async Task CallerAsync()
        {
            await Task.Yield();
            int i;
            while ((i = Interlocked.Increment(ref next)) < to)
            {
                var identity = $"caller_{i}";
                try
                {
                    var token = await client().CreateAsync(identity, identityTypes[i % identityTypes.Length]);
                    if (IdentityPages.Mismatch(identity, token) is { } mismatch)
                    {
                        result.Failures.Enqueue(mismatch);
                        continue;
                    }

                    Interlocked.Increment(ref result.Succeeded);
                    var pages = IdentityPages.PageCount(identity);
                    Interlocked.Add(ref result.Requests, pages); // the flags call is read once for the account
                    if (pages == 2)
                    {
                        Interlocked.Increment(ref result.TwoPageTokens);
                    }
                }
                catch (Exception ex)
                {
                    result.Failures.Enqueue($"{identity}: {ex.GetType().Name}: {ex.Message}");
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => CallerAsync()));
    }

    private void Report(string how, LoadResult result, int accepted)
    {
        var first = result.AtFirstMark;
        var end = result.AtEnd;
        output.WriteLine($"Load through {how}: {result.Succeeded} tokens ({result.TwoPageTokens} of 2 pages), {Callers} callers, " +
            $"{result.Failures.Count} failures, {result.Duration.TotalSeconds:F1} s, {Tokens / result.Duration.TotalSeconds:F0} tokens/s, " +
            $"thread-pool threads {first.Threads} after {FirstMark} tokens, {end.Threads} at the end");
        output.WriteLine($"Connections accepted by the server: {accepted} for {result.Requests} requests");
        output.WriteLine($"After {FirstMark} tokens: live heap {first.Heap / 1024.0 / 1024:F1} MiB, working set {first.WorkingSet / 1024.0 / 1024:F1} MiB");
        output.WriteLine($"After {Tokens} tokens: live heap {end.Heap / 1024.0 / 1024:F1} MiB, working set {end.WorkingSet / 1024.0 / 1024:F1} MiB");
        output.WriteLine("Live heap after each 1,000 tokens (MiB): " + string.Join(", ", result.Marks.Select(m => (m.Heap / 1024.0 / 1024).ToString("F2", System.Globalization.CultureInfo.InvariantCulture))));
        output.WriteLine("Small-object heap / large / pinned after each 1,000 tokens (MiB): " + string.Join(", ", result.Marks.Select(m =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{m.SmallObjects / 1048576.0:F2}/{m.Large / 1048576.0:F2}/{m.Pinned / 1048576.0:F2}"))));
        output.WriteLine($"Growth {FirstMark}->{Tokens}: small-object heap {(end.SmallObjects - first.SmallObjects) / 1024.0:F0} KiB, live heap {(end.Heap - first.Heap) / 1024.0:F0} KiB, working set {(end.WorkingSet - first.WorkingSet) / 1024.0 / 1024:F1} MiB; " +
            $"allocated per token (client and server): {(end.Allocated - first.Allocated) / (double)(Tokens - FirstMark) / 1024:F1} KiB");
    }

    public void Dispose() => _pica.Dispose();

    private sealed class LoadResult
    {
        public int Succeeded;
        public int TwoPageTokens;
        public int Requests;

        public ConcurrentQueue<string> Failures { get; } = new();

        public TimeSpan Duration { get; set; }

        /// <summary>Memory after every 1,000 tokens.</summary>
        public List<MemorySnapshot> Marks { get; } = [];

        public MemorySnapshot AtFirstMark => Marks[0];

        public MemorySnapshot AtEnd => Marks[^1];
    }

    private readonly record struct MemorySnapshot(long Heap, long WorkingSet, long Allocated, int Threads, long SmallObjects, long Large, long Pinned)
    {
        /// <summary>After two full, compacting collections: what is still alive, not what awaits the GC.</summary>
        public static MemorySnapshot Take()
        {
            for (var i = 0; i < 2; i++)
            {
                // The large object heap is not compacted by default: its free gaps would count as live.
                System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
            }

            using var process = Process.GetCurrentProcess();
            var heap = GC.GetTotalMemory(forceFullCollection: true);
            var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
            long Live(int generation) => info.GenerationInfo[generation].SizeAfterBytes - info.GenerationInfo[generation].FragmentationAfterBytes;
            return new MemorySnapshot(heap, process.WorkingSet64, GC.GetTotalAllocatedBytes(precise: true), ThreadPool.ThreadCount,
                Live(0) + Live(1) + Live(2), Live(3), Live(4));
        }
    }
}
