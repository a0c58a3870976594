namespace AuthKit.Tools;

/// <summary>
/// What one identity's tools may touch: the identity is the view's, the rest the options', read once and
/// checked on every call. The identity's connections are read from its own listing (never by a key the
/// model sent), so a key of another tenant is refused without reaching the platform.
/// </summary>
internal sealed class ToolScope
{
    // A listing older than this is read again before a key is refused; a new connection shows up at once
    // because a miss re-reads, a deleted one is refused by the platform's own confirmation.
    private static readonly TimeSpan OwnedFor = TimeSpan.FromSeconds(30);
    // A model that keeps sending unknown keys costs at most one listing per this period, not one per call.
    private static readonly TimeSpan RereadAfter = TimeSpan.FromSeconds(5);
    private const int MaxOwned = 5_000;

    private readonly HashSet<string>? _platforms;
    private readonly HashSet<string>? _keys;
    private readonly HashSet<string>? _reachablePlatforms;
    private readonly HashSet<string>? _actions;
    private readonly object _gate = new();
    private (long At, IReadOnlyList<PicaConnection> Connections)? _owned;

    private readonly TimeProvider _time;

    private ToolScope(IPicaIdentityConnections connections, PicaToolOptions options, HashSet<string>? platforms, HashSet<string>? keys, HashSet<string>? actions, TimeProvider time)
    {
        _time = time;
        Connections = connections;
        Catalog = connections.Catalog;
        Permissions = options.Permissions;
        KnowledgeOnly = options.KnowledgeOnly;
        AuthKitIntegrationsOnly = options.AuthKitIntegrationsOnly;
        MaxResultLength = options.MaxResultLength;
        _platforms = platforms;
        _keys = keys;

        // The platforms named, and those of the keys named: what search and the integrations list may show.
        _reachablePlatforms = platforms is null
            ? null
            : new HashSet<string>(platforms.Concat(keys!.Select(key => PicaConnectionKey.Parse(key).Platform)), StringComparer.OrdinalIgnoreCase);
        _actions = actions;
    }

    public IPicaIdentityConnections Connections { get; }

    public IPicaCatalog Catalog { get; }

    public PicaToolPermissions Permissions { get; }

    public bool KnowledgeOnly { get; }

    public bool AuthKitIntegrationsOnly { get; }

    public int MaxResultLength { get; }

    public static ToolScope Create(IPicaIdentityConnections connections, PicaToolOptions options, TimeProvider? time = null)
    {
        if (!Enum.IsDefined(options.Permissions))
        {
            throw new ArgumentException($"PicaToolOptions.Permissions is {(int)options.Permissions}, not Read, Write or Admin.", nameof(options));
        }

        if (options.MaxResultLength < 1024)
        {
            throw new ArgumentException($"PicaToolOptions.MaxResultLength is {options.MaxResultLength}; at least 1024 characters are needed for a useful result.", nameof(options));
        }

        HashSet<string>? platforms = null, keys = null, actions = null;
        if (options.Connectors is { Count: > 0 } connectors && !connectors.Contains("*"))
        {
            // A platform named allows all the identity's connections to it; a key allows that connection only.
            platforms = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            keys = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < connectors.Count; i++)
            {
                var connector = connectors[i];
                if (PicaConnectionKey.TryParse(connector, out var key))
                {
                    keys.Add(key.Value);
                }
                else if (Platforms.IsName(connector))
                {
                    platforms.Add(connector);
                }
                else
                {
                    throw new ArgumentException($"PicaToolOptions.Connectors[{i}] is neither a platform name (like gmail) nor a connection key, nor '*'.", nameof(options));
                }
            }
        }

        if (options.Actions is { Count: > 0 } allowed && !allowed.Contains("*"))
        {
            actions = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < allowed.Count; i++)
            {
                try
                {
                    actions.Add(ActionIds.Checked(allowed[i] ?? string.Empty, nameof(options)));
                }
                catch (ArgumentException invalid)
                {
                    throw new ArgumentException($"PicaToolOptions.Actions[{i}] is invalid: {invalid.Message}", nameof(options), invalid);
                }
            }
        }

        return new ToolScope(connections, options, platforms, keys, actions, time ?? TimeProvider.System);
    }

    public bool AllowsPlatform(string platform) =>
        _reachablePlatforms is null || _reachablePlatforms.Contains(platform);

    public bool AllowsConnection(PicaConnection connection) =>
        _platforms is null || _platforms.Contains(connection.Platform) || _keys!.Contains(connection.Key);

    public bool AllowsAction(string actionId) => _actions is null || _actions.Contains(actionId);

    public bool AllowsMethod(string? method) => Permissions switch
    {
        PicaToolPermissions.Admin => true,
        PicaToolPermissions.Write => method?.ToUpperInvariant() is "GET" or "HEAD" or "POST" or "PUT" or "PATCH",
        _ => method?.ToUpperInvariant() is "GET" or "HEAD",
    };

    public bool RestrictsActions => _actions is not null;

    /// <summary>Why an action of <paramref name="method"/> is refused, naming the permission it needs.</summary>
    public static string MethodRefusal(string? method, ToolScope scope)
    {
        var verb = Text.Clean(method, 10).ToUpperInvariant();
        var needs = verb is "POST" or "PUT" or "PATCH" ? "write" : "admin";
        return $"{verb} actions need the '{needs}' permission; this assistant has '{scope.Permissions.ToString().ToLowerInvariant()}'. Tell the user instead of trying another way.";
    }

    /// <summary>The identity's connections within the options, from its own listing (read again when older than 30 s, or when <paramref name="fresh"/>).</summary>
    public async Task<IReadOnlyList<PicaConnection>> OwnedAsync(bool fresh, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!fresh && _owned is { } owned && _time.GetElapsedTime(owned.At) < OwnedFor)
            {
                return owned.Connections;
            }
        }

        var read = new List<PicaConnection>();
        await foreach (var connection in Connections.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (AllowsConnection(connection))
            {
                read.Add(connection);
            }

            if (read.Count == MaxOwned)
            {
                break;
            }
        }

        lock (_gate)
        {
            _owned = (_time.GetTimestamp(), read);
        }

        return read;
    }

    /// <summary>
    /// The identity's connection with this key within the options. Before a key is refused the listing is read
    /// again, unless it was read in the last five seconds (a connection made since shows up; a flood of unknown keys does not become a flood of listings).
    /// </summary>
    public async Task<PicaConnection?> OwnedConnectionAsync(string key, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (attempt == 1 && ReadWithin(RereadAfter))
            {
                break;
            }

            var owned = await OwnedAsync(fresh: attempt == 1, cancellationToken).ConfigureAwait(false);
            foreach (var connection in owned)
            {
                if (string.Equals(connection.Key, key, StringComparison.Ordinal))
                {
                    return connection;
                }
            }
        }

        return null;
    }

    private bool ReadWithin(TimeSpan period)
    {
        lock (_gate)
        {
            return _owned is { } owned && _time.GetElapsedTime(owned.At) < period;
        }
    }
}
