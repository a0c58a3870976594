using System.Diagnostics;
using System.Globalization;
using AuthKit;

// AuthKit for .NET's side of bench/compare/run.sh (node/client.mjs is the Node SDK's side; same
// arguments, same JSON out):
//   latency <baseUrl> <pages> <count> <warmup>        one token at a time; ms per token
//   cpu <baseUrl> <count> <concurrency> <warmup>      client process CPU seconds for <count> tokens
//   AUTHKIT_CLIENT=baseline                          the hand-written HttpClient + STJ client instead of the SDK
var mode = args[0];
var baseUrl = new Uri(args[1]);
const string SecretKey = "sk_test_compare_0123456789";
var useBaseline = Environment.GetEnvironmentVariable("AUTHKIT_CLIENT") == "baseline";
var sdkName = useBaseline ? "dotnet-baseline" : "dotnet";
var authKit = new AuthKitToken(new AuthKitOptions { SecretKey = SecretKey, BaseUrl = baseUrl });
var baseline = new AuthKit.Benchmarks.BaselineClient(
    new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), AutomaticDecompression = System.Net.DecompressionMethods.All }, baseUrl, SecretKey);
var invariant = CultureInfo.InvariantCulture;

if (mode == "latency")
{
    var identity = $"pages{int.Parse(args[2], invariant)}_user";
    var count = int.Parse(args[3], invariant);
    var warmup = int.Parse(args[4], invariant);
    for (var i = 0; i < warmup; i++)
    {
        await Create(identity);
    }

    var samples = new double[count];
    for (var i = 0; i < count; i++)
    {
        var started = Stopwatch.GetTimestamp();
        await Create(identity);
        samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    Console.WriteLine($"{{\"sdk\":\"{sdkName}\",\"ms\":[{string.Join(',', samples.Select(s => s.ToString("F3", invariant)))}]}}");
}
else if (mode == "cpu")
{
    var count = int.Parse(args[2], invariant);
    var concurrency = int.Parse(args[3], invariant);
    var warmup = int.Parse(args[4], invariant);
    await RunConcurrently(warmup, concurrency);

    var process = Process.GetCurrentProcess();
    process.Refresh();
    var cpuBefore = process.TotalProcessorTime;
    var started = Stopwatch.GetTimestamp();
    await RunConcurrently(count, concurrency);
    var wall = Stopwatch.GetElapsedTime(started);
    process.Refresh();
    var cpu = process.TotalProcessorTime - cpuBefore;
    Console.WriteLine(string.Create(invariant, $"{{\"sdk\":\"{sdkName}\",\"cpuSeconds\":{cpu.TotalSeconds:F3},\"wallSeconds\":{wall.TotalSeconds:F3}}}"));
}
else
{
    throw new ArgumentException($"Unknown mode '{mode}': latency or cpu.");
}

async Task RunConcurrently(int count, int concurrency)
{
    var next = -1;
    async Task Caller()
    {
        while (Interlocked.Increment(ref next) < count)
        {
            await Create("pages1_user");
        }
    }

    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(Caller)));
}

async Task Create(string identity)
{
    var request = new AuthKitTokenRequest { Identity = identity, IdentityType = IdentityType.User };
    var token = useBaseline ? await baseline.CreateAsync(request) : await authKit.CreateAsync(request);
    if (token.Rows.Count == 0)
    {
        throw new InvalidOperationException("Empty token.");
    }
}
