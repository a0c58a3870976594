namespace AuthKit.Compare.Server;

/// <summary>Per-request latency drawn uniformly from [min, max] ms by one seeded generator.</summary>
internal sealed class LatencyDrawer(int minMs, int maxMs, int seed)
{
    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();
    private (int Min, int Max) _range = (minMs, maxMs);

    public void Set(int min, int max)
    {
        lock (_gate)
        {
            _range = (Math.Max(0, min), Math.Max(min, max));
        }
    }

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        int ms;
        lock (_gate)
        {
            ms = _random.Next(_range.Min, _range.Max + 1);
        }

        return ms == 0 ? Task.CompletedTask : Task.Delay(ms, cancellationToken);
    }
}
