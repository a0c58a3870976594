using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace AuthKit;

/// <summary>
/// The handler of one passthrough client: keeps every request inside <c>{BaseUrl}/v1/passthrough/</c>,
/// puts the current secret key (read per attempt, so a rotated key applies from the next one), the
/// connection key and the action id on it, retries what is safe to repeat, cleans what the transport
/// throws of both keys, and records a span, a duration and a log line per call. A 3xx is returned as it
/// came: the primary handler never follows redirects, and an answer from any other origin is refused.
/// The answer is not buffered. It is the only layer above the primary handler, so a call costs one
/// async step more than a hand-written request. The transport below is shared and never disposed here.
/// </summary>
internal sealed class PassthroughHandler : HttpMessageHandler
{
    // The request's names are the chosen platform's (AuthKitPlatformDialect); an answer's renamed headers
    // are read under either platform's prefix, as One's are not pinned.
    private static readonly IReadOnlyList<string> RenamedPrefixes = AuthKitPlatformDialect.RenamedHeaderPrefixes;

    // What describes the hop from Pica, not the integration's answer: never copied back under its own name.
    private static readonly HashSet<string> NotCopied = new(StringComparer.OrdinalIgnoreCase)
    {
        "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "content-length", "content-encoding",
        "proxy-authenticate", "proxy-connection",
    };

    private readonly HttpMessageInvoker _transport;
    private readonly ValidatedOptions _options;
    private readonly Redactor _redactor;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _connectionKey;
    private readonly string _platform;
    private readonly string _actionId;
    private readonly string _rootText;
    private readonly string _secretHeader;
    private readonly string _connectionKeyHeader;
    private readonly string _actionIdHeader;

    public PassthroughHandler(HttpMessageHandler transport, ValidatedOptions options, ILogger logger, TimeProvider time, PicaConnectionKey key, string actionId)
    {
        _transport = new HttpMessageInvoker(transport, disposeHandler: false);
        _options = options;
        _redactor = options.Redactor.With(key.Value);
        _logger = logger;
        _time = time;
        _connectionKey = key.Value;
        _platform = options.Redactor.Clean(key.Platform);
        _actionId = actionId;
        Root = RootOf(options.Current.BaseUrl);
        var dialect = options.Current.PlatformDialect();
        _secretHeader = dialect.SecretHeader;
        _connectionKeyHeader = dialect.ConnectionKeyHeader;
        _actionIdHeader = dialect.ActionIdHeader;
        _rootText = Root.AbsoluteUri;
    }

    /// <summary><c>{BaseUrl}/v1/passthrough/</c>: the client's base address and the only place its requests may go.</summary>
    public Uri Root { get; }

    public static Uri RootOf(Uri baseUrl) => new(baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/v1/passthrough/");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = _options.Current;
        if (Refusal(request) is { } refusal)
        {
            AuthKitLog.PassthroughRefused(_logger, _platform, refusal);
            throw new AuthKitException(refusal);
        }

        var actionId = PutKeysOn(request, options.SecretKey, out var onlyOurs);
        var method = request.Method.Method;
        using var activity = AuthKitTelemetry.ActivitySource.HasListeners()
            ? AuthKitTelemetry.ActivitySource.StartActivity("AuthKit Passthrough", ActivityKind.Client)
            : null;
        activity?.SetTag("authkit.platform", _platform);
        activity?.SetTag("authkit.action_id", actionId);
        activity?.SetTag("http.request.method", method);

        // The clock is read only for someone who records the duration.
        var started = AuthKitTelemetry.PassthroughDuration.Enabled || _logger.IsEnabled(LogLevel.Warning) ? Stopwatch.GetTimestamp() : 0;
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                if (attempt > 0)
                {
                    request.Headers.Remove(_secretHeader);
                    request.Headers.TryAddWithoutValidation(_secretHeader, options.SecretKey);
                }

                var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);

                // The URI checked above, unless a primary handler followed a redirect and replaced it.
                var answeredBy = response.RequestMessage?.RequestUri ?? request.RequestUri;
                if (!ReferenceEquals(answeredBy, request.RequestUri) && !SameOrigin.As(answeredBy, options.BaseUrl))
                {
                    response.Dispose();
                    throw new AuthKitException(
                        "The passthrough answer came from another origin than AuthKitOptions.BaseUrl: the primary handler followed a redirect. " +
                        "The answer was refused; keep AllowAutoRedirect off on a primary handler you configure.");
                }

