namespace AuthKit;

/// <summary>What one flags call ended with: the flag, or why there is none (cleaned, never quoting the key).</summary>
internal readonly record struct FlagsAnswer(bool? Value, string? Failure)
{
    public static FlagsAnswer Read(bool value) => new(value, null);

    public static FlagsAnswer Failed(string reason) => new(null, reason);
}
