using System.Collections.Concurrent;

namespace AuthKit;

/// <summary>
/// The white-label flag of each account (<see cref="AccountId"/>: base URL and key) for the whole
/// process: every client of an account shares it, the DI singleton and a <c>new AuthKitToken(…)</c> per
/// request alike, and so shares its one flags call in flight. A rotated key is another account.
/// </summary>
internal sealed class WhiteLabelCache
{
    // Past this many accounts, adding one first drops those with nothing fresh and no call in flight:
    // the memory is that of the accounts in use, whatever the number of keys a process goes through.
    private const int SweepAbove = 1024;

    private readonly ConcurrentDictionary<AccountId, AccountEntry> _accounts = new();

    public static WhiteLabelCache Shared { get; } = new();

    public AccountEntry Entry(AccountId account, Uri baseUrl, TimeSpan maxAge, TimeProvider time)
    {
        if (_accounts.TryGetValue(account, out var entry))
        {
            return entry;
        }

        entry = _accounts.GetOrAdd(account, new AccountEntry(baseUrl.Authority));
        if (_accounts.Count > SweepAbove)
        {
            foreach (var (id, other) in _accounts)
            {
                if (!ReferenceEquals(other, entry) && other.IsStale(maxAge, time))
                {
                    _accounts.TryRemove(KeyValuePair.Create(id, other));
                }
            }
        }

        return entry;
    }

    /// <summary>
    /// Drops what is known of the accounts on <paramref name="baseUrl"/>'s host and port. For test servers,
    /// which take ports that earlier servers of the same test run had: what an earlier server answered
    /// for the same key is not this one's answer.
    /// </summary>
    internal void Forget(Uri baseUrl)
    {
        foreach (var (id, entry) in _accounts)
        {
            if (string.Equals(entry.Authority, baseUrl.Authority, StringComparison.OrdinalIgnoreCase))
            {
                _accounts.TryRemove(KeyValuePair.Create(id, entry));
            }
        }
    }
}
