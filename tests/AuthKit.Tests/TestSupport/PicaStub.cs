using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace AuthKit.Tests.TestSupport;

/// <summary>A real HTTP server (WireMock.Net, in process) playing Pica's AuthKit API.</summary>
internal sealed class PicaStub : IDisposable
{
    public const string SecretKey = "sk_test_51Hx9wiremockSecret0123456789";

    private int _scenarios;

    public PicaStub()
    {
        Server = WireMockServer.Start();
        NewServer.At(Url);
    }

    /// <summary>A stub with its own settings, e.g. a capped request log for long load runs.</summary>
    public PicaStub(WireMock.Settings.WireMockServerSettings settings)
    {
        Server = WireMockServer.Start(settings);
        NewServer.At(Url);
    }

    public WireMockServer Server { get; }

    public Uri Url => new(Server.Urls[0]);

    /// <summary>Options pointing at the stub, with short retry delays so retry tests stay fast.</summary>
    public AuthKitOptions Options(Action<AuthKitOptions>? configure = null)
    {
        var options = new AuthKitOptions
        {
            SecretKey = SecretKey,
            BaseUrl = Url,
            RetryDelay = TimeSpan.FromMilliseconds(10),
            Timeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return options;
    }

    public AuthKitToken Client(Action<AuthKitOptions>? configure = null, ILoggerFactory? loggerFactory = null) =>
        new(Options(configure), loggerFactory);

    /// <summary>Serves the pages of <paramref name="rows"/> and the flags; returns the page answers.</summary>
    public List<JsonObject> ServeRows(JsonArray rows, int pageSize = 100, bool whiteLabel = true)
    {
        var pages = ConnectionFaker.Pages(rows, pageSize);
        for (var i = 0; i < pages.Count; i++)
        {
            Page(i + 1, Json(pages[i].ToJsonString()));
        }

        Flags(whiteLabel);
        return pages;
    }

    public void Page(int page, IResponseBuilder response) =>
        Server.Given(PageRequest(page)).RespondWith(response);

    public void Flags(bool whiteLabel) =>
        Flags(Json($$"""{"accessList":[],"authkitWhitelist":{{(whiteLabel ? "true" : "false")}},"earlyAccess":[],"completedQuickstart":true}"""));

    public void Flags(IResponseBuilder response) =>
        Server.Given(FlagsRequest()).RespondWith(response);

    /// <summary>Answers page <paramref name="page"/> with each response in turn; the last one repeats.</summary>
    public void PageSequence(int page, params IResponseBuilder[] responses) => Sequence(PageRequest(page), responses);

    /// <summary>Answers the flags call with each response in turn; the last one repeats.</summary>
    public void FlagsSequence(params IResponseBuilder[] responses) => Sequence(FlagsRequest(), responses);

    public IReadOnlyList<IRequestMessage> Requests =>
        Server.LogEntries.Select(e => e.RequestMessage!).OrderBy(r => r.DateTime).ToList();

    public IReadOnlyList<IRequestMessage> PageRequests(int? page = null) =>
        Requests.Where(r => r.Path == "/v1/authkit" && (page is null || PageOf(r) == page)).ToList();

    public IReadOnlyList<IRequestMessage> FlagsRequests =>
        Requests.Where(r => r.Path == "/v1/users/flags").ToList();

    /// <summary>
    /// Waits until <paramref name="count"/> requests match: WireMock logs a request when its answer
    /// goes out, so a delayed answer the client gave up on appears late.
    /// </summary>
    public async Task<IReadOnlyList<IRequestMessage>> WaitForRequestsAsync(Func<IRequestMessage, bool> match, int count, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            var seen = Requests.Where(match).ToList();
            if (seen.Count >= count || DateTime.UtcNow > deadline)
            {
                return seen;
            }

            await Task.Delay(25);
        }
    }

    public static int PageOf(IRequestMessage request) =>
        int.Parse(request.Query!["page"][0], CultureInfo.InvariantCulture);

    public static IResponseBuilder Json(string body, int status = 200) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);

    public void Dispose() => Server.Stop();

    private static IRequestBuilder PageRequest(int page) =>
        Request.Create().WithPath("/v1/authkit").UsingPost().WithParam("page", page.ToString(CultureInfo.InvariantCulture));

    private static IRequestBuilder FlagsRequest() => Request.Create().WithPath("/v1/users/flags").UsingGet();

    private void Sequence(IRequestBuilder request, IResponseBuilder[] responses)
    {
        var scenario = $"sequence-{Interlocked.Increment(ref _scenarios)}";
        for (var i = 0; i < responses.Length; i++)
        {
            var mapping = Server.Given(request).InScenario(scenario);
            if (i > 0)
            {
                mapping = mapping.WhenStateIs($"step{i}");
            }

            if (i < responses.Length - 1)
            {
                mapping = mapping.WillSetStateTo($"step{i + 1}");
            }

            mapping.RespondWith(responses[i]);
        }
    }
}
