using System.Text.Json;
using System.Text.Json.Nodes;
using AuthKit.Bench;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Refit;

namespace AuthKit.Benchmarks;

/// <summary>
/// A quick breakdown of where the SDK's bytes and time go, layer by layer (<c>-- probe</c>): the same
/// page request through the bare generated Refit client, then with each handler of the pipeline
/// added. Coarse (Stopwatch, sequential calls); BenchmarkDotNet gives the figures that count.
/// </summary>
internal static class AllocationProbe
{
    private const string SecretKey = "sk_test_benchmark_0123456789abcdef";
    private static readonly Uri BaseUrl = new("https://pica.invalid");

    public static async Task RunAsync(int pages)
    {
        var handler = new InMemoryPicaHandler(new CannedPica(pages, rowsPerPage: 100));
        var options = new AuthKitOptions { SecretKey = SecretKey, BaseUrl = BaseUrl };
        var request = new AuthKitTokenRequest { Identity = "user_123", IdentityType = IdentityType.User };
        var logger = NullLogger.Instance;

        var baseline = new BaselineClient(handler, BaseUrl, SecretKey);
        var sdk = new AuthKitToken(options, NullLoggerFactory.Instance, handler);
        var bare = RestService.ForGenerated<IPicaAuthKitApi>(Client(handler), AuthKitHttp.RefitSettings);
        var buffered = RestService.ForGenerated<IPicaAuthKitApi>(
            Client(new ResponseBufferingHandler(ValidatedOptions.ForClient(options, nameof(options)), NullLogger.Instance) { InnerHandler = handler }), AuthKitHttp.RefitSettings);
        var full = AuthKitHttp.CreateStandaloneApi(ValidatedOptions.ForClient(options, nameof(options)), logger, handler);

        Console.WriteLine($"pages={pages}: per call, after warm-up");
        await MeasureAsync("baseline token", () => baseline.CreateAsync(request));
        await MeasureAsync("SDK token", () => sdk.CreateAsync(request));
        await MeasureAsync("Refit page 1, bare HttpClient", () => bare.CreateTokenPageAsync(100, 1, request));
        await MeasureAsync("Refit page 1, + buffering handler", () => buffered.CreateTokenPageAsync(100, 1, request));
        await MeasureAsync("Refit page 1, full pipeline", () => full.CreateTokenPageAsync(100, 1, request));
        await MeasureAsync("Refit flags, bare HttpClient", () => bare.GetUserFlagsAsync());
        await MeasureAsync("Refit flags, full pipeline", () => full.GetUserFlagsAsync());
    }

    /// <summary>The passthrough GET of <see cref="PassthroughBenchmarks"/>, both sides (<c>-- probe-passthrough</c>).</summary>
    public static async Task PassthroughAsync()
    {
        var benchmarks = new PassthroughBenchmarks();
        benchmarks.Setup();
        Console.WriteLine("passthrough GET: per call, after warm-up");
        await MeasureAsync("baseline HttpClient request", benchmarks.Baseline);
        await MeasureAsync("SDK passthrough client", benchmarks.AuthKitSdk);
        benchmarks.Cleanup();
    }

    /// <summary>
    /// <see cref="AgentToolBenchmarks"/> with the passthrough replayed, and the tool's own steps alone: reading the
    /// model's arguments and writing the result (<c>-- probe-agent-tool</c>).
    /// </summary>
    public static async Task AgentToolAsync()
    {
        var benchmarks = new AgentToolBenchmarks { Transport = "replayed" };
        benchmarks.Setup();
        var arguments = new AIFunctionArguments(benchmarks.Scenario.ToolArguments);
        var answer = JsonObject.Create((JsonElement)(await benchmarks.Tool.InvokeAsync(arguments).ConfigureAwait(false))!)!;
        var maxLength = new PicaToolOptions().MaxResultLength;
        Console.WriteLine("execute_action, passthrough replayed: per call, after warm-up");
        await MeasureAsync("ExecuteActionAsync", async () => { await benchmarks.ExecuteActionAsync().ConfigureAwait(false); return 0; });
        await MeasureAsync("execute_action tool", async () => { await benchmarks.ExecuteActionTool().ConfigureAwait(false); return 0; });
        await MeasureAsync("chat turn", async () => { await benchmarks.ChatTurn().ConfigureAwait(false); return 0; });
        await MeasureAsync("  ToolArguments.Read (4 arguments)", () => Task.FromResult(Tools.ToolArguments.Read(arguments, ["connection_key", "action_id", "path_variables", "query", "headers", "body", "body_format"])));
        await MeasureAsync("  ToolResult.ToJson (the answer)", () => Task.FromResult(Tools.ToolResult.Of(answer, "body").ToJson(maxLength)));
        benchmarks.Cleanup();
    }

    private static HttpClient Client(HttpMessageHandler handler)
    {
        var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = BaseUrl };
        client.DefaultRequestHeaders.TryAddWithoutValidation(AuthKitPlatformDialect.Pica.SecretHeader, SecretKey);
        return client;
    }

    private static async Task MeasureAsync<T>(string name, Func<Task<T>> call)
    {
        const int Warmup = 300, Runs = 2000;
        for (var i = 0; i < Warmup; i++)
        {
            await call().ConfigureAwait(false);
        }

        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var i = 0; i < Runs; i++)
        {
            await call().ConfigureAwait(false);
        }

        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var bytes = (GC.GetTotalAllocatedBytes(precise: true) - before) / Runs;
        Console.WriteLine($"  {name,-36} {bytes,9:N0} B  {elapsed.TotalMicroseconds / Runs,8:F1} us");
    }
}
