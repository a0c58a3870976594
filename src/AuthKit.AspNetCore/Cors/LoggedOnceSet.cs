namespace AuthKit;

/// <summary>
/// Which values of one kind (refused origins, refused header names) have been logged, so that each is
/// logged once per process without letting a hostile client flood the log or the memory: at most
/// <c>maxValues</c> of them, each cleaned (control characters replaced) and bounded to <c>maxLength</c>
/// characters before it is kept; past the limit, one more answer says further values go unlogged.
/// </summary>
internal sealed class LoggedOnceSet(int maxValues, int maxLength, StringComparer comparer)
{
    private readonly object _gate = new();
    private readonly HashSet<string> _logged = new(comparer);
    private bool _limitLogged;

    public int MaxValues => maxValues;

    /// <summary>What to log for <paramref name="value"/>: the value (cleaned), the limit line, or nothing.</summary>
    /// <param name="value">As the client sent it.</param>
    /// <param name="cleaned">The value as it may be logged, when the answer is <see cref="LoggedOnce.Value"/>.</param>
    public LoggedOnce Take(string value, out string cleaned)
    {
        cleaned = ConfiguredValue.Clean(value, maxLength);
        lock (_gate)
        {
            if (_logged.Contains(cleaned) || (_logged.Count >= maxValues && _limitLogged))
            {
                return LoggedOnce.Nothing;
            }

            if (_logged.Count >= maxValues)
            {
                _limitLogged = true;
                return LoggedOnce.Limit;
            }

            _logged.Add(cleaned);
            return LoggedOnce.Value;
        }
    }
}

/// <summary>What <see cref="LoggedOnceSet.Take"/> says to log.</summary>
internal enum LoggedOnce
{
    /// <summary>Already logged, or past the limit and the limit line already logged.</summary>
    Nothing,

    /// <summary>A value not logged before: log it.</summary>
    Value,

    /// <summary>The first value past the limit: log that further values are not logged.</summary>
    Limit,
}
