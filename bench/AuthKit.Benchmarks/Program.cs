using AuthKit.Benchmarks;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/AuthKit.Benchmarks -- --filter '*'
// dotnet run -c Release --project bench/AuthKit.Benchmarks -- --filter '*AgentTool*'   (execute_action vs ExecuteActionAsync)
// dotnet run -c Release --project bench/AuthKit.Benchmarks -- probe-agent-tool   (bytes per call: direct, tool, turn, the tool's steps)
// dotnet run -c Release --project bench/AuthKit.Benchmarks -- probe         (layer-by-layer breakdown)
// dotnet run -c Release --project bench/AuthKit.Benchmarks -- probe-passthrough   (bytes per passthrough GET, both sides)
// dotnet run -c Release --project bench/AuthKit.Benchmarks -- interleaved   (alternating batches, CPU time)
// dotnet run -c Release --project bench/AuthKit.Benchmarks -- interleaved-passthrough   (the same for a passthrough GET)
// dotnet run -c Release --project bench/AuthKit.Benchmarks -- interleaved-cold   (a cold token through the cache vs the cache off)
switch (args)
{
    case ["interleaved-passthrough", ..]:
        await InterleavedComparison.PassthroughAsync();
        break;
    case ["probe-agent-tool", ..]:
        await AllocationProbe.AgentToolAsync();
        break;
    case ["probe-passthrough", ..]:
        await AllocationProbe.PassthroughAsync();
        break;
    case ["probe", ..]:
        await AllocationProbe.RunAsync(pages: 1);
        await AllocationProbe.RunAsync(pages: 10);
        break;
    case ["interleaved-cold", ..]:
        // A cold token through the white-label cache against the cache off, alternating batches.
        await InterleavedComparison.ColdAsync(pages: 1, batches: 80);
        await InterleavedComparison.ColdAsync(pages: 10, warmup: 600);
        break;
    case ["interleaved", ..]:
        await InterleavedComparison.RunAsync(pages: 1);
        await InterleavedComparison.RunAsync(pages: 10, warmup: 600);
        break;
    case ["loop-passthrough", var which, var count]:
        await InterleavedComparison.LoopPassthroughAsync(which, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
        break;
    case ["loop", var which, var count]:
        // For profilers (perf): one client only, in a loop.
        await InterleavedComparison.LoopAsync(which, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(CreateTokenBenchmarks).Assembly).Run(args);
        break;
}
