using System.Diagnostics;
using System.Net;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.Timeout;
using Refit;

namespace AuthKit;

/// <summary>
/// Creates Pica AuthKit tokens. Thread-safe: create one and keep it, or resolve
/// <see cref="IAuthKitToken"/> from DI (<c>services.AddAuthKit(…)</c>). Creating one per request also
/// works: every instance shares one connection pool.
/// </summary>
/// <example>
/// <code>
/// var authKit = new AuthKitToken(Environment.GetEnvironmentVariable("PICA_SECRET_KEY")!);
/// var token = await authKit.CreateAsync("user_123", IdentityType.User);
/// </code>
/// </example>
public sealed class AuthKitToken : IAuthKitToken
{
    private static readonly AuthKitTokenRequest EmptyRequest = new();

    private readonly IPicaAuthKitApi _api;
    private readonly ValidatedOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>Creates a client for <paramref name="secretKey"/> with default options.</summary>
    /// <param name="secretKey">Your Pica secret key, <c>sk_live_…</c> or <c>sk_test_…</c>.</param>
    /// <exception cref="ArgumentException">The key is missing or malformed (the message never quotes it).</exception>
    public AuthKitToken(string secretKey)
        : this(new AuthKitOptions { SecretKey = secretKey ?? throw new ArgumentNullException(nameof(secretKey)) }, null, nameof(secretKey), null)
    {
    }

    /// <summary>Creates a client with <paramref name="options"/> (copied: later edits have no effect).</summary>
    /// <param name="options">The settings; <see cref="AuthKitOptions.SecretKey"/> is required.</param>
    /// <exception cref="ArgumentException">
    /// The options are invalid; the message lists every problem. A plain <c>http://</c>
    /// <see cref="AuthKitOptions.BaseUrl"/> off loopback is one: the key would travel in cleartext.
    /// </exception>
    public AuthKitToken(AuthKitOptions options)
        : this(options, null, nameof(options), null)
    {
    }

    /// <summary>Creates a client with <paramref name="options"/> that logs through <paramref name="loggerFactory"/>.</summary>
    /// <param name="options">The settings; <see cref="AuthKitOptions.SecretKey"/> is required.</param>
    /// <param name="loggerFactory">Where retries, fallbacks and created tokens are logged; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public AuthKitToken(AuthKitOptions options, ILoggerFactory? loggerFactory)
        : this(options, loggerFactory, nameof(options), null)
    {
    }

    // Used by the benchmarks: the standalone pipeline over an in-memory primary handler instead of sockets.
    internal AuthKitToken(AuthKitOptions options, ILoggerFactory? loggerFactory, HttpMessageHandler primaryHandler)
        : this(options, loggerFactory, nameof(options), primaryHandler ?? throw new ArgumentNullException(nameof(primaryHandler)))
    {
    }

    // primaryHandler: null for the shared socket pool; the benchmarks pass an in-memory handler.
    private AuthKitToken(AuthKitOptions options, ILoggerFactory? loggerFactory, string paramName, HttpMessageHandler? primaryHandler)
    {
        ArgumentNullException.ThrowIfNull(options, paramName);
        _options = ValidatedOptions.ForClient(options, paramName);
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<AuthKitToken>();
        _time = TimeProvider.System;
        _api = primaryHandler is null
            ? AuthKitHttp.CreateStandaloneApi(_options, _logger)
            : AuthKitHttp.CreateStandaloneApi(_options, _logger, primaryHandler);
    }

