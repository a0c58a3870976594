using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Refit;

namespace AuthKit;

/// <summary>
/// The platform's action catalogue: connectors, a platform's actions, action search and an action's
/// knowledge (cached, see <see cref="AuthKitOptions.ActionKnowledgeCacheDuration"/>). Thread-safe: create one
/// and keep it, or resolve <see cref="IPicaCatalog"/> from DI (<c>services.AddAuthKit(…)</c>); standalone
/// instances share one connection pool with <see cref="AuthKitToken"/>.
/// </summary>
/// <example>
/// <code>
/// var catalog = new PicaCatalog(Environment.GetEnvironmentVariable("PICA_SECRET_KEY")!);
/// foreach (var action in await catalog.SearchActionsAsync("gmail", "send email"))
/// {
///     Console.WriteLine($"{action.Title}: {action.SystemId}");
/// }
/// </code>
/// </example>
public sealed class PicaCatalog : IPicaCatalog
{
    /// <summary>Connectors asked for per page.</summary>
    internal const int ConnectorPageSize = 100;

    private readonly IPicaCatalogApi _api;
    private readonly ValidatedOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly FailureTranslator _failures;
    private Tuple<string, string> _account = Tuple.Create(string.Empty, string.Empty);

    /// <summary>Creates a catalogue for <paramref name="secretKey"/> with default options.</summary>
    /// <param name="secretKey">Your secret key, <c>sk_live_…</c> or <c>sk_test_…</c>.</param>
    /// <exception cref="ArgumentException">The key is missing or malformed (the message never quotes it).</exception>
    public PicaCatalog(string secretKey)
        : this(new AuthKitOptions { SecretKey = secretKey ?? throw new ArgumentNullException(nameof(secretKey)) }, null, nameof(secretKey), null, null)
    {
    }

    /// <summary>Creates a catalogue with <paramref name="options"/> (copied: later edits have no effect).</summary>
    /// <param name="options">The settings; <see cref="AuthKitOptions.SecretKey"/> is required.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public PicaCatalog(AuthKitOptions options)
        : this(options, null, nameof(options), null, null)
    {
    }

    /// <summary>Creates a catalogue with <paramref name="options"/> that logs through <paramref name="loggerFactory"/>.</summary>
    /// <param name="options">The settings; <see cref="AuthKitOptions.SecretKey"/> is required.</param>
    /// <param name="loggerFactory">Where refusals and failed calls are logged; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public PicaCatalog(AuthKitOptions options, ILoggerFactory? loggerFactory)
        : this(options, loggerFactory, nameof(options), null, null)
    {
    }

    // Over another primary handler (tests, benchmarks) and another clock.
    internal PicaCatalog(AuthKitOptions options, ILoggerFactory? loggerFactory, HttpMessageHandler primaryHandler, TimeProvider? time = null)
        : this(options, loggerFactory, nameof(options), primaryHandler ?? throw new ArgumentNullException(nameof(primaryHandler)), time)
    {
    }

    // Used by AddAuthKit and PicaConnections: the catalogue runs on the token's HttpClient.
    internal PicaCatalog(IPicaCatalogApi api, ValidatedOptions options, ILogger logger, TimeProvider? time)
    {
        _api = api;
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _failures = new FailureTranslator(options, logger);
    }

    private PicaCatalog(AuthKitOptions options, ILoggerFactory? loggerFactory, string paramName, HttpMessageHandler? primaryHandler, TimeProvider? time)
        : this(Standalone(options, loggerFactory, paramName, primaryHandler, out var validated, out var logger), validated, logger, time)
    {
    }

    /// <summary>The knowledge cache (tests read its bounds).</summary>
    internal KnowledgeCache Cache { get; } = new();

