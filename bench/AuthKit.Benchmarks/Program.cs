using AuthKit.Benchmarks;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/AuthKit.Benchmarks -- --filter '*'
// dotnet run -c Release --project bench/AuthKit.Benchmarks -- probe   (layer-by-layer breakdown)
if (args is ["probe", ..])
{
    await AllocationProbe.RunAsync(pages: 1);
    await AllocationProbe.RunAsync(pages: 10);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(CreateTokenBenchmarks).Assembly).Run(args);
