using System.Diagnostics;
using System.Globalization;
using AuthKit;

// AuthKit for .NET's side of bench/compare/run.sh (node/client.mjs is the Node SDK's side; same
// arguments, same JSON out):
//   latency <baseUrl> <pages> <count> <warmup>        one token at a time; ms per token
//   cpu <baseUrl> <count> <concurrency> <warmup>      client process CPU seconds for <count> tokens
//   AUTHKIT_CLIENT=baseline                          the hand-written HttpClient + STJ client instead of the SDK
//   AUTHKIT_WHITE_LABEL_CACHE_SECONDS=0              the SDK with the white-label cache off
// Both print the requests the server received during the measured window ("requests": pages and flags calls).
var mode = args[0];
var baseUrl = new Uri(args[1]);
const string SecretKey = "sk_test_compare_0123456789";
var useBaseline = Environment.GetEnvironmentVariable("AUTHKIT_CLIENT") == "baseline";
var sdkName = useBaseline ? "dotnet-baseline" : "dotnet";
// AUTHKIT_WHITE_LABEL_CACHE_SECONDS=0: the flag read for every token, as before issue 10 (the dotnet-nocache variant).
var cacheSeconds = Environment.GetEnvironmentVariable("AUTHKIT_WHITE_LABEL_CACHE_SECONDS");
var options = new AuthKitOptions { SecretKey = SecretKey, BaseUrl = baseUrl };
if (cacheSeconds is not null)
{
    options.WhiteLabelCacheDuration = TimeSpan.FromSeconds(int.Parse(cacheSeconds, CultureInfo.InvariantCulture));
}

var authKit = new AuthKitToken(options);
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
    var requestsBefore = await ServerRequests();
    for (var i = 0; i < count; i++)
    {
        var started = Stopwatch.GetTimestamp();
        await Create(identity);
        samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    var requests = (await ServerRequests()).Minus(requestsBefore);
    Console.WriteLine($"{{\"sdk\":\"{sdkName}\",\"ms\":[{string.Join(',', samples.Select(s => s.ToString("F3", invariant)))}],{requests.Json(count)}}}");
}
else if (mode == "cpu")
{
    var count = int.Parse(args[2], invariant);
    var concurrency = int.Parse(args[3], invariant);
    var warmup = int.Parse(args[4], invariant);
    await RunConcurrently(warmup, concurrency);

    var process = Process.GetCurrentProcess();
    process.Refresh();
    var requestsBefore = await ServerRequests();
    var workItemsBefore = ThreadPool.CompletedWorkItemCount;
    var cpuBefore = process.TotalProcessorTime;
    var started = Stopwatch.GetTimestamp();
    await RunConcurrently(count, concurrency);
    var wall = Stopwatch.GetElapsedTime(started);
    process.Refresh();
    var cpu = process.TotalProcessorTime - cpuBefore;
    var workItems = ThreadPool.CompletedWorkItemCount - workItemsBefore;
    var requests = (await ServerRequests()).Minus(requestsBefore);
    Console.WriteLine(string.Create(invariant,
        $"{{\"sdk\":\"{sdkName}\",\"cpuSeconds\":{cpu.TotalSeconds:F3},\"wallSeconds\":{wall.TotalSeconds:F3},\"threadPool\":{{\"workItemsPerToken\":{workItems / (double)count:F2},\"threads\":{ThreadPool.ThreadCount}}},{requests.Json(count)}}}"));
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

// Outside the measured CPU time of the tokens' own requests: one GET before and one after the window.
async Task<ServerRequestCounts> ServerRequests()
{
    using var http = new HttpClient();
    using var json = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri(baseUrl, "/_bench/requests")));
    return new ServerRequestCounts(json.RootElement.GetProperty("pages").GetInt64(), json.RootElement.GetProperty("flags").GetInt64());
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

/// <summary>Requests the bench server received: pages and flags calls.</summary>
internal readonly record struct ServerRequestCounts(long Pages, long Flags)
{
    public ServerRequestCounts Minus(ServerRequestCounts before) => new(Pages - before.Pages, Flags - before.Flags);

    public string Json(int tokens) => string.Create(CultureInfo.InvariantCulture,
        $"\"requests\":{{\"pages\":{Pages},\"flags\":{Flags},\"perToken\":{(Pages + Flags) / (double)tokens:F3}}}");
}
