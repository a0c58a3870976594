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
        Asked = true;
    }

    public WhiteLabelLookup(FlagsCall call)
    {
        Cached = false;
        Call = call;
        Asked = true;
    }

    /// <summary>The platform has no flags call (<see cref="AuthKitPlatformDialect.CallsWhiteLabelFlags"/>): the token goes out with <c>isWhiteLabel: false</c>.</summary>
    public static WhiteLabelLookup NotAsked => default;

    /// <summary>Whether the flag was looked up at all; <see langword="false"/> only for <see cref="NotAsked"/>.</summary>
    public bool Asked { get; }

    /// <summary>The cached flag, when <see cref="Call"/> is <see langword="null"/>.</summary>
    public bool Cached { get; }

    /// <summary>The flags call the token waits for; <see langword="null"/> when the cache answered.</summary>
    public FlagsCall? Call { get; }
}
