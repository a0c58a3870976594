namespace AuthKit;

/// <summary>
/// The bytes one token may still take across its pages (<see cref="AuthKitOptions.MaxTokenBytes"/>),
/// charged by <see cref="ResponseBufferingHandler"/> as each page's body is read, so that the page
/// crossing it is refused mid-read. It rides the call's async flow to the handler (as
/// <c>Activity.Current</c> does): the public Refit interface has no parameter for it, and the flags
/// call, which is not part of the token, never carries one.
/// </summary>
internal sealed class TokenByteBudget(long limit)
{
    private static readonly AsyncLocal<TokenByteBudget?> Ambient = new();

    private long _charged;

    /// <summary>The budget of the page request in flight on this async flow, if any.</summary>
    public static TokenByteBudget? Current
    {
        get => Ambient.Value;
        set => Ambient.Value = value;
    }

    public long Limit => limit;

    /// <summary>What may still be read; negative once the budget is spent.</summary>
    public long Remaining => limit - Interlocked.Read(ref _charged);

    /// <summary>Charges <paramref name="bytes"/>; <see langword="false"/> when that takes the token over the limit.</summary>
    public bool TryCharge(long bytes) => Interlocked.Add(ref _charged, bytes) <= limit;

    /// <summary>Gives back the bytes of an attempt that failed and will be retried (or not used).</summary>
    public void Refund(long bytes) => Interlocked.Add(ref _charged, -bytes);
}
