namespace AuthKit;

/// <summary>The flag a token goes out with, and where it came from (a span tag): <c>cache</c>, <c>pica</c>, <c>fallback</c> or <c>none</c> (a platform without the flags call).</summary>
internal readonly record struct WhiteLabelFlag(bool IsWhiteLabel, string Source)
{
    public static WhiteLabelFlag Cached(bool value) => new(value, "cache");

    public static WhiteLabelFlag Read(bool value) => new(value, "pica");

    public static WhiteLabelFlag Fallback { get; } = new(false, "fallback");

    public static WhiteLabelFlag NotAsked { get; } = new(false, "none");
}
