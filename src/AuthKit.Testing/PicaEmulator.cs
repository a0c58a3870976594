using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using AuthKit.Testing.Internal;
using WireMock;
using WireMock.Logging;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMock.Types;

namespace AuthKit.Testing;

/// <summary>
/// An in-process Pica AuthKit API on 127.0.0.1 for integration tests: it answers
/// <c>POST /v1/authkit</c> (pages of seeded connections) and <c>GET /v1/users/flags</c> as Pica does,
/// refuses any key but its own with 401, and can add latency and faults. Thread-safe; configure it
/// at any time, also while requests are in flight.
/// </summary>
/// <remarks>
/// Paging: with <c>L</c> = <c>limit</c> and <c>T</c> connections, page <c>P</c> holds rows
/// <c>[(P-1)·L, P·L)</c>, <c>total</c> is <c>T</c> and <c>pages</c> is <c>ceil(T / L)</c>: 0 for an empty
/// set (page 1 of an empty set is still answered, with no rows). A page past the last is answered with
/// no rows. Each page answered gets the next <c>requestId</c>, starting at <see cref="PicaEmulatorOptions.FirstRequestId"/>.
/// The key is checked before faults are applied: a wrong key always gets 401 and consumes no fault.
/// </remarks>
/// <example>
/// <code>
/// using var pica = PicaEmulator.Start().SeedConnections(250);
/// var authKit = new AuthKitToken(pica.CreateOptions());
/// var token = await authKit.CreateAsync("user_123", IdentityType.User);   // 250 rows, from 3 pages
/// </code>
/// </example>
public sealed partial class PicaEmulator : IDisposable
{
    /// <summary>The header that carries the secret key on Pica; on One it is <c>X-One-Secret</c> (<see cref="Dialect"/>).</summary>
    public const string SecretHeaderName = "X-Pica-Secret";

    private const string FlagsPath = "/v1/users/flags";
    private const int FlagsTarget = 0; // pages start at 1, so 0 is free for the flags call in the fault schedule

    private static readonly Regex TestKey = new(@"^sk_test_[\x21-\x7E]+$", RegexOptions.CultureInvariant);
    private static readonly HashSet<string> IdentityTypes = ["user", "team", "organization", "project"];

    private readonly WireMockServer _server;
    private readonly FaultSchedule _faults = new();
    private readonly ConcurrentQueue<PicaEmulatorRequest> _received = new();
    private readonly object _latencyGate = new();
    private readonly Random _latencyRandom;
    private readonly Action<PicaEmulatorRequest>? _requestReceived;
    private readonly AuthKitPlatformDialect _dialect;

    // Cancelled by Dispose: the server's stop waits for the answers in flight, which must not sit out a
    // scripted latency (or a Slow fault) whose client has long gone. Never disposed: an answer still
    // finishing may read its token.
    private readonly CancellationTokenSource _stopping = new();
    private TimeSpan _minLatency;
    private TimeSpan _maxLatency;
    private volatile Dataset _data = Dataset.Empty;
    private volatile bool _whiteLabel;
    private long _sequence;
    private long _lastRequestId;
    private int _disposed;

    private PicaEmulator(WireMockServer server, Uri url, PicaEmulatorOptions options)
    {
        _server = server;
        Url = url;
        SecretKey = options.SecretKey;
        _latencyRandom = new Random(options.LatencySeed);
        _requestReceived = options.RequestReceived;
        _lastRequestId = options.FirstRequestId - 1;
        _dialect = AuthKitPlatformDialect.For(options.Platform);
    }

    /// <summary>The platform whose dialect the emulator speaks (<see cref="PicaEmulatorOptions.Platform"/>).</summary>
    public AuthKitPlatform Platform => _dialect.Platform;

    /// <summary>What the emulator's platform names differently: its secret header, token path, passthrough headers.</summary>
    public AuthKitPlatformDialect Dialect => _dialect;

    /// <summary>The emulator's base address, e.g. <c>http://127.0.0.1:54321/</c>; use it as <see cref="AuthKitOptions.BaseUrl"/>.</summary>
    public Uri Url { get; }

    /// <summary>The one secret key the emulator accepts (a test key, <c>sk_test_…</c>).</summary>
    public string SecretKey { get; }

    /// <summary>The connections currently served, in page order (empty until <see cref="SeedConnections"/>).</summary>
    public IReadOnlyList<AuthKitConnection> Connections => Served(_data.Rows, AnswerShape);

