using System.Globalization;

namespace AuthKit.Compare.Server;

/// <summary>The server's request log, as counts: pages and flags calls received since it started.</summary>
internal sealed class RequestCounts
{
    private long _pages;
    private long _flags;

    public void Page() => Interlocked.Increment(ref _pages);

    public void Flags() => Interlocked.Increment(ref _flags);

    public string Json() => string.Create(CultureInfo.InvariantCulture, $$"""{"pages":{{Interlocked.Read(ref _pages)}},"flags":{{Interlocked.Read(ref _flags)}}}""");
}
