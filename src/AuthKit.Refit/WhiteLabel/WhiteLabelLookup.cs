namespace AuthKit;

/// <summary>
/// One token's way to its white-label flag: the value the account's cache held, or the flags call it
/// waits for (its own when the cache is off, or the account's shared one).
/// </summary>
internal readonly struct WhiteLabelLookup
{
    public WhiteLabelLookup(bool cached)
    {
        Cached = cached;
        Call = null;
    }

    public WhiteLabelLookup(FlagsCall call)
    {
        Cached = false;
        Call = call;
    }

    /// <summary>The cached flag, when <see cref="Call"/> is <see langword="null"/>.</summary>
    public bool Cached { get; }

    /// <summary>The flags call the token waits for; <see langword="null"/> when the cache answered.</summary>
    public FlagsCall? Call { get; }
}
