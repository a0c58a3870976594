// One identity with 60 connections (another with 200) on a PicaEmulator; one JSON action (Gmail "Send Email",
// bench/Shared/ActionScenario.cs) executed by AuthKit for .NET (ForIdentity(...).ExecuteActionAsync, the
// execute_action tool of CreateAITools, a chat turn through FunctionInvokingChatClient) and by
// @picahq/toolkit 1.0.3 (executeAction, and its `execute` tool from tools(), in tests/node-toolkit, timed
// inside node). Two parts, medians:
// 1. At 20-80 ms per request (seeded), `runs` runs each: time and requests per execution, first call and
//    steady state. Exit code 0 when the steady state takes <= 0.4x the toolkit's time and one request.
// 2. Without latency, `calls` calls each after as many warm-up calls: the per-call cost in steady state,
//    what the tool and a chat turn add to a direct call, and the toolkit's tool on the same server.
// Usage: dotnet run -c Release --project bench/actions/ActionsBench [-- runs [calls]]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AuthKit.Bench;
using Microsoft.Extensions.AI;

var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
var calls = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300;
var toolkitFolder = Path.Combine(FindRoot(), "tests", "node-toolkit");
Run("bash", "install.sh", toolkitFolder, []);

using var scenario = ActionScenario.Start();
var pica = scenario.Pica.WithLatency(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(80));

// The toolkit: every call lists the identity's connections and reads the knowledge again.
var toolkit = Toolkit("execute-action.mjs", "tool", warmup: 0, runs);
var toolkitTool = Toolkit("execute-tool.mjs", "tool", warmup: 0, runs);

// AuthKit for .NET: a new client per first call (nothing cached), then the steady state on that client;
// the same for the tool on another new client.
var direct = new Timings();
var tool = new Timings();
for (var run = 0; run < runs; run++)
{
    var mine = scenario.NewIdentity();
    direct.First.Add(await TimeAsync(() => scenario.ExecuteAsync(mine)));
    direct.Steady.Add(await TimeAsync(() => scenario.ExecuteAsync(mine)));

    var executeTool = ActionScenario.ExecuteTool(scenario.NewIdentity());
    tool.First.Add(await TimeAsync(() => scenario.InvokeAsync(executeTool)));
    tool.Steady.Add(await TimeAsync(() => scenario.InvokeAsync(executeTool)));
}

Print($"one JSON action through an identity with 61 connections, 20-80 ms per request, {runs} runs each (medians)");
Print($"@picahq/toolkit 1.0.3 executeAction:      {toolkit.Ms,9:F1} ms, {toolkit.Requests:F1} requests per execution");
Print($"@picahq/toolkit 1.0.3 tools().execute:    {toolkitTool.Ms,9:F1} ms, {toolkitTool.Requests:F1} requests per call");
Print($"AuthKit for .NET first call:              {direct.First.Ms,9:F1} ms, {direct.First.Requests:F1} requests = {direct.First.Ms / toolkit.Ms:F2}x the toolkit's time");
Print($"AuthKit for .NET steady state:            {direct.Steady.Ms,9:F1} ms, {direct.Steady.Requests:F1} request  = {direct.Steady.Ms / toolkit.Ms:F2}x the toolkit's time (target <= 0.40x)");
Print($"AuthKit for .NET execute_action, first:   {tool.First.Ms,9:F1} ms, {tool.First.Requests:F1} requests = {tool.First.Ms / toolkitTool.Ms:F2}x the toolkit tool's time");
Print($"AuthKit for .NET execute_action, steady:  {tool.Steady.Ms,9:F1} ms, {tool.Steady.Requests:F1} request  = {tool.Steady.Ms / toolkitTool.Ms:F2}x the toolkit tool's time");

// Without latency: what each way costs per call once everything is warm. Ours interleaved, so that a
// busy moment of the machine falls on all three alike.
pica.WithLatency(TimeSpan.Zero, TimeSpan.Zero);
var identity = scenario.NewIdentity();
var warmTool = ActionScenario.ExecuteTool(identity);
var chat = scenario.Chat();
var chatOptions = new ChatOptions { Tools = [warmTool] };
var ours = new Func<Task>[] { () => scenario.ExecuteAsync(identity), () => scenario.InvokeAsync(warmTool), () => ActionScenario.TurnAsync(chat, chatOptions) };
var perCall = ours.Select(_ => new Samples()).ToArray();
for (var call = 0; call < 2 * calls; call++)
{
    for (var way = 0; way < ours.Length; way++)
    {
        var time = await TimeAsync(ours[way]);
        if (call >= calls)
        {
            perCall[way].Add(time);
        }
    }
}

