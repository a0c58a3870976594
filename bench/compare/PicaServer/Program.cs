using System.Collections.Concurrent;
using System.Globalization;
using AuthKit.Bench;
using AuthKit.Compare.Server;

// Pica's two endpoints for the side-by-side comparison, on 127.0.0.1 only. Every request waits a
// latency drawn uniformly from [min, max] ms (seeded), then answers canned pages of 100 rows.
// The page count of a token comes from the identity: "pages20_…" gets 20 pages, anything else 1.
//   dotnet PicaServer.dll --port 5099 --min 40 --max 60 --seed 1
// POST /_bench/latency?min=20&max=80 changes the latency between workloads.
// GET /_bench/requests counts the requests to Pica's endpoints so far (the clients read it before and
// after their measured window, so each reports its own requests per token).
var settings = ServerSettings.Parse(args);
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls($"http://127.0.0.1:{settings.Port}");
var app = builder.Build();

var latency = new LatencyDrawer(settings.MinMs, settings.MaxMs, settings.Seed);
var tokens = new ConcurrentDictionary<int, CannedPica>();
var counts = new RequestCounts();

app.MapGet("/v1/users/flags", async (HttpContext http) =>
{
    counts.Flags();
    if (!Authorised(http))
    {
        return Results.Unauthorized();
    }

    await latency.WaitAsync(http.RequestAborted);
    return Results.Bytes(tokens.GetOrAdd(1, static n => new CannedPica(n, 100)).Flags, "application/json");
});

app.MapPost("/v1/authkit", async (HttpContext http, int? page) =>
{
    counts.Page();
    if (!Authorised(http))
    {
        return Results.Unauthorized();
    }

    using var body = await System.Text.Json.JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
    var identity = body.RootElement.TryGetProperty("identity", out var id) ? id.GetString() : null;
    var pages = PagesOf(identity);
    await latency.WaitAsync(http.RequestAborted);
    return Results.Bytes(tokens.GetOrAdd(pages, static n => new CannedPica(n, 100)).Page(page ?? 1), "application/json");
});

app.MapPost("/_bench/latency", (int min, int max) =>
{
    latency.Set(min, max);
    return Results.Ok(new { min, max });
});

app.MapGet("/_bench/ready", () => Results.Ok());

app.MapGet("/_bench/requests", () => Results.Text(counts.Json(), "application/json"));

await app.RunAsync();

static bool Authorised(HttpContext http) =>
    http.Request.Headers.TryGetValue("X-Pica-Secret", out var key) && key.ToString().StartsWith("sk_", StringComparison.Ordinal);

static int PagesOf(string? identity)
{
    if (identity is null || !identity.StartsWith("pages", StringComparison.Ordinal))
    {
        return 1;
    }

    var end = identity.IndexOf('_', StringComparison.Ordinal);
    return int.TryParse(identity.AsSpan(5, (end < 0 ? identity.Length : end) - 5), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 1000 ? n : 1;
}