    /// <summary>The <c>authkitWhitelist</c> flag served by <c>GET /v1/users/flags</c>. Default <see langword="false"/>.</summary>
    public bool IsWhiteLabel => _whiteLabel;

    /// <summary>Every request received so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<PicaEmulatorRequest> ReceivedRequests => [.. _received.OrderBy(r => r.Sequence)];

    /// <summary>Starts an emulator on 127.0.0.1, on a free port unless <see cref="PicaEmulatorOptions.Port"/> says otherwise.</summary>
    /// <param name="options">The settings; <see langword="null"/> for the defaults.</param>
    /// <returns>The running emulator, with no connections seeded. Dispose it to stop it.</returns>
    /// <exception cref="ArgumentException">The options are invalid (e.g. the key is not a test key).</exception>
    public static PicaEmulator Start(PicaEmulatorOptions? options = null)
    {
        options ??= new PicaEmulatorOptions();
        if (options.SecretKey is null || !TestKey.IsMatch(options.SecretKey))
        {
            throw new ArgumentException("PicaEmulatorOptions.SecretKey must be a test key: 'sk_test_' followed by visible ASCII characters.", nameof(options));
        }

        if (!Enum.IsDefined(options.Platform))
        {
            throw new ArgumentException("PicaEmulatorOptions.Platform must be Pica or One.", nameof(options));
        }

        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentException("PicaEmulatorOptions.Port must be between 0 and 65535.", nameof(options));
        }

