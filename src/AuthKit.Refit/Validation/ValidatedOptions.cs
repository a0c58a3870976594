using Microsoft.Extensions.Options;

namespace AuthKit;

/// <summary>
/// The options a client runs with: a validated copy, never the live options object (which any code
/// holding <c>IOptions&lt;AuthKitOptions&gt;</c> can edit after start), replaced as a whole when a
/// valid change arrives, so that one call always sees one consistent set. It also remembers the keys
/// the client has held, for the <see cref="Redactor"/>: an answer to a request sent just before a
/// rotation can echo the previous key.
/// </summary>
internal sealed class ValidatedOptions : IDisposable
{
    private const int KeysRemembered = 8;

    // AtStartOnly: the options the HTTP pipeline is built from once (the address the key goes to, the
    // connection pool, the retry and timeout strategy). The others are read per request or per call.
    private static readonly Member[] Members =
    [
        new(nameof(AuthKitOptions.SecretKey), false, o => o.SecretKey),
        new(nameof(AuthKitOptions.Platform), true, o => o.Platform),
        new(nameof(AuthKitOptions.BaseUrl), true, o => o.BaseUrl),
        new(nameof(AuthKitOptions.PageSize), false, o => o.PageSize),
        new(nameof(AuthKitOptions.MaxConcurrentPageRequests), false, o => o.MaxConcurrentPageRequests),
        new(nameof(AuthKitOptions.MaxRetries), true, o => o.MaxRetries),
        new(nameof(AuthKitOptions.Timeout), true, o => o.Timeout),
        new(nameof(AuthKitOptions.MaxPages), false, o => o.MaxPages),
        new(nameof(AuthKitOptions.RetryDelay), true, o => o.RetryDelay),
        new(nameof(AuthKitOptions.MaxRetryDelay), true, o => o.MaxRetryDelay),
        new(nameof(AuthKitOptions.FlagsGracePeriod), false, o => o.FlagsGracePeriod),
        new(nameof(AuthKitOptions.WhiteLabelCacheDuration), false, o => o.WhiteLabelCacheDuration),
        new(nameof(AuthKitOptions.MaxResponseBytes), false, o => o.MaxResponseBytes),
        new(nameof(AuthKitOptions.PooledConnectionLifetime), true, o => o.PooledConnectionLifetime),
        new(nameof(AuthKitOptions.MaxConnectionsPerServer), true, o => o.MaxConnectionsPerServer),
        new(nameof(AuthKitOptions.MaxTokenBytes), false, o => o.MaxTokenBytes),
        new(nameof(AuthKitOptions.TotalTimeout), false, o => o.TotalTimeout),
        new(nameof(AuthKitOptions.PassthroughConfirmationDuration), false, o => o.PassthroughConfirmationDuration),
        new(nameof(AuthKitOptions.ActionKnowledgeCacheDuration), false, o => o.ActionKnowledgeCacheDuration),
        new(nameof(AuthKitOptions.MaxCachedActions), false, o => o.MaxCachedActions),
        new(nameof(AuthKitOptions.MaxCachedActionBytes), false, o => o.MaxCachedActionBytes),
        new(nameof(AuthKitOptions.MaxActionResultBytes), false, o => o.MaxActionResultBytes),
    ];

    private readonly object _gate = new();
    private readonly List<IDisposable> _subscriptions = [];
    private AuthKitOptions _current;
    private string[] _keys;

    private ValidatedOptions(AuthKitOptions validated)
    {
        _current = validated;
        _keys = [validated.SecretKey];
        Redactor = new Redactor(() => Volatile.Read(ref _keys));
    }

    /// <summary>The options of the current validated snapshot; read once per call and kept for the call.</summary>
    public AuthKitOptions Current => Volatile.Read(ref _current);

    /// <summary>The keys this client has held, newest first (at most 8).</summary>
    public IReadOnlyList<string> Keys => Volatile.Read(ref _keys);

    /// <summary>Cleans what the client emits of these keys (and of everything else a server may put in).</summary>
    public Redactor Redactor { get; }

    /// <summary>The options that take effect without a restart, and those fixed when the client is built.</summary>
    internal static IEnumerable<(string Name, bool AtStartOnly)> Followed => Members.Select(m => (m.Name, m.AtStartOnly));

    /// <summary>For <c>new AuthKitToken(…)</c>: a copy, validated, or an <see cref="ArgumentException"/> listing every problem.</summary>
    public static ValidatedOptions ForClient(AuthKitOptions options, string paramName)
    {
        var copy = options.Clone();
        AuthKitOptionsValidator.ThrowIfInvalid(copy, paramName);
        return new ValidatedOptions(copy);
    }

    /// <summary>For <c>AddAuthKit</c>: a copy, validated, or an <see cref="OptionsValidationException"/>.</summary>
    public static ValidatedOptions ForServices(AuthKitOptions options)
    {
        var copy = options.Clone();
        var result = new AuthKitOptionsValidator().Validate(Options.DefaultName, copy);
        return result.Failed
            ? throw new OptionsValidationException(Options.DefaultName, typeof(AuthKitOptions), result.Failures)
            : new ValidatedOptions(copy);
    }

    /// <summary>
    /// Takes <paramref name="candidate"/> (a copy of it) as the current options if it is valid and
    /// leaves the options fixed at start as they are; otherwise keeps the current ones.
    /// </summary>
    /// <param name="candidate">The options as reloaded.</param>
    /// <param name="changed">The names of the options that changed, when taken; empty otherwise.</param>
    /// <returns>Why the candidate was refused (never quoting a key), or <see langword="null"/> when taken or unchanged.</returns>
    public string? TryReplace(AuthKitOptions candidate, out IReadOnlyList<string> changed)
    {
        changed = [];
        var copy = candidate.Clone();
        var result = new AuthKitOptionsValidator().Validate(Options.DefaultName, copy);
        if (result.Failed)
        {
            return string.Join(" ", result.Failures ?? []);
        }

        lock (_gate)
        {
            var current = _current;
            var differing = Members.Where(m => !Equals(m.Value(current), m.Value(copy))).ToList();
            var fixedAtStart = differing.Where(m => m.AtStartOnly).Select(m => m.Name).ToList();
            if (fixedAtStart.Count > 0)
            {
                // All or nothing: a key that came with a new BaseUrl must never go to the old one.
                return $"{string.Join(", ", fixedAtStart)} cannot change while the application runs; restart it to apply the new options " +
                    "(none of the reloaded values were applied, the secret key included)";
            }

            if (differing.Count == 0)
            {
                return null;
            }

            if (!string.Equals(copy.SecretKey, current.SecretKey, StringComparison.Ordinal))
            {
                // Known to the Redactor before it is ever sent.
                Volatile.Write(ref _keys, [copy.SecretKey, .. _keys.Where(k => k != copy.SecretKey).Take(KeysRemembered - 1)]);
            }

            Volatile.Write(ref _current, copy);
            changed = differing.Select(m => m.Name).ToList();
            return null;
        }
    }

    /// <summary>Keeps a change subscription alive as long as these options, and ends it with them.</summary>
    public void Follow(IDisposable subscription)
    {
        lock (_subscriptions)
        {
            _subscriptions.Add(subscription);
        }
    }

    public void Dispose()
    {
        lock (_subscriptions)
        {
            foreach (var subscription in _subscriptions)
            {
                subscription.Dispose();
            }

            _subscriptions.Clear();
        }
    }

    private sealed record Member(string Name, bool AtStartOnly, Func<AuthKitOptions, object?> Value);
}
