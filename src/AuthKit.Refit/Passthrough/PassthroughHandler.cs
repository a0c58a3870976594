using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;

namespace AuthKit;

/// <summary>
/// The handler of one passthrough client: keeps every request inside <c>{BaseUrl}/v1/passthrough/</c>,
/// puts the connection key and the action id on it (the secret key is put on below, by
/// <see cref="SecretKeyHandler"/>, so a rotated key applies from the next request), retries what is safe
/// to repeat, and records a span, a duration and a log line per call. A 3xx is returned as it came: the
/// primary handler never follows redirects, and an answer from any other origin is refused. The answer
/// is not buffered. The transport below is shared and never disposed by this handler.
/// </summary>
internal sealed class PassthroughHandler : HttpMessageHandler
{
    public const string ConnectionKeyHeader = "x-pica-connection-key";
    public const string ActionIdHeader = "x-pica-action-id";
    private const string RenamedPrefix = "x-pica-passthrough-";

    // What describes the hop from Pica, not the integration's answer: never copied back under its own name.
    private static readonly HashSet<string> NotCopied = new(StringComparer.OrdinalIgnoreCase)
    {
        "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "content-length", "content-encoding",
        "proxy-authenticate", "proxy-connection",
    };

    private readonly HttpMessageInvoker _transport;
    private readonly ValidatedOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _connectionKey;
    private readonly string _platform;
    private readonly string _actionId;

    public PassthroughHandler(HttpMessageHandler transport, ValidatedOptions options, ILogger logger, TimeProvider time, PicaConnectionKey key, string actionId)
    {
        _transport = new HttpMessageInvoker(transport, disposeHandler: false);
        _options = options;
        _logger = logger;
        _time = time;
        _connectionKey = key.Value;
        _platform = options.Redactor.Clean(key.Platform);
        _actionId = actionId;
        Root = RootOf(options.Current.BaseUrl);
    }

    /// <summary><c>{BaseUrl}/v1/passthrough/</c>: the client's base address and the only place its requests may go.</summary>
    public Uri Root { get; }

    public static Uri RootOf(Uri baseUrl) => new(baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/v1/passthrough/");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = _options.Current;
        if (!IsInside(request.RequestUri))
        {
            var message = _options.Redactor.Clean(
                $"A passthrough request to {(request.RequestUri is { IsAbsoluteUri: true } uri ? SameOrigin.Describe(uri) + uri.AbsolutePath : "a relative address")} was stopped: " +
                $"a passthrough client sends only to {SameOrigin.Describe(Root)}{Root.AbsolutePath}.");
            AuthKitLog.PassthroughRefused(_logger, _platform, message);
            throw new AuthKitException(message);
        }

        var actionId = request.GetPicaActionId() ?? _actionId;
        var method = request.Method.Method;
        request.Headers.Remove(ConnectionKeyHeader);
        request.Headers.Remove(ActionIdHeader);

        // Both were validated as visible ASCII: the header parser, whose errors quote the value, is skipped.
        request.Headers.TryAddWithoutValidation(ConnectionKeyHeader, _connectionKey);
        request.Headers.TryAddWithoutValidation(ActionIdHeader, actionId);

        using var activity = AuthKitTelemetry.ActivitySource.StartActivity("AuthKit Passthrough", ActivityKind.Client);
        activity?.SetTag("authkit.platform", _platform);
        activity?.SetTag("authkit.action_id", actionId);
        activity?.SetTag("http.request.method", method);
        var started = Stopwatch.GetTimestamp();
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
                // The URI checked above, unless a primary handler followed a redirect and replaced it.
                var answeredBy = response.RequestMessage?.RequestUri ?? request.RequestUri;
                if (!ReferenceEquals(answeredBy, request.RequestUri) && !SameOrigin.As(answeredBy, options.BaseUrl))
                {
                    response.Dispose();
                    throw new AuthKitException(_options.Redactor.Clean(
                        "The passthrough answer came from another origin than AuthKitOptions.BaseUrl: the primary handler followed a redirect. " +
                        "The answer was refused; keep AllowAutoRedirect off on a primary handler you configure."));
                }

                if (attempt < options.MaxRetries && IsRepeatable(request) && RetryDelay(response, options.MaxRetryDelay) is { } wait)
                {
                    AuthKitLog.PassthroughRetryScheduled(_logger, method, _platform, actionId, (int)response.StatusCode, attempt + 1, options.MaxRetries, wait.TotalMilliseconds);
                    AuthKitTelemetry.Retries.Add(1, new KeyValuePair<string, object?>("authkit.retry.reason", ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)));
                    response.Dispose();
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                CopyRenamedHeaders(response);
                var status = (int)response.StatusCode;
                var elapsed = Stopwatch.GetElapsedTime(started);
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
            var cancelled = ex is OperationCanceledException && cancellationToken.IsCancellationRequested;
            var errorType = cancelled ? "cancelled" : ex.GetType().Name;
            activity?.SetStatus(ActivityStatusCode.Error);
            activity?.SetTag("error.type", errorType);
            AuthKitTelemetry.PassthroughDuration.Record(
                Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("authkit.platform", _platform),
                new KeyValuePair<string, object?>("authkit.action_id", actionId),
                new KeyValuePair<string, object?>("error.type", errorType));
            if (!cancelled)
            {
                AuthKitLog.PassthroughFailed(_logger, method, _platform, actionId, Stopwatch.GetElapsedTime(started).TotalMilliseconds, _options.Redactor.Clean(ex.Message));
            }

            throw;
        }
        finally
        {
            // As for the secret key: the request that the answer and any exception carry no longer holds it.
            request.Headers.Remove(ConnectionKeyHeader);
        }
    }

    private bool IsInside(Uri? uri) =>
        uri is { IsAbsoluteUri: true }
        && SameOrigin.As(uri, Root)
        && uri.AbsolutePath.StartsWith(Root.AbsolutePath, StringComparison.Ordinal);

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
            if (header.Key.StartsWith(RenamedPrefix, StringComparison.OrdinalIgnoreCase))
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
            if (header.Key.Length > RenamedPrefix.Length && header.Key.StartsWith(RenamedPrefix, StringComparison.OrdinalIgnoreCase))
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
            var name = key[RenamedPrefix.Length..];
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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _transport.Dispose();
        }

        base.Dispose(disposing);
    }
}
