namespace AuthKit.Testing.Internal;

/// <summary>
/// Faults waiting for their requests, per target (a page number, or the flags call). Each scheduled
/// fault hits the next <c>times</c> requests for its target, in the order the faults were scheduled.
/// Thread-safe: concurrent requests each take a distinct hit.
/// </summary>
internal sealed class FaultSchedule
{
    private readonly object _gate = new();
    private readonly Dictionary<int, Queue<Entry>> _byTarget = [];

    public void Add(int target, PicaFault fault, int times)
    {
        lock (_gate)
        {
            if (!_byTarget.TryGetValue(target, out var queue))
            {
                _byTarget[target] = queue = new Queue<Entry>();
            }

            queue.Enqueue(new Entry(fault, times));
        }
    }

    public PicaFault? Take(int target)
    {
        lock (_gate)
        {
            if (!_byTarget.TryGetValue(target, out var queue) || queue.Count == 0)
            {
                return null;
            }

            var entry = queue.Peek();
            if (entry.Remaining != int.MaxValue && --entry.Remaining == 0)
            {
                queue.Dequeue();
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

    private sealed class Entry(PicaFault fault, int remaining)
    {
        public PicaFault Fault { get; } = fault;

        public int Remaining { get; set; } = remaining;
    }
}
