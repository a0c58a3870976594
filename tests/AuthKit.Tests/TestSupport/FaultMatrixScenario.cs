using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using WireMock.ResponseBuilders;

namespace AuthKit.Tests.TestSupport;

/// <summary>
/// A token of 5 pages (PageSize 1) whose flags say white-label, with one <see cref="FaultTarget"/>
/// answered by a chosen sequence of answers and every other call answered normally.
/// </summary>
internal sealed class FaultMatrixScenario : IDisposable
{
    public const int PageCount = 5;
    public const int LaterPage = 3;

    private readonly ILoggerFactory _loggerFactory;

    public FaultMatrixScenario(FaultTarget target, int seed = 31)
    {
        Target = target;
        Rows = ConnectionFaker.Rows(PageCount, seed);
        Pages = ConnectionFaker.Pages(Rows, pageSize: 1);
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
    }

    public FaultTarget Target { get; }

    public PicaStub Pica { get; } = new();

    public JsonArray Rows { get; }

    public List<JsonObject> Pages { get; }

    public FakeLoggerProvider Logs { get; } = new();

    /// <summary>The page the fault hits, or null for the flags call.</summary>
    public int? FaultedPage => Target switch
    {
        FaultTarget.FirstPage => 1,
        FaultTarget.LaterPage => LaterPage,
        _ => null,
    };

    /// <summary>The answer the target gives when all is well.</summary>
    public IResponseBuilder Good => FaultedPage is { } page
        ? PicaStub.Json(Pages[page - 1].ToJsonString())
        : PicaStub.Json("""{"accessList":[],"authkitWhitelist":true,"earlyAccess":[],"completedQuickstart":true}""");

    /// <summary>The proxy-side match of the target's requests.</summary>
    public Func<string, bool> ProxyMatch => FaultedPage is { } page ? FaultProxy.Page(page) : FaultProxy.Flags;

    /// <summary>Serves the target with <paramref name="answers"/> in turn (the last repeats), the rest normally.</summary>
    public void Serve(params IResponseBuilder[] answers)
    {
        for (var page = 1; page <= PageCount; page++)
        {
            if (page == FaultedPage)
            {
                Pica.PageSequence(page, answers);
            }
            else
            {
                Pica.Page(page, PicaStub.Json(Pages[page - 1].ToJsonString()));
            }
        }

        if (Target == FaultTarget.Flags)
        {
            Pica.FlagsSequence(answers);
        }
        else
        {
            Pica.Flags(true);
        }
    }

    /// <summary>
    /// A client with PageSize 1. The flags' grace period is long unless told otherwise, so that a
    /// retried flags call is waited for and its outcome (and request count) is deterministic.
    /// </summary>
    public AuthKitToken Client(Action<AuthKitOptions>? configure = null, Uri? baseUrl = null) =>
        Pica.Client(o =>
        {
            o.PageSize = 1;
            o.FlagsGracePeriod = TimeSpan.FromSeconds(10);
            if (baseUrl is not null)
            {
                o.BaseUrl = baseUrl;
            }

            configure?.Invoke(o);
        }, _loggerFactory);

    /// <summary>How many requests the server saw for the target, waiting up to 10 s for <paramref name="expected"/>.</summary>
    public async Task<int> SeenAsync(int expected) => (await RequestsAsync(expected)).Count;

    /// <summary>The target's requests as the server logged them (arrival time order), waiting up to 10 s for <paramref name="expected"/>.</summary>
    public Task<IReadOnlyList<WireMock.IRequestMessage>> RequestsAsync(int expected)
    {
        var page = FaultedPage;
        return Pica.WaitForRequestsAsync(
            r => page is { } p ? r.Path == "/v1/authkit" && PicaStub.PageOf(r) == p : r.Path == "/v1/users/flags",
            expected);
    }

    public int WhiteLabelFallbacks => Logs.Collector.GetSnapshot().Count(r => r.Id.Id == 3);

    /// <summary>
    /// The waits the SDK scheduled before its retries, in ms (RetryScheduled's DelayMs): what it
    /// decided to wait, which no load on the machine changes, unlike the time it took.
    /// </summary>
    public IReadOnlyList<double> ScheduledRetryDelays => Logs.Collector.GetSnapshot()
        .Where(r => r.Id.Id == 2)
        .Select(r => double.Parse(r.GetStructuredStateValue("DelayMs")!, System.Globalization.CultureInfo.InvariantCulture))
        .ToList();

    /// <summary>Asserts the token is the 5 rows in order, merged as the Node SDK merges them.</summary>
    public void AssertToken(AuthKitTokenResponse token, bool isWhiteLabel)
    {
        var expected = new JsonObject
        {
            ["rows"] = Rows.DeepClone(),
            ["total"] = PageCount,
            ["pages"] = 1,
            ["page"] = 1,
            ["requestId"] = Pages[^1]["requestId"]!.DeepClone(),
            ["isWhiteLabel"] = isWhiteLabel,
        };
        var actual = JsonSerializer.SerializeToNode(token, JsonSerializerOptions.Web)!;
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}\n   actual {actual.ToJsonString()}");
    }

    public void Dispose()
    {
        _loggerFactory.Dispose();
        Pica.Dispose();
    }
}
