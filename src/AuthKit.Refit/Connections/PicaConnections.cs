using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Refit;

namespace AuthKit;

/// <summary>
/// The account's connections in Pica's Vault API: list, read, tag and delete them, and
/// <see cref="ForIdentity"/> for one user's. Thread-safe: create one and keep it, or resolve
/// <see cref="IPicaConnections"/> from DI (<c>services.AddAuthKit(…)</c>); standalone instances share one
/// connection pool with <see cref="AuthKitToken"/>.
/// </summary>
/// <example>
/// <code>
/// var connections = new PicaConnections(Environment.GetEnvironmentVariable("PICA_SECRET_KEY")!);
/// await foreach (var connection in connections.ForIdentity("user_123", IdentityType.User).ListAsync())
/// {
///     Console.WriteLine($"{connection.Platform}: {connection.Id}");
/// }
/// </code>
/// </example>
public sealed class PicaConnections : IPicaConnections
{
    private readonly IPicaVaultApi _api;
    private readonly ValidatedOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly FailureTranslator _failures;
    private readonly Func<HttpMessageHandler> _passthroughTransport;
    private readonly IPicaCatalog _catalog;
    private readonly ConcurrentDictionary<(string Identity, IdentityType IdentityType, string Key), DateTimeOffset> _confirmed = new();

    /// <summary>Creates a client for <paramref name="secretKey"/> with default options.</summary>
    /// <param name="secretKey">Your Pica secret key, <c>sk_live_…</c> or <c>sk_test_…</c>.</param>
    /// <exception cref="ArgumentException">The key is missing or malformed (the message never quotes it).</exception>
    public PicaConnections(string secretKey)
        : this(new AuthKitOptions { SecretKey = secretKey ?? throw new ArgumentNullException(nameof(secretKey)) }, null, nameof(secretKey), null, null)
    {
    }

    /// <summary>Creates a client with <paramref name="options"/> (copied: later edits have no effect).</summary>
    /// <param name="options">The settings; <see cref="AuthKitOptions.SecretKey"/> is required.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public PicaConnections(AuthKitOptions options)
        : this(options, null, nameof(options), null, null)
    {
    }

    /// <summary>Creates a client with <paramref name="options"/> that logs through <paramref name="loggerFactory"/>.</summary>
    /// <param name="options">The settings; <see cref="AuthKitOptions.SecretKey"/> is required.</param>
    /// <param name="loggerFactory">Where retries, refusals and failed calls are logged; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public PicaConnections(AuthKitOptions options, ILoggerFactory? loggerFactory)
        : this(options, loggerFactory, nameof(options), null, null)
    {
    }

    // Over another primary handler (tests, benchmarks) and another clock.
    internal PicaConnections(AuthKitOptions options, ILoggerFactory? loggerFactory, HttpMessageHandler primaryHandler, TimeProvider? time = null)
        : this(options, loggerFactory, nameof(options), primaryHandler ?? throw new ArgumentNullException(nameof(primaryHandler)), time)
    {
    }

    // Used by AddAuthKit: the Vault client runs on the token's HttpClient.
    internal PicaConnections(IPicaVaultApi api, ValidatedOptions options, ILogger logger, TimeProvider? time, Func<HttpMessageHandler> passthroughTransport, IPicaCatalog catalog)
    {
        _api = api;
        _catalog = catalog;
        _passthroughTransport = passthroughTransport;
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _failures = new FailureTranslator(options, logger);
    }

    private PicaConnections(AuthKitOptions options, ILoggerFactory? loggerFactory, string paramName, HttpMessageHandler? primaryHandler, TimeProvider? time)
        : this(Standalone(options, loggerFactory, paramName, primaryHandler, time, out var validated, out var logger, out var transport, out var catalog), validated, logger, time, () => transport, catalog)
    {
    }

    internal ILogger Logger => _logger;

    internal ValidatedOptions Options => _options;

    /// <summary>Where executions read an action's knowledge (and its cache).</summary>
    internal IPicaCatalog Catalog => _catalog;

