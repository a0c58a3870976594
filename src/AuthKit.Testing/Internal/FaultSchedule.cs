namespace AuthKit.Testing.Internal;

/// <summary>
/// Faults waiting for their requests, per target (a page number, the flags call, the passthrough…). Each
/// scheduled fault hits the next <c>times</c> requests for its target, in the order the faults were
/// scheduled. A fault scheduled with a key (e.g. an action id) hits only requests taken with that key, and
/// one without a key hits any request of its target; a keyed fault that does not match is passed over,
/// not waited for. Thread-safe: concurrent requests each take a distinct hit.
/// </summary>
internal sealed class FaultSchedule
{
    private readonly object _gate = new();
    private readonly Dictionary<int, List<Entry>> _byTarget = [];

    public void Add(int target, PicaFault fault, int times, string? key = null)
    {
        lock (_gate)
        {
            if (!_byTarget.TryGetValue(target, out var entries))
            {
                _byTarget[target] = entries = [];
            }

            entries.Add(new Entry(fault, times, key));
        }
    }

    public PicaFault? Take(int target, string? key = null)
    {
        lock (_gate)
        {
            if (!_byTarget.TryGetValue(target, out var entries))
            {
                return null;
            }

            var index = entries.FindIndex(e => e.Key is null || string.Equals(e.Key, key, StringComparison.Ordinal));
            if (index < 0)
            {
                return null;
            }

            var entry = entries[index];
            if (entry.Remaining != int.MaxValue && --entry.Remaining == 0)
            {
                entries.RemoveAt(index);
            }

            return entry.Fault;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _byTarget.Clear();
        }
    }

    private sealed class Entry(PicaFault fault, int remaining, string? key)
    {
        public PicaFault Fault { get; } = fault;

        public string? Key { get; } = key;

        public int Remaining { get; set; } = remaining;
    }
}