    // Used by AddAuthKit: the Refit client comes from IHttpClientFactory with the same pipeline, and
    // the options are the validated snapshot that follows reloads.
    internal AuthKitToken(IPicaAuthKitApi api, ValidatedOptions options, ILogger logger, TimeProvider? time)
    {
        _api = api;
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public Task<AuthKitTokenResponse> CreateAsync(AuthKitTokenRequest? request = null, CancellationToken cancellationToken = default)
    {
        request ??= EmptyRequest;
        TokenRequestValidator.Validate(request);
        return CreateCoreAsync(request, cancellationToken);
    }

    /// <inheritdoc />
    public AuthKitTokenResponse Create(AuthKitTokenRequest? request = null, CancellationToken cancellationToken = default)
    {
        request ??= EmptyRequest;
        TokenRequestValidator.Validate(request);

        // On the thread pool the continuations never need the caller's context, which this thread
        // is about to block: no deadlock under a single-threaded SynchronizationContext.
        return Task.Run(() => CreateCoreAsync(request, cancellationToken), cancellationToken).GetAwaiter().GetResult();
    }

    private async Task<AuthKitTokenResponse> CreateCoreAsync(AuthKitTokenRequest request, CancellationToken cancellationToken)
    {
        // One snapshot for the whole call: a reload in the middle of it applies from the next call.
        var options = _options.Current;
        var started = Stopwatch.GetTimestamp();
        using var activity = AuthKitTelemetry.ActivitySource.StartActivity("AuthKit CreateToken");
        activity?.SetTag("authkit.identity_type", WireName(request.IdentityType));

        // Everything below runs on the deadline's token, which the caller's cancels too.
        using var deadline = new CallDeadline(options.TotalTimeout, _time, cancellationToken);

        // The flag only decorates the token: it runs alongside page 1 and is given up when late.
        using var flagsCancellation = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        var whiteLabel = GetWhiteLabelAsync(flagsCancellation.Token);
        try
        {
            AuthKitTokenResponse token;
            int pages;
            try
            {
                (token, pages) = await CreateTokenAsync(request, options, whiteLabel, flagsCancellation, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (deadline.HasExpired)
            {
                throw deadline.TimedOut(ex);
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && ex.CancellationToken != cancellationToken)
            {
                // The requests ran on the deadline's linked token; the caller is told of their own.
                throw new OperationCanceledException(ex.Message, ex, cancellationToken);
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            AuthKitTelemetry.TokenDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("authkit.outcome", "success"));
            activity?.SetTag("authkit.pages", pages);
            activity?.SetTag("authkit.rows", token.Rows.Count);
            activity?.SetTag("authkit.request_id", token.RequestId);
            AuthKitLog.TokenCreated(_logger, pages, token.Rows.Count, token.IsWhiteLabel, elapsed.TotalMilliseconds);
            return token;
        }
        catch (Exception ex) when (RecordFailure(ex, activity, started, cancellationToken))
        {
            throw; // never reached: the filter only records
        }
        finally
        {
            // Stops a flags call still in flight (late, or the pages failed). Cancel, not CancelAsync:
            // CancelAsync runs the callbacks on a thread-pool thread and the token would wait for one,
            // which a busy pool (blocking Create calls, say) hands out only after a second or so. The
            // callbacks only abort HTTP requests; they run here, on this thread.
            flagsCancellation.Cancel();
        }
    }

    private async Task<(AuthKitTokenResponse Token, int Pages)> CreateTokenAsync(
        AuthKitTokenRequest request, AuthKitOptions options, Task<bool> whiteLabel, CancellationTokenSource flagsCancellation, CancellationToken cancellationToken)
    {
        var budget = new TokenByteBudget(options.MaxTokenBytes);
        var first = await GetPageAsync(request, 1, options, budget, cancellationToken).ConfigureAwait(false);
        CheckFirstPage(first, options);

        var rest = first.Pages <= 1 ? [] : await GetRemainingPagesAsync(request, first.Pages, options, budget, cancellationToken).ConfigureAwait(false);
        var isWhiteLabel = await AwaitWhiteLabelAsync(whiteLabel, flagsCancellation, options.FlagsGracePeriod, cancellationToken).ConfigureAwait(false);
        return (rest.Length == 0 ? WithWhiteLabel(first, isWhiteLabel) : Merge(first, rest, isWhiteLabel), 1 + rest.Length);
    }

    private async Task<AuthKitTokenResponse[]> GetRemainingPagesAsync(
        AuthKitTokenRequest request, int pages, AuthKitOptions options, TokenByteBudget budget, CancellationToken cancellationToken)
    {
        var results = new AuthKitTokenResponse[pages - 1];
        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var nextIndex = -1;
        ExceptionDispatchInfo? firstFailure = null;

        // A sliding window: each worker takes the next page as soon as its own is in, so
        // MaxConcurrentPageRequests stay in flight until the last page, in page order.
        async Task WorkAsync()
        {
            int index;
            while ((index = Interlocked.Increment(ref nextIndex)) < results.Length)
            {
                try
                {
                    var page = await GetPageAsync(request, index + 2, options, budget, window.Token).ConfigureAwait(false);
                    CheckPage(page, index + 2, options);
                    results[index] = page;
                }
                catch (Exception ex)
                {
                    // The first failure is the one reported; the others are the cancellation it caused.
                    Interlocked.CompareExchange(ref firstFailure, ExceptionDispatchInfo.Capture(ex), null);
                    window.Cancel(); // not CancelAsync: see CreateCoreAsync's finally
                    return;
                }
            }
        }

        var workers = new Task[Math.Min(options.MaxConcurrentPageRequests, results.Length)];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = WorkAsync();
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        firstFailure?.Throw();
        return results;
    }

    private async Task<AuthKitTokenResponse> GetPageAsync(
        AuthKitTokenRequest request, int page, AuthKitOptions options, TokenByteBudget budget, CancellationToken cancellationToken)
    {
        // Rides this request's async flow to ResponseBufferingHandler, and only this one: what an async
        // method sets in an AsyncLocal ends with it, so the flags call never carries the budget.
        TokenByteBudget.Current = budget;
        AuthKitTokenResponse? answer;
        try
        {
            answer = await _api.CreateTokenPageAsync(options.PageSize, page, request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Translate(ex, $"page {page}", cancellationToken) is { } translated)
        {
            throw translated;
        }

        if (answer is null)
        {
            throw Refused($"Pica's answer to page {page} is empty (JSON null).");
        }

        if (answer.Rows is null)
        {
            throw Refused($"Pica's answer to page {page} has no 'rows'.");
        }

        AuthKitTelemetry.Pages.Add(1);
        return answer;
    }

    private void CheckFirstPage(AuthKitTokenResponse first, AuthKitOptions options)
    {
        if (first.Total < 0 || first.Pages < 0)
        {
            throw Refused($"Pica's page 1 reports impossible paging: total {first.Total}, pages {first.Pages}.");
        }

        if (first.Pages > options.MaxPages)
        {
            throw Refused(
                $"Pica's page 1 reports {first.Pages} pages, more than the {options.MaxPages} allowed (AuthKitOptions.MaxPages).");
        }

        var possible = Math.Max(1, (first.Total + (long)options.PageSize - 1) / options.PageSize);
        if (first.Pages > possible)
        {
            throw Refused(
                $"Pica's page 1 reports {first.Pages} pages for {first.Total} connections at {options.PageSize} per page; at most {possible} are possible.");
        }

        CheckRowCount(first, 1, options);
    }

    private void CheckPage(AuthKitTokenResponse answer, int page, AuthKitOptions options)
    {
        if (answer.Page != page)
        {
            throw Refused($"Pica answered page {answer.Page} when asked for page {page}.");
        }

        CheckRowCount(answer, page, options);
    }

    private void CheckRowCount(AuthKitTokenResponse answer, int page, AuthKitOptions options)
    {
        if (answer.Rows.Count > options.PageSize)
        {
            throw Refused(
                $"Pica's page {page} holds {answer.Rows.Count} connections, more than the {options.PageSize} asked for.");
        }
    }

    private async Task<bool> GetWhiteLabelAsync(CancellationToken cancellationToken)
    {
        try
        {
            var flags = await _api.GetUserFlagsAsync(cancellationToken).ConfigureAwait(false);
            if (flags is null)
            {
                // An empty body or JSON null is a failed call like any other, not a silent "false".
                AuthKitLog.WhiteLabelFallback(_logger, "Pica's answer to the flags call is empty (no body or JSON null)");
                return false;
            }

            return flags.AuthkitWhitelist ?? false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false; // given up on: the token is done or cancelled
        }
        catch (Exception ex)
        {
            var reason = Translate(ex, "the flags call", cancellationToken)?.Message ?? ex.GetType().Name;
            AuthKitLog.WhiteLabelFallback(_logger, _options.Redactor.Clean(reason));
            return false;
        }
    }

    private async Task<bool> AwaitWhiteLabelAsync(Task<bool> whiteLabel, CancellationTokenSource flagsCancellation, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        if (whiteLabel.IsCompleted)
        {
            return await whiteLabel.ConfigureAwait(false);
        }

        try
        {
            return await whiteLabel.WaitAsync(gracePeriod, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            flagsCancellation.Cancel(); // not CancelAsync: see CreateCoreAsync's finally
            AuthKitLog.WhiteLabelFallback(_logger, $"no answer within the {gracePeriod.TotalMilliseconds:F0} ms grace period after the pages");
            return false;
        }
    }

    private static AuthKitTokenResponse WithWhiteLabel(AuthKitTokenResponse page, bool isWhiteLabel) => new()
    {
        Rows = page.Rows,
        Total = page.Total,
        Pages = page.Pages,
        Page = page.Page,
        RequestId = page.RequestId,
        IsWhiteLabel = isWhiteLabel,
        AdditionalProperties = page.AdditionalProperties,
    };

    // As the Node SDK: rows in page order, page and pages 1, total from page 1, requestId from the last page.
    private static AuthKitTokenResponse Merge(AuthKitTokenResponse first, AuthKitTokenResponse[] rest, bool isWhiteLabel)
    {
        var count = first.Rows.Count;
        foreach (var page in rest)
        {
            count += page.Rows.Count;
        }

        var rows = new List<AuthKitConnection>(count);
        rows.AddRange(first.Rows);
        foreach (var page in rest)
        {
            rows.AddRange(page.Rows);
        }

        return new AuthKitTokenResponse
        {
            Rows = rows,
            Total = first.Total,
            Pages = 1,
            Page = 1,
            RequestId = rest[^1].RequestId,
            IsWhiteLabel = isWhiteLabel,
        };
    }

    /// <summary>
    /// Maps whatever the HTTP stack threw to the SDK's exceptions; <see langword="null"/> for a
    /// cancellation of <paramref name="cancellationToken"/> (the caller's, or the call's deadline), which
    /// stays as it is. Refit's exceptions are never passed on: they hold the request message. Every
    /// message, and every inner exception kept, passes the client's <see cref="Redactor"/>.
    /// </summary>
    private AuthKitException? Translate(Exception ex, string what, CancellationToken cancellationToken) => ex switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        ApiRequestException { InnerException: { } inner } => Translate(inner, what, cancellationToken),
        ApiException { InnerException: JsonException json } =>
            Refused($"Pica's answer to {what} is not the JSON expected: {json.Message}", json),
        ApiException api when (int)api.StatusCode is < 200 or > 299 => ApiError(api, what),
        ApiException api => Refused($"Pica's answer to {what} could not be read: {api.Message}"),
        AuthKitException own => own,
        TimeoutRejectedException timeout => TimedOut(what, timeout),
        HttpRequestException http => Failed($"Pica could not be reached for {what}: {http.Message}", http),
        JsonException json => Refused($"Pica's answer to {what} is not the JSON expected: {json.Message}", json),
        OperationCanceledException cancelled => TimedOut(what, cancelled),
        _ => Failed($"Creating the AuthKit token failed on {what}: {ex.GetType().Name}: {ex.Message}", null),
    };

    // An answer the SDK will not use: logged here, never retried (the server would send it again).
    private AuthKitException Refused(string message, Exception? inner = null)
    {
        var exception = Failed(message, inner);
        AuthKitLog.AnswerRefused(_logger, exception.Message);
        return exception;
    }

    private AuthKitException Failed(string message, Exception? inner) =>
        new(_options.Redactor.Clean(message), _options.Redactor.Clean(inner));

    private AuthKitException TimedOut(string what, Exception inner)
    {
        // Timeout and MaxRetries are fixed at start: the current snapshot holds the ones in force.
        var options = _options.Current;
        return new AuthKitException(
            $"Pica did not answer {what} within the {options.Timeout.TotalSeconds:0.###} s allowed per attempt (AuthKitOptions.Timeout), after {options.MaxRetries} retries.",
            new TimeoutException($"An attempt took longer than {options.Timeout}.", inner));
    }

    private AuthKitApiException ApiError(ApiException api, string what)
    {
        // ResponseBufferingHandler read at most its first 4 KiB; the bound holds for any other handler too.
        var body = _options.Redactor.Clean(api.Content, ResponseBufferingHandler.ErrorBodyLimit);
        var excerpt = string.IsNullOrWhiteSpace(body) ? string.Empty : $": {Excerpt(body)}";
        return new AuthKitApiException(
            _options.Redactor.Clean($"Pica answered {what} with HTTP {(int)api.StatusCode} ({api.StatusCode}){excerpt}"), api.StatusCode, body);
    }

    private static string Excerpt(string body)
    {
        const int Max = 200;
        var flat = body.Trim();
        return flat.Length <= Max ? flat : string.Concat(flat.AsSpan(0, Max), "…");
    }

    private bool RecordFailure(Exception ex, Activity? activity, long started, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cancelled = ex is OperationCanceledException && cancellationToken.IsCancellationRequested;
        var errorType = cancelled ? "cancelled" : ex is AuthKitApiException api ? ((int)api.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : ex.GetType().Name;

        AuthKitTelemetry.TokenDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("authkit.outcome", cancelled ? "cancelled" : "failure"));
        if (!cancelled)
        {
            AuthKitTelemetry.Failures.Add(1, new KeyValuePair<string, object?>("error.type", errorType));
        }

        activity?.SetStatus(ActivityStatusCode.Error);
        activity?.SetTag("error.type", errorType);
        AuthKitLog.TokenFailed(_logger, elapsed.TotalMilliseconds, errorType);
        return false;
    }

    private static string? WireName(IdentityType? type) => type switch
    {
        IdentityType.User => "user",
        IdentityType.Team => "team",
        IdentityType.Organization => "organization",
        IdentityType.Project => "project",
        _ => null,
    };
}