    /// <inheritdoc />
    public IAsyncEnumerable<PicaConnector> ListConnectorsAsync(PicaConnectorQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new PicaConnectorQuery();
        if (query.Platform is { } platform)
        {
            CheckPlatform(platform, "PicaConnectorQuery.Platform", nameof(query));
        }

        CheckText(query.Key, "PicaConnectorQuery.Key", nameof(query));
        CheckText(query.Name, "PicaConnectorQuery.Name", nameof(query));
        CheckText(query.Category, "PicaConnectorQuery.Category", nameof(query));
        return ListConnectorsCoreAsync(query, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<PicaActionPage> ListActionsAsync(string platform, int page = 1, int limit = 100, CancellationToken cancellationToken = default)
    {
        CheckPlatform(platform, "The platform", nameof(platform));
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        var what = $"the {platform} actions page {page}";
        var body = await CallAsync(token => _api.ListActionsPageAsync(platform, page, limit, token), what, cancellationToken).ConfigureAwait(false);
        var rows = Read(body, ActionsJsonContext.Default.CatalogRowsPicaActionSummary, ActionsJsonContext.Default.ListPicaActionSummary, what);
        return new PicaActionPage { Rows = rows.Rows!.ToArray()!, Total = rows.Total, Pages = rows.Pages, Page = rows.Page == 0 ? page : rows.Page };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PicaActionSummary>> SearchActionsAsync(
        string platform, string query, int limit = 5, PicaActionSearchPurpose purpose = PicaActionSearchPurpose.Execute, CancellationToken cancellationToken = default)
    {
        CheckPlatform(platform, "The platform", nameof(platform));
        ArgumentNullException.ThrowIfNull(query);
        if (string.IsNullOrWhiteSpace(query) || query.Length > 1000)
        {
            throw new ArgumentException("The query must be 1 to 1000 characters long and not blank.", nameof(query));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 100);
        if (!Enum.IsDefined(purpose))
        {
            throw new ArgumentException($"PicaActionSearchPurpose {(int)purpose} is not defined.", nameof(purpose));
        }

        var knowledge = purpose == PicaActionSearchPurpose.Knowledge;
        var what = $"the {platform} action search";
        var body = await CallAsync(
            token => _api.SearchActionsAsync(platform, query, limit, knowledge ? null : "true", knowledge ? "true" : null, token), what, cancellationToken).ConfigureAwait(false);
        var rows = Read(body, ActionsJsonContext.Default.CatalogRowsPicaActionSummary, ActionsJsonContext.Default.ListPicaActionSummary, what);
        return rows.Rows!.ToArray()!;
    }

    /// <inheritdoc />
    public Task<PicaActionKnowledge?> GetActionAsync(string actionId, CancellationToken cancellationToken = default)
    {
        var id = ActionIds.Checked(actionId, nameof(actionId));
        return GetKnowledgeAsync(id, cancellationToken);
    }

    /// <summary>The knowledge of an id already normalized and checked.</summary>
    internal async Task<PicaActionKnowledge?> GetKnowledgeAsync(string id, CancellationToken cancellationToken)
    {
        var options = _options.Current;
        var account = AccountOf(options.SecretKey);
        var now = _time.GetUtcNow();
        var cached = options.ActionKnowledgeCacheDuration > TimeSpan.Zero ? Cache.Get(account, id) : null;
        if (cached is not null && now < cached.FreshUntil)
        {
            return cached.Knowledge;
        }

        const string What = "an action's knowledge";
        var etag = cached?.ETag;
        ApiResponse<string> response;
        try
        {
            response = await _api.GetKnowledgeAsync(id, etag, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (_failures.Translate(ex, What, cancellationToken) is { } translated)
        {
            throw translated;
        }

        using (response)
        {
            var freshUntil = _time.GetUtcNow() + options.ActionKnowledgeCacheDuration;
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                if (cached is null || etag is null)
                {
                    throw _failures.Refused($"The platform answered {What} with HTTP 304 to a request that was not conditional.");
                }

                Cache.Put(cached with { FreshUntil = freshUntil }, options.MaxCachedActions, options.MaxCachedActionBytes);
                return cached.Knowledge;
            }

            if (response.Error is { } error)
            {
                throw _failures.Translate(error, What, cancellationToken) ?? throw error;
            }

            var body = response.Content ?? string.Empty;
            var rows = Read(body, ActionsJsonContext.Default.CatalogRowsPicaActionKnowledge, ActionsJsonContext.Default.ListPicaActionKnowledge, What);
            if (rows.Rows!.Count == 0)
            {
                return null;
            }

            var knowledge = rows.Rows[0]!;
            if (!string.Equals(knowledge.Id, id, StringComparison.Ordinal))
            {
                throw _failures.Refused($"The platform answered {What} with another action than the one asked for.");
            }

            if (string.IsNullOrEmpty(knowledge.Path) || string.IsNullOrEmpty(knowledge.Method))
            {
                throw _failures.Refused($"The platform's answer to {What} has no path or no method.");
            }

            if (options.ActionKnowledgeCacheDuration > TimeSpan.Zero)
            {
                var entry = new KnowledgeEntry(account, id, knowledge, response.Headers?.ETag?.ToString(), Encoding.UTF8.GetByteCount(body), freshUntil);
                Cache.Put(entry, options.MaxCachedActions, options.MaxCachedActionBytes);
            }

            return knowledge;
        }
    }

    /// <summary>Names the client, never its key.</summary>
    /// <returns><c>PicaCatalog</c> and the number of cached actions.</returns>
    public override string ToString() => $"PicaCatalog ({Cache.Count} actions cached)";

    internal static IPicaCatalogApi CreateApi(HttpClient client) => RestService.ForGenerated<IPicaCatalogApi>(client, AuthKitHttp.RefitSettings);

    private async IAsyncEnumerable<PicaConnector> ListConnectorsCoreAsync(PicaConnectorQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = _options.Current;
        var authkit = query.AuthKit is { } a ? (a ? "true" : "false") : null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pages = 1;
        for (var page = 1; page <= pages; page++)
        {
            var what = $"connectors page {page}";
            var number = page;
            var body = await CallAsync(
                token => _api.ListConnectorsPageAsync(number, ConnectorPageSize, authkit, query.Platform, query.Key, query.Name, query.Category, token),
                what, cancellationToken).ConfigureAwait(false);
            var rows = Read(body, ActionsJsonContext.Default.CatalogRowsPicaConnector, ActionsJsonContext.Default.ListPicaConnector, what);
            if (rows.Pages > options.MaxPages)
            {
                throw _failures.Refused($"The platform's {what} reports {rows.Pages} pages, more than the {options.MaxPages} allowed (AuthKitOptions.MaxPages).");
            }

            pages = Math.Max(pages, rows.Pages);
            foreach (var connector in rows.Rows!)
            {
                // Rows shift between pages when connectors are added while listing.
                if (connector is { Id: { } id } && !seen.Add(id))
                {
                    continue;
                }

                yield return connector!;
            }
        }
    }

    private async Task<string> CallAsync(Func<CancellationToken, Task<string>> call, string what, CancellationToken cancellationToken)
    {
        using var deadline = new CallDeadline(_options.Current.TotalTimeout, _time, cancellationToken);
        try
        {
            return await call(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var outcome = deadline.Outcome(ex);
            if (_failures.Translate(outcome, what, cancellationToken) is { } translated)
            {
                throw translated;
            }

            if (ReferenceEquals(outcome, ex))
            {
                throw;
            }

            throw outcome;
        }
    }

    private CatalogRows<T> Read<T>(string body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<CatalogRows<T>> envelope, System.Text.Json.Serialization.Metadata.JsonTypeInfo<List<T?>> array, string what)
        where T : class
    {
        try
        {
            return CatalogJson.Read(body, envelope, array, what);
        }
        catch (JsonException json)
        {
            throw _failures.Refused($"The platform's answer to {what} is not the JSON expected: {json.Message}", json);
        }
    }

    // The secret key's hash names the account in the cache; the key itself is kept nowhere else here.
    private string AccountOf(string secretKey)
    {
        var known = Volatile.Read(ref _account);
        if (ReferenceEquals(known.Item1, secretKey))
        {
            return known.Item2;
        }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secretKey)));
        Volatile.Write(ref _account, Tuple.Create(secretKey, hash));
        return hash;
    }

    private static void CheckPlatform(string platform, string what, string paramName)
    {
        ConnectionArguments.Platform(platform, what, paramName);
        if (platform is "." or "..")
        {
            throw new ArgumentException($"{what} is a dot segment; it would leave the catalogue's path.", paramName);
        }
    }

    private static void CheckText(string? value, string what, string paramName)
    {
        if (value is not null && (string.IsNullOrWhiteSpace(value) || value.Length > 200 || value.Any(char.IsControl)))
        {
            throw new ArgumentException($"{what} must be 1 to 200 characters long, not blank, without control characters.", paramName);
        }
    }

    private static IPicaCatalogApi Standalone(
        AuthKitOptions options, ILoggerFactory? loggerFactory, string paramName, HttpMessageHandler? primaryHandler,
        out ValidatedOptions validated, out ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options, paramName);
        validated = ValidatedOptions.ForClient(options, paramName);
        logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PicaCatalog>();
        var client = primaryHandler is null
            ? AuthKitHttp.CreateStandaloneClient(validated, logger)
            : AuthKitHttp.CreateStandaloneClient(validated, logger, primaryHandler);
        return CreateApi(client);
    }
}