    /// <summary>A passthrough client for a key already confirmed as the caller's.</summary>
    internal HttpClient CreatePassthroughClient(PicaConnectionKey key, string actionId)
    {
        var handler = new PassthroughHandler(_passthroughTransport(), _options, _logger, _time, key, actionId);
        var client = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = handler.Root,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        return client;
    }

    /// <summary>Whether a confirmation of <paramref name="key"/> for the identity is still fresh.</summary>
    internal bool IsConfirmed(string identity, IdentityType identityType, string key) =>
        _confirmed.TryGetValue((identity, identityType, key), out var until) && _time.GetUtcNow() < until;

    internal void Confirmed(string identity, IdentityType identityType, string key)
    {
        var duration = _options.Current.PassthroughConfirmationDuration;
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        var now = _time.GetUtcNow();

        // Bounded: expired confirmations go once many keys have been confirmed.
        if (_confirmed.Count >= 4096)
        {
            foreach (var entry in _confirmed)
            {
                if (entry.Value <= now)
                {
                    _confirmed.TryRemove(entry);
                }
            }
        }

        _confirmed[(identity, identityType, key)] = now + duration;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<PicaConnection> ListAsync(PicaConnectionQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new PicaConnectionQuery();
        ConnectionArguments.Query(query, nameof(query));
        return ListCoreAsync(VaultQuery.From(query), owner: null, cancellationToken);
    }

    /// <inheritdoc />
    public Task<PicaConnection?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ConnectionArguments.Id(id);
        return RunAsync(ConnectionsTelemetry.Get, scoped: false, token => GetRawAsync(id, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task<PicaConnection?> UpdateTagsAsync(string id, IEnumerable<string> tags, CancellationToken cancellationToken = default)
    {
        ConnectionArguments.Id(id);
        var set = ConnectionArguments.Tags(tags, "tags", nameof(tags));
        return RunAsync(ConnectionsTelemetry.UpdateTags, scoped: false, token => PatchRawAsync(id, set, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ConnectionArguments.Id(id);
        return RunAsync(ConnectionsTelemetry.Delete, scoped: false, token => DeleteRawAsync(id, token), cancellationToken);
    }

    /// <inheritdoc />
    public IPicaIdentityConnections ForIdentity(string identity, IdentityType identityType)
    {
        ArgumentNullException.ThrowIfNull(identity);
        TokenRequestValidator.ValidateIdentity(identity, "The identity", nameof(identity));
        if (!Enum.IsDefined(identityType))
        {
            throw new ArgumentException($"IdentityType {(int)identityType} is not a defined IdentityType (User, Team, Organization or Project).", nameof(identityType));
        }

        return new IdentityConnections(this, identity, identityType);
    }

    internal async IAsyncEnumerable<PicaConnection> ListCoreAsync(
        VaultQuery query, Func<PicaConnection, bool>? owner, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // One snapshot for the whole listing: a reload in the middle of it applies from the next one.
        var options = _options.Current;
        using var telemetry = ConnectionsTelemetry.Start(ConnectionsTelemetry.List, _logger, owner is not null);
        using var deadline = new CallDeadline(options.TotalTimeout, _time, cancellationToken);
        using var listing = new ConnectionListing(_api, _failures, options, query, deadline.Token);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var yielded = 0;
        while (true)
        {
            PicaConnectionsPage? page;
            try
            {
                page = await listing.NextAsync().ConfigureAwait(false);
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

            if (page is null)
            {
                break;
            }

            foreach (var connection in page.Rows!)
            {
                // Rows shift between pages when connections are added or removed while listing.
                if (!seen.Add(connection!.Id))
                {
                    continue;
                }

                if (owner is not null && !owner(connection))
                {
                    AuthKitLog.ForeignConnectionDropped(_logger, _options.Redactor.Clean(connection.Id));
                    continue;
                }

                yielded++;
                yield return connection;
            }
        }

        var elapsed = telemetry.Succeeded();
        telemetry.Activity?.SetTag("authkit.pages", listing.PagesRead);
        telemetry.Activity?.SetTag("authkit.rows", yielded);
        AuthKitLog.ConnectionsListed(_logger, listing.PagesRead, yielded, elapsed.TotalMilliseconds);
    }

    /// <summary>Runs one call with its span, metrics, deadline and failure log.</summary>
    internal async Task<T> RunAsync<T>(string operation, bool scoped, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var options = _options.Current;
        using var telemetry = ConnectionsTelemetry.Start(operation, _logger, scoped);
        using var deadline = new CallDeadline(options.TotalTimeout, _time, cancellationToken);
        try
        {
            var result = await call(deadline.Token).ConfigureAwait(false);
            telemetry.Succeeded();
            return result;
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

    internal async Task<PicaConnection?> GetRawAsync(string id, CancellationToken cancellationToken)
    {
        PicaConnection? connection;
        try
        {
            connection = await _api.GetConnectionAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException api) when (api.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception ex) when (_failures.Translate(ex, $"connection {id}", cancellationToken) is { } translated)
        {
            throw translated;
        }

        return Checked(connection, id);
    }

    internal async Task<PicaConnection?> PatchRawAsync(string id, string[] tags, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            body = await _api.UpdateConnectionTagsAsync(id, new PicaTagsUpdate { Tags = tags }, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException api) when (api.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception ex) when (_failures.Translate(ex, $"the tags of connection {id}", cancellationToken) is { } translated)
        {
            throw translated;
        }

        AuthKitLog.ConnectionTagsUpdated(_logger, id, tags.Length);
        if (string.IsNullOrWhiteSpace(body))
        {
            // Pica may answer a PATCH with no body: the connection is read back (a GET, safe to retry).
            return await GetRawAsync(id, cancellationToken).ConfigureAwait(false);
        }

        PicaConnection? connection;
        try
        {
            connection = JsonSerializer.Deserialize(body, AuthKitJsonContext.Default.PicaConnection);
        }
        catch (JsonException json)
        {
            throw _failures.Refused($"Pica's answer to the tags of connection {id} is not the JSON expected: {json.Message}", json);
        }

        return Checked(connection, id);
    }

    internal async Task<bool> DeleteRawAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await _api.DeleteConnectionAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException api) when (api.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (Exception ex) when (_failures.Translate(ex, $"the deletion of connection {id}", cancellationToken) is { } translated)
        {
            throw translated;
        }

        AuthKitLog.ConnectionDeleted(_logger, id);
        return true;
    }

    // The connection must be the one asked for: an answer for another id is never trusted, least of all
    // for an ownership check that decides whether that id is deleted.
    private PicaConnection Checked(PicaConnection? connection, string id)
    {
        if (connection is null)
        {
            throw _failures.Refused($"Pica's answer for connection {id} is empty (JSON null).");
        }

        if (!string.Equals(connection.Id, id, StringComparison.Ordinal))
        {
            throw _failures.Refused($"Pica answered with connection {connection.Id} when asked for connection {id}.");
        }

        return connection;
    }

    private static IPicaVaultApi Standalone(
        AuthKitOptions options, ILoggerFactory? loggerFactory, string paramName, HttpMessageHandler? primaryHandler, TimeProvider? time,
        out ValidatedOptions validated, out ILogger logger, out HttpMessageHandler passthroughTransport, out IPicaCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(options, paramName);
        validated = ValidatedOptions.ForClient(options, paramName);
        logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PicaConnections>();
        // The passthrough handler is the only layer a passthrough client puts above the primary handler.
        passthroughTransport = primaryHandler ?? AuthKitHttp.SharedPool(validated);
        var client = primaryHandler is null
            ? AuthKitHttp.CreateStandaloneClient(validated, logger)
            : AuthKitHttp.CreateStandaloneClient(validated, logger, primaryHandler);
        catalog = new PicaCatalog(PicaCatalog.CreateApi(client), validated, logger, time);
        return RestService.ForGenerated<IPicaVaultApi>(client, AuthKitHttp.RefitSettings);
    }
}
