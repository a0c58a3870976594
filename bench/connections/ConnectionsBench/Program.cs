// One identity with 1,000 connections behind a PicaEmulator answering each request in 20-80 ms (seeded),
// listed by @picahq/toolkit 1.0.3 (tests/node-toolkit/list-connections.mjs, timed inside node) and by
// IPicaConnections.ForIdentity(...).ListAsync, alternately, in one run. Prints the medians and the ratios.
// Usage: dotnet run -c Release --project bench/connections/ConnectionsBench [-- runs]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AuthKit;
using AuthKit.Testing;

var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
var root = FindRoot();
var toolkitFolder = Path.Combine(root, "tests", "node-toolkit");
Run("bash", "install.sh", toolkitFolder, []);

using var pica = PicaEmulator.Start(new PicaEmulatorOptions { LatencySeed = 42 })
    .SeedVaultConnections("user_other", IdentityType.User, 200, seed: 7) // another identity's, filtered out by Pica
    .WithLatency(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(80));
string[] platforms = ["gmail", "slack", "hubspot", "notion", "github"];
for (var i = 0; i < 1000; i++)
{
    pica.Connect("user_bench", IdentityType.User, platforms[i % platforms.Length]);
}

var active = pica.VaultConnections.Count(c => c.Active && c.Identity == "user_bench");
var client = new PicaConnections(pica.CreateOptions()).ForIdentity("user_bench", IdentityType.User);

var toolkitTotals = new List<double>();
var oursTotals = new List<double>();
var oursFirsts = new List<double>();
for (var run = 0; run < runs; run++)
{
    var output = Run("node", "list-connections.mjs", toolkitFolder, new()
    {
        ["PICA_BASE_URL"] = pica.Url.ToString().TrimEnd('/'),
        ["PICA_SECRET"] = pica.SecretKey,
        ["PICA_IDENTITY"] = "user_bench",
        ["PICA_IDENTITY_TYPE"] = "user",
    });
    var result = JsonNode.Parse(output)!;
    Check(result["rows"]!.AsArray().Count, active, "toolkit");
    toolkitTotals.Add((double)result["timingsMs"]![0]!);

    var started = Stopwatch.GetTimestamp();
    double? first = null;
    var count = 0;
    await foreach (var _ in client.ListAsync())
    {
        first ??= Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        count++;
    }

    oursTotals.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    oursFirsts.Add(first ?? double.NaN);
    Check(count, active, "AuthKit for .NET");
}

var toolkit = Median(toolkitTotals);
var total = Median(oursTotals);
var firstIn = Median(oursFirsts);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{active} connections, {(active + 99) / 100} pages of 100, 20-80 ms per request, {runs} runs each (medians)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"@picahq/toolkit 1.0.3 total:          {toolkit,8:F1} ms (first connection = total: it returns the whole list)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"AuthKit for .NET total:               {total,8:F1} ms  = {total / toolkit:F2}x the toolkit's (target <= 0.50x)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"AuthKit for .NET first connection in: {firstIn,8:F1} ms  = {firstIn / toolkit:F2}x the toolkit's total (target <= 0.20x)"));
return total / toolkit <= 0.5 && firstIn / toolkit <= 0.2 ? 0 : 1;

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static void Check(int got, int expected, string who)
{
    if (got != expected)
    {
        throw new InvalidOperationException($"{who} listed {got} connections, expected {expected}.");
    }
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
