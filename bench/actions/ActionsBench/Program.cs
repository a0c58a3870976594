// One identity with 60 connections (another with 200) behind a PicaEmulator answering each request in
// 20-80 ms (seeded); one JSON action (Gmail "Send Email") executed by @picahq/toolkit 1.0.3
// (tests/node-toolkit/execute-action.mjs, timed inside node) and by ForIdentity(...).ExecuteActionAsync.
// Prints requests and time per execution (medians), first call and steady state, and the ratios.
// Usage: dotnet run -c Release --project bench/actions/ActionsBench [-- runs]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AuthKit;
using AuthKit.Testing;

var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
var root = FindRoot();
var toolkitFolder = Path.Combine(root, "tests", "node-toolkit");
if (!Directory.Exists(Path.Combine(toolkitFolder, "node_modules", "@picahq", "toolkit")))
{
    Run("npm", "ci --no-audit --no-fund --ignore-scripts --omit=peer", toolkitFolder, []);
}

using var pica = PicaEmulator.Start(new PicaEmulatorOptions { LatencySeed = 42 })
    .SeedVaultConnections("user_other", IdentityType.User, 200, seed: 7)
    .SeedVaultConnections("user_bench", IdentityType.User, 60, seed: 8)
    .WithLatency(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(80));
var gmail = pica.Connect("user_bench", IdentityType.User, "gmail");
var data = new JsonObject { ["raw"] = "U3ViamVjdDogaGk", ["threadId"] = "t1" };
var input = new PicaActionInput { PathVariables = new Dictionary<string, string> { ["userId"] = "me" }, Json = data };

// The toolkit: every run lists the identity's connections and reads the knowledge again.
pica.ClearReceivedRequests();
var output = Run("node", "execute-action.mjs", toolkitFolder, new()
{
    ["PICA_BASE_URL"] = pica.Url.ToString().TrimEnd('/'),
    ["PICA_SECRET"] = pica.SecretKey,
    ["PICA_IDENTITY"] = "user_bench",
    ["PICA_IDENTITY_TYPE"] = "user",
    ["PICA_RUNS"] = runs.ToString(CultureInfo.InvariantCulture),
    ["PICA_ACTION"] = new JsonObject
    {
        ["actionSystemId"] = PicaEmulator.GmailSendEmailAction,
        ["connectionKey"] = gmail.Key,
        ["data"] = data.DeepClone(),
        ["pathVariables"] = new JsonObject { ["userId"] = "me" },
    }.ToJsonString(),
});
var toolkitResult = JsonNode.Parse(output)!;
if (!(bool)toolkitResult["success"]!)
{
    throw new InvalidOperationException("The toolkit's execution failed.");
}

var toolkitTimes = toolkitResult["timingsMs"]!.AsArray().Select(t => (double)t!).ToList();
var toolkitRequests = (double)pica.ReceivedRequests.Count / runs;

// AuthKit for .NET: a new client per first call (nothing cached), then the steady state on one client.
var firstTimes = new List<double>();
var firstRequests = 0;
var steadyTimes = new List<double>();
var steadyRequests = 0;
for (var run = 0; run < runs; run++)
{
    var mine = new PicaConnections(pica.CreateOptions()).ForIdentity("user_bench", IdentityType.User);
    pica.ClearReceivedRequests();
    firstTimes.Add(await TimeAsync(mine));
    firstRequests = Math.Max(firstRequests, pica.ReceivedRequests.Count);

    pica.ClearReceivedRequests();
    steadyTimes.Add(await TimeAsync(mine));
    steadyRequests = Math.Max(steadyRequests, pica.ReceivedRequests.Count);
}

var toolkit = Median(toolkitTimes);
var first = Median(firstTimes);
var steady = Median(steadyTimes);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"one JSON action through an identity with 61 connections, 20-80 ms per request, {runs} runs each (medians)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"@picahq/toolkit 1.0.3 executeAction:      {toolkit,8:F1} ms, {toolkitRequests:F1} requests per execution"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"AuthKit for .NET first call:            {first,8:F1} ms, {firstRequests} requests  = {first / toolkit:F2}x the toolkit's time"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"AuthKit for .NET steady state:          {steady,8:F1} ms, {steadyRequests} request   = {steady / toolkit:F2}x the toolkit's time (target <= 0.40x)"));
return steady / toolkit <= 0.4 && steadyRequests == 1 ? 0 : 1;

async Task<double> TimeAsync(IPicaIdentityConnections mine)
{
    var started = Stopwatch.GetTimestamp();
    using var result = await mine.ExecuteActionAsync(gmail.Key, PicaEmulator.GmailSendEmailAction, input);
    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    return result.IsSuccessStatusCode ? elapsed : throw new InvalidOperationException($"The execution answered HTTP {(int)result.StatusCode}.");
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static string Run(string file, string arguments, string folder, Dictionary<string, string> environment)
{
    var start = new ProcessStartInfo(file, arguments) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var (name, value) in environment)
    {
        start.Environment[name] = value;
    }

    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEndAsync();
    process.WaitForExit();
    return process.ExitCode == 0 ? output.Result : throw new InvalidOperationException($"{file} {arguments} exited {process.ExitCode}: {error.Result}");
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "AuthKit.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("AuthKit.sln not found.");
}