        // A free port found here can be taken by someone else before WireMock binds it: try a few.
        var attempts = options.Port == 0 ? 5 : 1;
        for (var attempt = 1; ; attempt++)
        {
            var port = options.Port == 0 ? FreeLoopbackPort() : options.Port;
            try
            {
                return Start(options, port);
            }
            catch (Exception) when (attempt < attempts)
            {
            }
        }
    }

    /// <summary>
    /// Options pointing at this emulator with its <see cref="SecretKey"/> and <see cref="Platform"/>, and
    /// <see cref="AuthKitOptions.WhiteLabelCacheDuration"/> zero: every token reads the flag, so that
    /// <see cref="WithWhiteLabel"/> shows on the next token. The SDK otherwise keeps an account's flag for
    /// the whole process, per base URL and key, and a later emulator on the same port with the same key
    /// would get this one's flag. The other settings are the defaults; change them freely.
    /// </summary>
    /// <returns>A new options instance.</returns>
    public AuthKitOptions CreateOptions() => new() { Platform = Platform, BaseUrl = Url, SecretKey = SecretKey, WhiteLabelCacheDuration = TimeSpan.Zero };

    /// <summary>Replaces the connections with <paramref name="count"/> fake ones; the same seed gives the same rows.</summary>
    /// <param name="count">How many connections, 0 or more.</param>
    /// <param name="seed">Seed of the fake data.</param>
    /// <returns>This emulator.</returns>
    public PicaEmulator SeedConnections(int count, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _data = new Dataset(ConnectionFaker.Generate(count, seed));
        return this;
    }

    /// <summary>
    /// Sets the <c>authkitWhitelist</c> flag served by <c>GET /v1/users/flags</c>. A client that caches the
    /// flag (<see cref="AuthKitOptions.WhiteLabelCacheDuration"/>, 5 minutes by default; zero with
    /// <see cref="CreateOptions"/>) sees a change once its cached flag expires.
    /// </summary>
    /// <param name="whiteLabel">The flag.</param>
    /// <returns>This emulator.</returns>
    public PicaEmulator WithWhiteLabel(bool whiteLabel = true)
    {
        _whiteLabel = whiteLabel;
        return this;
    }

    /// <summary>
    /// Delays every answer (wrong keys and faults included) by a time drawn uniformly from
    /// [<paramref name="min"/>, <paramref name="max"/>], from a generator seeded with
    /// <see cref="PicaEmulatorOptions.LatencySeed"/>. <c>WithLatency(TimeSpan.Zero, TimeSpan.Zero)</c> removes it.
    /// </summary>
    /// <param name="min">Shortest delay, zero or more.</param>
    /// <param name="max">Longest delay, at least <paramref name="min"/>.</param>
    /// <returns>This emulator.</returns>
    public PicaEmulator WithLatency(TimeSpan min, TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(min, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        lock (_latencyGate)
        {
            _minLatency = min;
            _maxLatency = max;
        }

        return this;
    }

    /// <summary>
    /// Serves <paramref name="fault"/> to the next <paramref name="times"/> requests for page
    /// <paramref name="page"/> that carry the right key. Faults scheduled for the same page are
    /// served one after another in the order scheduled.
    /// </summary>
    /// <param name="page">The page, from 1.</param>
    /// <param name="fault">The fault.</param>
    /// <param name="times">How many requests it hits; <see cref="int.MaxValue"/> for all of them.</param>
    /// <returns>This emulator.</returns>
    public PicaEmulator FailPage(int page, PicaFault fault, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        _faults.Add(page, fault, times);
        return this;
    }

    /// <summary>Serves <paramref name="fault"/> to the next <paramref name="times"/> flags requests that carry the right key.</summary>
    /// <param name="fault">The fault.</param>
    /// <param name="times">How many requests it hits; <see cref="int.MaxValue"/> for all of them.</param>
    /// <returns>This emulator.</returns>
    public PicaEmulator FailFlags(PicaFault fault, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        _faults.Add(FlagsTarget, fault, times);
        return this;
    }

    /// <summary>Drops every fault not served yet.</summary>
    /// <returns>This emulator.</returns>
    public PicaEmulator ClearFaults()
    {
        _faults.Clear();
        return this;
    }

    /// <summary>Forgets the requests received so far (<see cref="ReceivedRequests"/> starts empty again).</summary>
    public void ClearReceivedRequests() => _received.Clear();

    /// <summary>Stops the server. Requests in flight may fail.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Cancel();
            _server.Stop();
            _server.Dispose();
        }
    }

    /// <summary>Describes the emulator without its key, e.g. <c>PicaEmulator http://127.0.0.1:54321/ (12 connections)</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"PicaEmulator {Url} ({_data.Rows.Count} connections)";

    private static PicaEmulator Start(PicaEmulatorOptions options, int port)
    {
        RefuseBusyPort(port);
        var server = WireMockServer.Start(new WireMockServerSettings
        {
            Urls = [$"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"],
            StartAdminInterface = false,
            Logger = new WireMockNullLogger(),
            // Our own log (ReceivedRequests) is the one to read; WireMock's is kept short.
            MaxRequestLogCount = 1,
            DoNotSaveDynamicResponseInLogEntry = true,
            PreWireMockMiddlewareInit = RequestTarget.Record,
        });

        try
        {
            var emulator = new PicaEmulator(server, new Uri($"http://127.0.0.1:{server.Ports[0].ToString(CultureInfo.InvariantCulture)}/"), options);
            server
                .Given(Request.Create().UsingAnyMethod().WithPath(new RegexMatcher(".*")))
                .RespondWith(Response.Create().WithCallback(emulator.HandleAsync));
            return emulator;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    // WireMock sees Kestrel's failed bind only when its start timeout (10 s) is over: a port another socket
    // listens on is refused here at once, with the socket's own message ("Address already in use").
    private static void RefuseBusyPort(int port)
    {
        using var probe = new TcpListener(IPAddress.Loopback, port);
        probe.Start();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<IResponseMessage> HandleAsync(IRequestMessage request)
    {
        var arrived = DateTimeOffset.UtcNow;
        var sequence = Interlocked.Increment(ref _sequence);
        // The path as the server decoded it once; WireMock's own has been decoded twice.
        var target = RequestTarget.OfCurrentRequest;
        var path = target?.Path ?? request.AbsolutePath ?? request.Path ?? "/";
        var method = request.Method ?? string.Empty;
        var endpoint = Classify(method, path);
        var facts = Read(request, out var sentKey) with { EscapedPassthroughPath = EscapedPassthroughPath(target, request) };
        var matched = sentKey is not null && string.Equals(sentKey, SecretKey, StringComparison.Ordinal);
        var page = QueryInt(request, "page");
        var limit = QueryInt(request, "limit");
        var body = request.Body;
        PicaJson.TryReadRequest(body, out var identity, out var identityType);

        Answer answer;
        if (target?.EscapeUnder(PassthroughPath, out var decoded) is { } escape)
        {
            // A server that decodes the target once sees a path that leaves the passthrough: the request is
            // refused before routing, and logged as that server saw it (Kestrel itself would resolve the
            // dot segments into another route).
            path = decoded;
            endpoint = PicaEndpoint.Passthrough;
            answer = Answer.Error(HttpStatusCode.BadRequest, $"The passthrough path holds {escape} once decoded; it would leave {PassthroughPath}.");
        }
        else
        {
            answer = Decide(method, path, endpoint, sentKey is not null, matched, page, limit, body, request, facts);
        }

        var received = new PicaEmulatorRequest
        {
            Sequence = sequence,
            Timestamp = arrived,
            Method = method,
            Path = path,
            Endpoint = endpoint,
            Page = page,
            Limit = limit,
            Query = QueryOf(request),
            ConnectionId = VaultConnectionId(path),
            HeaderNames = facts.Names,
            HasSecretHeader = sentKey is not null,
            SecretKeyMatched = matched,
            Headers = facts.Headers,
            Body = body,
            Identity = identity,
            IdentityType = identityType,
            StatusCode = answer.Status,
            RequestId = answer.RequestId,
            Fault = answer.Fault,
            ConnectionKey = facts.ConnectionKey,
            ActionId = facts.ActionId,
            BodyLength = facts.BodyLength,
            BodySha256 = facts.BodySha256,
        };
        _received.Enqueue(received);
        _requestReceived?.Invoke(received);

        var wait = DrawLatency() + (answer.Fault?.Delay ?? TimeSpan.Zero) + answer.Latency;
        if (wait > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(wait, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping: answer at once, to a client that is most likely gone.
            }
        }

        return answer.ToResponse();
    }

    private Answer Decide(string method, string path, PicaEndpoint endpoint, bool hasKey, bool matched, int? page, int? limit, string? body, IRequestMessage request, RequestFacts facts)
    {
        if (endpoint == PicaEndpoint.Unknown)
        {
            return path == _dialect.TokenPath || path == _dialect.HealthCheckPath || IsVaultPath(path)
                ? Answer.Error(HttpStatusCode.MethodNotAllowed, $"{method} is not allowed on {path}.")
                : Answer.Error(HttpStatusCode.NotFound, $"No route for {method} {path}.");
        }

        if (!matched)
        {
            // Never echo what was sent: it may be a real key sent to the wrong place.
            return Answer.Error(HttpStatusCode.Unauthorized, hasKey
                ? $"The {_dialect.SecretHeader} key is not valid."
                : $"The {_dialect.SecretHeader} header is missing.");
        }

        if (endpoint == PicaEndpoint.Passthrough)
        {
            return DecidePassthrough(method, request, facts);
        }

        if (IsCatalog(endpoint))
        {
            return DecideCatalog(endpoint, path, request);
        }

        if (IsVault(endpoint))
        {
            return DecideVault(endpoint, path, request, body);
        }

        if (endpoint == PicaEndpoint.WhoAmI)
        {
            return Answer.Json("""{"user":{"id":"usr_emulator","email":"emulator@example.com"},"organization":{"id":"org_emulator"},"project":{"id":"prj_emulator"}}""");
        }

        if (endpoint == PicaEndpoint.Flags)
        {
            return Serve(_faults.Take(FlagsTarget), () => Answer.Json(ShapedFlags(_whiteLabel)), """{"accessList":[],"authkitWhitelist":tr""");
        }

        if (page is not > 0 || limit is not > 0)
        {
            return Answer.Error(HttpStatusCode.BadRequest, "The query parameters 'limit' and 'page' must be positive integers.");
        }

        if (BodyProblem(body) is { } problem)
        {
            return Answer.Error(HttpStatusCode.BadRequest, problem);
        }

        return Serve(_faults.Take(page.Value), () => Page(page.Value, limit.Value), """{"rows":[{"id":9001,"connectionDefId":""");
    }

    private static Answer Serve(PicaFault? fault, Func<Answer> normal, string malformed) => fault?.Kind switch
    {
        PicaFaultKind.Status when fault.ErrorBody is not null => ErrorAnswer(fault),
        PicaFaultKind.Status => Answer.Error(fault.StatusCode, $"Fault injected by the emulator: {fault}.", fault, fault.RetryAfter),
        PicaFaultKind.EmptyResponse => new Answer(HttpStatusCode.OK, string.Empty, fault),
        PicaFaultKind.MalformedJson => new Answer(HttpStatusCode.OK, malformed, fault),
        _ => normal() with { Fault = fault },
    };

    private Answer Page(int page, int limit)
    {
        var data = _data;
        var total = data.RowJson.Length;
        var pages = (int)((total + (long)limit - 1) / limit);
        var from = (long)(page - 1) * limit;
        var count = from >= total ? 0 : (int)Math.Min(limit, total - from);
        var requestId = Interlocked.Increment(ref _lastRequestId);
        return Answer.Json(ShapedPage(PicaJson.Page(data.RowJson, count == 0 ? 0 : (int)from, count, total, pages, page, requestId)), requestId: requestId);
    }

    private static string? BodyProblem(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "The body must be a JSON object, e.g. {\"identity\":\"user_123\",\"identityType\":\"user\"}.";
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                return "The body must be a JSON object.";
            }

            if (root.TryGetProperty("identityType", out var type) &&
                (type.ValueKind != System.Text.Json.JsonValueKind.String || !IdentityTypes.Contains(type.GetString()!)))
            {
                return "'identityType' must be one of user, team, organization, project.";
            }

            return null;
        }
        catch (System.Text.Json.JsonException)
        {
            return "The body is not valid JSON.";
        }
    }

    private TimeSpan DrawLatency()
    {
        lock (_latencyGate)
        {
            if (_maxLatency <= TimeSpan.Zero)
            {
                return TimeSpan.Zero;
            }

            var span = _maxLatency.Ticks - _minLatency.Ticks;
            return TimeSpan.FromTicks(_minLatency.Ticks + (span == 0 ? 0 : _latencyRandom.NextInt64(span + 1)));
        }
    }

    // Only the emulator's platform's paths: the other's token path is not found, as on the real server.
    private PicaEndpoint Classify(string method, string path) => (method.ToUpperInvariant(), path) switch
    {
        ("POST", var p) when p == _dialect.TokenPath => PicaEndpoint.TokenPage,
        ("GET", FlagsPath) when _dialect.CallsWhiteLabelFlags => PicaEndpoint.Flags,
        ("GET", var p) when p == _dialect.HealthCheckPath => PicaEndpoint.WhoAmI,
        (var m, var p) when p.StartsWith(VaultPath, StringComparison.Ordinal) => ClassifyVault(m, p),
        (_, var p) when p.StartsWith(PassthroughPath, StringComparison.Ordinal) => PicaEndpoint.Passthrough,
        ("GET", var p) => ClassifyCatalog(p),
        _ => PicaEndpoint.Unknown,
    };

    // One pass over the headers and one hash of the body, whatever the endpoint: the log, the passthrough's
    // checks and its echo all read these.
    private RequestFacts Read(IRequestMessage request, out string? sentKey)
    {
        sentKey = null;
        string? connectionKey = null;
        string? actionId = null;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        foreach (var (name, values) in request.Headers ?? new Dictionary<string, WireMockList<string>>())
        {
            names.Add(name);
            if (string.Equals(name, _dialect.SecretHeader, StringComparison.OrdinalIgnoreCase))
            {
                sentKey = string.Join(",", values);
                continue;
            }

            // The other platform's secret header is named in the log, never kept: it holds a key all the same.
            if (AuthKitPlatformDialect.All.Any(d => string.Equals(name, d.SecretHeader, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (string.Equals(name, _dialect.ConnectionKeyHeader, StringComparison.OrdinalIgnoreCase))
            {
                connectionKey = string.Join(",", values);
            }
            else if (string.Equals(name, _dialect.ActionIdHeader, StringComparison.OrdinalIgnoreCase))
            {
                actionId = string.Join(",", values);
            }

            headers[name] = string.Join(", ", values);
        }

        var body = request.BodyAsBytes ?? request.BodyData?.BodyAsBytes ?? [];
        return new RequestFacts(headers, names, connectionKey, actionId, body.Length, Convert.ToHexString(SHA256.HashData(body)).ToLowerInvariant());
    }

    private static int? QueryInt(IRequestMessage request, string name) =>
        request.Query is { } query && query.TryGetValue(name, out var values) && values.Count == 1 &&
        int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    /// <summary>What <see cref="Read"/> took from a request: its headers without the secret key (names as sent), the two passthrough headers and the body's length and SHA-256.</summary>
    private sealed record RequestFacts(IReadOnlyDictionary<string, string> Headers, IReadOnlyList<string> Names, string? ConnectionKey, string? ActionId, long BodyLength, string BodySha256)
    {
        /// <summary>The path under <c>/v1/passthrough/</c> as sent, still escaped; empty for other paths.</summary>
        public string EscapedPassthroughPath { get; init; } = string.Empty;
    }
}