var nodeTool = Toolkit("execute-tool.mjs", "tool", warmup: calls, calls);
var nodeTurn = Toolkit("execute-tool.mjs", "turn", warmup: calls, calls);
var baseline = perCall[0].Ms;
Print($"\nper call in steady state, no latency (the emulator on loopback), {calls} calls each after {calls} warm-up calls (medians)");
Print($"AuthKit for .NET ExecuteActionAsync:                     {perCall[0].Ms,8:F3} ms, {perCall[0].Requests:F1} request   1.00x");
Print($"AuthKit for .NET execute_action tool (AIFunction):       {perCall[1].Ms,8:F3} ms, {perCall[1].Requests:F1} request   {perCall[1].Ms / baseline:F2}x");
Print($"AuthKit for .NET chat turn (FunctionInvokingChatClient): {perCall[2].Ms,8:F3} ms, {perCall[2].Requests:F1} request   {perCall[2].Ms / baseline:F2}x");
Print($"@picahq/toolkit 1.0.3 tools().execute:                   {nodeTool.Ms,8:F3} ms, {nodeTool.Requests:F1} requests  {nodeTool.Ms / baseline:F2}x");
Print($"@picahq/toolkit 1.0.3 chat turn (AI SDK generateText):   {nodeTurn.Ms,8:F3} ms, {nodeTurn.Requests:F1} requests  {nodeTurn.Ms / baseline:F2}x");
return direct.Steady.Ms / toolkit.Ms <= 0.4 && direct.Steady.Requests == 1 && tool.Steady.Requests == 1 ? 0 : 1;

// Times one call and counts the requests it made.
async Task<(double Ms, int Requests)> TimeAsync(Func<Task> call)
{
    pica.ClearReceivedRequests();
    var started = Stopwatch.GetTimestamp();
    await call();
    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    return (elapsed, pica.ReceivedRequests.Count);
}

// One of the toolkit's scripts, warm-up then timed runs inside one node process.
Samples Toolkit(string script, string mode, int warmup, int timed)
{
    pica.ClearReceivedRequests();
    var output = Run("node", script, toolkitFolder, new()
    {
        ["PICA_BASE_URL"] = pica.Url.ToString().TrimEnd('/'),
        ["PICA_SECRET"] = pica.SecretKey,
        ["PICA_IDENTITY"] = ActionScenario.Identity,
        ["PICA_IDENTITY_TYPE"] = "user",
        ["PICA_WARMUP"] = warmup.ToString(CultureInfo.InvariantCulture),
        ["PICA_RUNS"] = timed.ToString(CultureInfo.InvariantCulture),
        ["PICA_MODE"] = mode,
        ["PICA_ACTION"] = scenario.ToolkitArguments.ToJsonString(),
    });
    var result = JsonNode.Parse(output)!;
    if (!(bool)result["success"]!)
    {
        throw new InvalidOperationException($"The toolkit's {script} ({mode}) failed.");
    }

    var samples = new Samples { RequestTotal = (double)pica.ReceivedRequests.Count / (warmup + timed) };
    samples.Times.AddRange(result["timingsMs"]!.AsArray().Select(t => (double)t!));
    return samples;
}

static void Print(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));

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

// Times of one way of executing, with the most requests one call made (or the toolkit's mean).
internal sealed class Samples
{
    public List<double> Times { get; } = [];

    public double? RequestTotal { get; init; }

    private int _maxRequests;

    public double Ms
    {
        get
        {
            var sorted = Times.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }

    public double Requests => RequestTotal ?? _maxRequests;

    public void Add((double Ms, int Requests) sample)
    {
        Times.Add(sample.Ms);
        _maxRequests = Math.Max(_maxRequests, sample.Requests);
    }
}

// A first call and the steady state.
internal sealed class Timings
{
    public Samples First { get; } = new();

    public Samples Steady { get; } = new();
}