                if (attempt < options.MaxRetries && IsRepeatable(request) && RetryDelay(response, options.MaxRetryDelay) is { } wait)
                {
                    AuthKitLog.PassthroughRetryScheduled(_logger, method, _platform, actionId, (int)response.StatusCode, attempt + 1, options.MaxRetries, wait.TotalMilliseconds);
                    AuthKitTelemetry.Retries.Add(1, new KeyValuePair<string, object?>("authkit.retry.reason", ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)));
                    response.Dispose();
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);

                    // A key rotated during the wait is the one the retry sends.
                    options = _options.Current;
                    continue;
                }

                CopyRenamedHeaders(response);
                var status = (int)response.StatusCode;
                var elapsed = started == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(started);
                activity?.SetTag("http.response.status_code", status);
                if (AuthKitTelemetry.PassthroughDuration.Enabled)
                {
                    AuthKitTelemetry.PassthroughDuration.Record(
                        elapsed.TotalSeconds,
                        new KeyValuePair<string, object?>("authkit.platform", _platform),
                        new KeyValuePair<string, object?>("authkit.action_id", actionId),
                        new KeyValuePair<string, object?>("http.response.status_code", status));
                }

                AuthKitLog.PassthroughCalled(_logger, method, _platform, actionId, status, elapsed.TotalMilliseconds);
                return response;
            }
        }
        catch (Exception ex)
        {
            // HttpClient's messages quote what the server sent (an invalid header line echoing either key):
            // a cleaned copy of the same type, or the exception itself when nothing needed cleaning.
            var clean = _redactor.Clean(ex)!;
            var cancelled = clean is OperationCanceledException && cancellationToken.IsCancellationRequested;
            var errorType = cancelled ? "cancelled" : clean.GetType().Name;
            activity?.SetStatus(ActivityStatusCode.Error);
            activity?.SetTag("error.type", errorType);
            var elapsed = started == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(started);
            AuthKitTelemetry.PassthroughDuration.Record(
                elapsed.TotalSeconds,
                new KeyValuePair<string, object?>("authkit.platform", _platform),
                new KeyValuePair<string, object?>("authkit.action_id", actionId),
                new KeyValuePair<string, object?>("error.type", errorType));
            if (!cancelled)
            {
                AuthKitLog.PassthroughFailed(_logger, method, _platform, actionId, elapsed.TotalMilliseconds, clean.Message);
            }

            if (ReferenceEquals(clean, ex))
            {
                throw;
            }

            throw clean;
        }
        finally
        {
            // The request that the answer carries no longer holds either key. When every header on it is
            // one this handler or the transport put there, clearing them all is the cheap way.
            if (onlyOurs)
            {
                request.Headers.Clear();
            }
            else
            {
                request.Headers.Remove(_secretHeader);
                request.Headers.Remove(_connectionKeyHeader);
            }
        }
    }

    // Why the request may not be sent, or null. The client's own requests pass with one string
    // comparison: the URI's canonical text (scheme and host lower case, default port left out, dot
    // segments resolved) starts with the root's, which pins the scheme, the host, the port and the path.
    // (BaseUrl itself never changes: a reload that moves it is refused until a restart.)
    // Then the path under the root passes PassthroughPathRule, and the caller's headers PassthroughOwnedHeaders.
    // No message quotes the path: it may hold an identity, a key or a model's value.
    private string? Refusal(HttpRequestMessage request)
    {
        if (request.RequestUri is not { IsAbsoluteUri: true } uri || !uri.AbsoluteUri.StartsWith(_rootText, StringComparison.Ordinal))
        {
            return $"A passthrough request to {(request.RequestUri is { IsAbsoluteUri: true } where ? SameOrigin.Describe(where) : "a relative address")} " +
                $"outside {Root.AbsolutePath} was stopped: a passthrough client sends only to {SameOrigin.Describe(Root)}{Root.AbsolutePath}.";
        }

        // What follows the root, without the query: a slice of the cached AbsoluteUri, no new string.
        var underRoot = uri.AbsoluteUri.AsSpan(_rootText.Length);
        var end = underRoot.IndexOfAny('?', '#');
        if (PassthroughPathRule.Problem(end < 0 ? underRoot : underRoot[..end]) is { } path)
        {
            return $"A passthrough request was stopped before sending: {path}.";
        }

        if (PassthroughOwnedHeaders.Problem(request) is { } headers)
        {
            return $"A passthrough request was stopped before sending: {headers}.";
        }

        return null;
    }

    // Puts the three headers on and returns the action id sent: SetPicaActionId's header, checked again
    // (it may have been set by hand), or the client's default. Each value was validated as visible ASCII,
    // so the header parser, whose errors quote the value, is skipped. A request without headers of its
    // own (GetAsync, PostAsync…) has nothing to replace.
    private string PutKeysOn(HttpRequestMessage request, string secretKey, out bool onlyOurs)
    {
        var headers = request.Headers;
        var actionId = _actionId;
        onlyOurs = headers.NonValidated.Count == 0;
        if (!onlyOurs)
        {
            // Either platform's names set by hand: none may reach the other platform's host, and the wire
            // holds one action id. SetPicaActionId writes Pica's name, which stands for the chosen platform's.
            string? handSet = null;
            foreach (var each in AuthKitPlatformDialect.All)
            {
                headers.Remove(each.ConnectionKeyHeader);
                headers.Remove(each.SecretHeader);
                if (headers.NonValidated.TryGetValues(each.ActionIdHeader, out var values))
                {
                    var id = Checked(values, each.ActionIdHeader);
                    if (handSet is not null && !string.Equals(handSet, id, StringComparison.Ordinal))
                    {
                        const string Message = "The request sets two different action ids (under both platforms' header names): set one with SetPicaActionId.";
                        AuthKitLog.PassthroughRefused(_logger, _platform, Message);
                        throw new AuthKitException(Message);
                    }

                    handSet = id;
                    headers.Remove(each.ActionIdHeader);
                }
            }

            actionId = handSet ?? actionId;
        }

        headers.TryAddWithoutValidation(_actionIdHeader, actionId);
        headers.TryAddWithoutValidation(_connectionKeyHeader, _connectionKey);
        headers.TryAddWithoutValidation(_secretHeader, secretKey);
        return actionId;
    }

    private string Checked(HeaderStringValues values, string headerName)
    {
        var actionId = values.Count == 1 ? values.ToString() : null;
        if (actionId is null || PicaPassthroughRequestExtensions.ActionIdProblem(actionId) is not null)
        {
            var message = $"The request's {headerName} header is not one action id of visible ASCII characters: set it with SetPicaActionId.";
            AuthKitLog.PassthroughRefused(_logger, _platform, message);
            throw new AuthKitException(message);
        }

        return actionId;
    }

    // Only what is safe to repeat, and only without a body: a body stream may not be readable twice,
    // and a POST that reached the integration may have acted there.
    private static bool IsRepeatable(HttpRequestMessage request) =>
        request.Content is null && (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Options);

    // Pica's own back-pressure only: a 429 or 503 that says when to come back, within MaxRetryDelay. An
    // answer carrying the integration's renamed headers is the integration's own, returned as it is.
    private TimeSpan? RetryDelay(HttpResponseMessage response, TimeSpan maxDelay)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        foreach (var header in response.Headers.NonValidated)
        {
            if (RenamedPrefixOf(header.Key) > 0)
            {
                return null;
            }
        }

        var wait = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - _time.GetUtcNow() : null);
        if (wait is not { } w)
        {
            return null;
        }

        w = w < TimeSpan.Zero ? TimeSpan.Zero : w;
        return w <= maxDelay ? w : null;
    }

    private static void CopyRenamedHeaders(HttpResponseMessage response)
    {
        // NonValidated: no enumerator or value parsing for the answers (most of them) without renamed headers.
        List<KeyValuePair<string, IEnumerable<string>>>? renamed = null;
        foreach (var header in response.Headers.NonValidated)
        {
            if (RenamedPrefixOf(header.Key) is var length && length > 0 && header.Key.Length > length)
            {
                (renamed ??= []).Add(new(header.Key, header.Value));
            }
        }

        if (renamed is null)
        {
            return;
        }

        foreach (var (key, values) in renamed)
        {
            var name = key[RenamedPrefixOf(key)..];
            // TryGetValues, unlike Contains, does not throw for a name of the other collection. The
            // header Pica itself answered wins.
            if (NotCopied.Contains(name) || response.Headers.TryGetValues(name, out _) || response.Content.Headers.TryGetValues(name, out _))
            {
                continue;
            }

            // A content header (Content-Type, Content-Language…) is refused by the response headers.
            if (!response.Headers.TryAddWithoutValidation(name, values))
            {
                response.Content.Headers.TryAddWithoutValidation(name, values);
            }
        }
    }

    // The length of the renamed-header prefix that starts the name, or 0 for an integration's own header.
    private static int RenamedPrefixOf(string name)
    {
        foreach (var prefix in RenamedPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return prefix.Length;
            }
        }

        return 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _transport.Dispose();
        }

        base.Dispose(disposing);
    }
}
