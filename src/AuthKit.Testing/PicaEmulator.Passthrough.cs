using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using AuthKit.Testing.Internal;
using WireMock;

namespace AuthKit.Testing;

// Pica's passthrough: {ANY METHOD} /v1/passthrough/{path}, answered for the Vault's connections with an
// echo of what was received, or a scripted answer per action id, or a scheduled fault.
public sealed partial class PicaEmulator
{
    /// <summary>The header that names the connection a passthrough call goes through, on Pica (on One: <c>x-one-connection-key</c>).</summary>
    public const string ConnectionKeyHeaderName = "x-pica-connection-key";

    /// <summary>The header that names the action a passthrough call performs, on Pica (on One: <c>x-one-action-id</c>).</summary>
    public const string ActionIdHeaderName = "x-pica-action-id";

    private const string PassthroughPath = "/v1/passthrough/";
    private const int PassthroughTarget = -2; // the fault schedule's target for passthrough calls, keyed by action id

    private readonly ConcurrentDictionary<string, PicaPassthroughAnswer> _passthroughAnswers = new(StringComparer.Ordinal);

    /// <summary>
    /// Answers passthrough calls for <paramref name="actionId"/> with <paramref name="answer"/> (instead of the
    /// echo), replacing the previous script for that action id.
    /// </summary>
    /// <param name="actionId">The <c>x-pica-action-id</c> the calls carry.</param>
    /// <param name="answer">The answer.</param>
    /// <returns>This emulator.</returns>
    public PicaEmulator OnPassthrough(string actionId, PicaPassthroughAnswer answer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actionId);
        ArgumentNullException.ThrowIfNull(answer);
        _passthroughAnswers[actionId] = answer;
        return this;
    }

    /// <summary>Drops every scripted passthrough answer: every action gets the echo again.</summary>
    /// <returns>This emulator.</returns>
    public PicaEmulator ClearPassthroughAnswers()
    {
        _passthroughAnswers.Clear();
        return this;
    }

    /// <summary>
    /// Serves <paramref name="fault"/>, as Pica's own failure, to the next <paramref name="times"/> passthrough
    /// calls (of <paramref name="actionId"/> only, when given) that carry the right key and a Vault connection's
    /// key. Faults are served in the order scheduled. <see cref="ClearFaults"/> drops them.
    /// </summary>
    /// <param name="fault">The fault, e.g. <see cref="PicaFault.ServiceUnavailable"/>.</param>
    /// <param name="times">How many calls it hits; <see cref="int.MaxValue"/> for all of them.</param>
    /// <param name="actionId">Only calls of this action; <see langword="null"/> for any.</param>
    /// <returns>This emulator.</returns>
    public PicaEmulator FailPassthrough(PicaFault fault, int times = 1, string? actionId = null)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        if (actionId is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(actionId);
        }

        _faults.Add(PassthroughTarget, fault, times, actionId);
        return this;
    }

    private Answer DecidePassthrough(string method, IRequestMessage request, RequestFacts facts)
    {
        var key = facts.ConnectionKey;
        if (string.IsNullOrEmpty(key))
        {
            return Answer.Error(HttpStatusCode.BadRequest, $"The {_dialect.ConnectionKeyHeader} header is missing.");
        }

        var connection = _vault.Snapshot().FirstOrDefault(c => string.Equals(c.Key, key, StringComparison.Ordinal));
        if (connection is null)
        {
            // Never echo the key: it may be another tenant's.
            return Answer.Error(HttpStatusCode.NotFound, "No connection with this connection key in this account.");
        }

        var actionId = facts.ActionId;
        if (string.IsNullOrEmpty(actionId))
        {
            return Answer.Error(HttpStatusCode.BadRequest, $"The {_dialect.ActionIdHeader} header is missing.");
        }

        if (_faults.Take(PassthroughTarget, actionId) is { } fault)
        {
            return Serve(fault, () => Echo(method, request, facts, connection), """{"method":""");
        }

        return _passthroughAnswers.TryGetValue(actionId, out var scripted) ? Scripted(scripted) : Echo(method, request, facts, connection);
    }

    private Answer Scripted(PicaPassthroughAnswer scripted) =>
        new(scripted.StatusCode, null)
        {
            BodyBytes = scripted.Body,
            ContentType = scripted.ContentType,
            Headers = ShapedPassthroughHeaders(scripted.Headers),
            Latency = scripted.Latency,
        };

    private Answer Echo(string method, IRequestMessage request, RequestFacts facts, PicaConnection connection)
    {
        var escapedPath = facts.EscapedPassthroughPath;
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in facts.Headers)
        {
            headers[name.ToLowerInvariant()] = value;
        }

        headers.TryGetValue("content-type", out var contentType);
        var json = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["method"] = method,
            ["path"] = escapedPath,
            ["query"] = request.RawQuery is { Length: > 0 } raw ? raw.TrimStart('?') : string.Empty,
            ["headers"] = headers,
            ["contentType"] = contentType,
            ["bodyLength"] = facts.BodyLength,
            ["bodySha256"] = facts.BodySha256,
            ["connection"] = new Dictionary<string, string?> { ["id"] = connection.Id, ["platform"] = connection.Platform, ["identity"] = connection.Identity },
        });
        return Answer.Json(json) with { Headers = ShapedPassthroughHeaders([new("x-emulator-echo", "true")]) };
    }

    // The raw target's path under the prefix, as sent: never System.Uri's rebuilding of it, which decodes
    // escaped dots and resolves them.
    private static string EscapedPassthroughPath(RequestTarget? target, IRequestMessage request)
    {
        var raw = target?.RawPath ?? new Uri(request.Url).AbsolutePath;
        return raw.StartsWith(PassthroughPath, StringComparison.Ordinal) ? raw[PassthroughPath.Length..] : string.Empty;
    }

    // The platform's own prefix (One's is a guess: not pinned), one of AuthKitPlatformDialect.RenamedHeaderPrefixes.
    private string RenamedHeaderPrefix => $"x-{_dialect.Name.ToLowerInvariant()}-passthrough-";

    private List<KeyValuePair<string, string>> ShapedPassthroughHeaders(IReadOnlyList<KeyValuePair<string, string>> headers) =>
        (AnswerShape & PicaAnswerShape.RenamedPassthroughHeaders) == 0
            ? [.. headers]
            : [.. headers.Select(h => new KeyValuePair<string, string>(RenamedHeaderPrefix + h.Key.ToLowerInvariant(), h.Value))];
}
