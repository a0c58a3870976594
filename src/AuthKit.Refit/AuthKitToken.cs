using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AuthKit;

/// <summary>
/// Creates Pica AuthKit tokens. Thread-safe: create one and keep it, or resolve
/// <see cref="IAuthKitToken"/> from DI (<c>services.AddAuthKit(…)</c>). Creating one per request also
/// works: every instance shares one connection pool and the account's cached white-label flag.
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

    private readonly ValidatedOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly PageSource _pages;
    private readonly WhiteLabelSource _whiteLabel;

    /// <summary>Creates a client for <paramref name="secretKey"/> with default options.</summary>
    /// <param name="secretKey">Your Pica secret key, <c>sk_live_…</c> or <c>sk_test_…</c>.</param>
    /// <exception cref="ArgumentException">The key is missing or malformed (the message never quotes it).</exception>
    public AuthKitToken(string secretKey)
        : this(new AuthKitOptions { SecretKey = secretKey ?? throw new ArgumentNullException(nameof(secretKey)) }, null, nameof(secretKey), null, null)
    {
    }

    /// <summary>Creates a client with <paramref name="options"/> (copied: later edits have no effect).</summary>
    /// <param name="options">The settings; <see cref="AuthKitOptions.SecretKey"/> is required.</param>
    /// <exception cref="ArgumentException">
    /// The options are invalid; the message lists every problem. A plain <c>http://</c>
    /// <see cref="AuthKitOptions.BaseUrl"/> off loopback is one: the key would travel in cleartext.
    /// </exception>
    public AuthKitToken(AuthKitOptions options)
        : this(options, null, nameof(options), null, null)
    {
    }

    /// <summary>Creates a client with <paramref name="options"/> that logs through <paramref name="loggerFactory"/>.</summary>
    /// <param name="options">The settings; <see cref="AuthKitOptions.SecretKey"/> is required.</param>
    /// <param name="loggerFactory">Where retries, fallbacks and failed tokens are logged; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public AuthKitToken(AuthKitOptions options, ILoggerFactory? loggerFactory)
        : this(options, loggerFactory, nameof(options), null, null)
    {
    }

    // The standalone pipeline over another primary handler than the shared socket pool: an in-memory one
    // (the benchmarks), or one that trusts a test's certificate (the tests); and another clock.
    internal AuthKitToken(AuthKitOptions options, ILoggerFactory? loggerFactory, HttpMessageHandler primaryHandler, TimeProvider? time = null)
        : this(options, loggerFactory, nameof(options), primaryHandler ?? throw new ArgumentNullException(nameof(primaryHandler)), time)
    {
    }

    // Used by AddAuthKit: the Refit client comes from IHttpClientFactory with the same pipeline, and
    // the options are the validated snapshot that follows reloads.
    internal AuthKitToken(IPicaAuthKitApi api, ValidatedOptions options, ILogger logger, TimeProvider? time)
    {
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        var failures = new FailureTranslator(options, logger);
        _pages = new PageSource(api, failures);
        _whiteLabel = new WhiteLabelSource(api, failures, options.Redactor, logger, _time);
    }

    // primaryHandler: null for the shared socket pool.
    private AuthKitToken(AuthKitOptions options, ILoggerFactory? loggerFactory, string paramName, HttpMessageHandler? primaryHandler, TimeProvider? time)
        : this(Standalone(options, loggerFactory, paramName, primaryHandler, out var validated, out var logger), validated, logger, time)
    {
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

    /// <inheritdoc />
    public Task<AuthKitTokenResponse> CreatePageAsync(AuthKitTokenRequest? request, int page, int? limit = null, CancellationToken cancellationToken = default)
    {
        request ??= EmptyRequest;
        TokenRequestValidator.Validate(request);
        var options = _options.Current;
        TokenPageArguments.Validate(page, limit, options);
        return CreatePageCoreAsync(request, page, limit ?? options.PageSize, options, cancellationToken);
    }

    private async Task<AuthKitTokenResponse> CreatePageCoreAsync(
        AuthKitTokenRequest request, int page, int limit, AuthKitOptions options, CancellationToken cancellationToken)
    {
        using var telemetry = TokenTelemetry.Start(request.IdentityType, _logger);
        using var deadline = new CallDeadline(options.TotalTimeout, _time, cancellationToken);
        try
        {
            var answer = await _pages.GetSingleAsync(request, page, limit, options, new TokenByteBudget(options.MaxTokenBytes), deadline.Token).ConfigureAwait(false);

            // The page as the platform sent it, unknown fields included; no flags call was made for it.
            var token = TokenMerge.Merge(answer, [], isWhiteLabel: false);
            telemetry.Succeeded(token, 1, WhiteLabelFlag.NotAsked);
            return token;
        }
        catch (Exception ex)
        {
            var outcome = deadline.Outcome(ex);
            telemetry.Failed(outcome, cancellationToken, _options.Redactor);
            if (ReferenceEquals(outcome, ex))
            {
                throw;
            }

            throw outcome;
        }
    }

    private async Task<AuthKitTokenResponse> CreateCoreAsync(AuthKitTokenRequest request, CancellationToken cancellationToken)
    {
        // One snapshot for the whole call: a reload in the middle of it applies from the next call.
        var options = _options.Current;
        using var telemetry = TokenTelemetry.Start(request.IdentityType, _logger);

        // Everything below runs on the deadline's token, which the caller's cancels too.
        using var deadline = new CallDeadline(options.TotalTimeout, _time, cancellationToken);

        // The white-label flag: the account's cached one, or a flags call alongside page 1.
        var whiteLabel = _whiteLabel.Begin(options, deadline.Token);
        var returned = false;
        try
        {
            var budget = new TokenByteBudget(options.MaxTokenBytes);
            var first = await _pages.GetFirstAsync(request, options, budget, deadline.Token).ConfigureAwait(false);
            var rest = first.Pages <= 1
                ? []
                : await PageWindow.GetRemainingAsync(_pages, request, first.Pages, options, budget, deadline.Token).ConfigureAwait(false);
            var flag = await _whiteLabel.GetAsync(whiteLabel, options.FlagsGracePeriod, deadline.Token).ConfigureAwait(false);

            var token = TokenMerge.Merge(first, rest, flag.IsWhiteLabel);
            telemetry.Succeeded(token, 1 + rest.Length, flag);
            returned = true;
            return token;
        }
        catch (Exception ex)
        {
            var outcome = deadline.Outcome(ex);
            telemetry.Failed(outcome, cancellationToken, _options.Redactor);
            if (ReferenceEquals(outcome, ex))
            {
                throw;
            }

            throw outcome;
        }
        finally
        {
            // A flags call of the token's own stops here; a shared one stops if no token wants it any more.
            WhiteLabelSource.End(whiteLabel, returned);
        }
    }

    private static IPicaAuthKitApi Standalone(
        AuthKitOptions options, ILoggerFactory? loggerFactory, string paramName, HttpMessageHandler? primaryHandler, out ValidatedOptions validated, out ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options, paramName);
        validated = ValidatedOptions.ForClient(options, paramName);
        logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<AuthKitToken>();
        return primaryHandler is null
            ? AuthKitHttp.CreateStandaloneApi(validated, logger)
            : AuthKitHttp.CreateStandaloneApi(validated, logger, primaryHandler);
    }
}
