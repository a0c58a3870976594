namespace AuthKit;

/// <summary>One account's white-label flag as last read from Pica, and the flags call in flight for it, if any.</summary>
internal sealed class AccountEntry(string authority)
{
    private readonly object _gate = new();
    private Reading? _last;
    private FlagsCall? _inFlight;

    /// <summary>The base URL's host and port, for <see cref="WhiteLabelCache.Forget"/>.</summary>
    public string Authority => authority;

    /// <summary>
    /// The flag read within <paramref name="maxAge"/>; otherwise the flags call in flight, joined;
    /// otherwise a new call, started with <paramref name="fetch"/> and bounded by <paramref name="callBound"/>.
    /// </summary>
    public WhiteLabelLookup Lookup(TimeSpan maxAge, TimeSpan callBound, TimeProvider time, Func<CancellationToken, Task<FlagsAnswer>> fetch)
    {
        if (TryRead(maxAge, time, out var value))
        {
            return new WhiteLabelLookup(value);
        }

        FlagsCall call;
        lock (_gate)
        {
            if (TryRead(maxAge, time, out value))
            {
                return new WhiteLabelLookup(value);
            }

            if (_inFlight is { } running && running.TryJoin())
            {
                return new WhiteLabelLookup(running);
            }

            call = new FlagsCall(new CancellationTokenSource(), shared: true, callBound, time);
            call.TryJoin();
            _inFlight = call;
        }

        // Outside the lock: the request's first steps run here, and other tokens join meanwhile.
        call.Start(fetch, answer => Completed(call, answer, time));
        return new WhiteLabelLookup(call);
    }

    /// <summary>No call in flight and nothing read within <paramref name="maxAge"/>: the entry can go.</summary>
    public bool IsStale(TimeSpan maxAge, TimeProvider time) =>
        Volatile.Read(ref _inFlight) is null && !TryRead(maxAge, time, out _);

    private bool TryRead(TimeSpan maxAge, TimeProvider time, out bool value)
    {
        var last = Volatile.Read(ref _last);
        if (last is not null && time.GetElapsedTime(last.At) < maxAge)
        {
            value = last.Value;
            return true;
        }

        value = false;
        return false;
    }

    private void Completed(FlagsCall call, FlagsAnswer answer, TimeProvider time)
    {
        lock (_gate)
        {
            // A failed call keeps nothing: not a false flag for the whole duration; the next token asks again.
            if (answer.Value is { } value)
            {
                Volatile.Write(ref _last, new Reading(value, time.GetTimestamp()));
            }

            if (ReferenceEquals(_inFlight, call))
            {
                _inFlight = null;
            }
        }
    }

    // At: when the answer came in, as TimeProvider.GetTimestamp() of the clock that read it.
    private sealed record Reading(bool Value, long At);
}
