using System.Diagnostics;

namespace AuthKit.Benchmarks;

/// <summary>
/// The system clock, whose timestamps jump an hour ahead at each <see cref="Expire"/>: every token then
/// finds the account's cached white-label flag expired and takes the cold path (the flags call alongside
/// page 1, through the cache's entry). Timers are the system's.
/// </summary>
internal sealed class ExpiringClock : TimeProvider
{
    private long _offset;

    public override long GetTimestamp() => base.GetTimestamp() + Volatile.Read(ref _offset);

    public void Expire() => Interlocked.Add(ref _offset, Stopwatch.Frequency * 3600);
}
