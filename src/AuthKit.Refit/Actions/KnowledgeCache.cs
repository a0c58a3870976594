namespace AuthKit;

/// <summary>
/// Actions' knowledge, least recently used first out, within a count and a byte bound read per insert (so a
/// reload applies at the next one). Entries are keyed by the account (a hash of the secret key that read
/// them) and the action id: a key rotated to another account never reads the previous account's entries.
/// An expired entry is kept while it fits: its <c>ETag</c> lets the next read be a 304.
/// </summary>
internal sealed class KnowledgeCache
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Account, string Id), LinkedListNode<KnowledgeEntry>> _entries = [];
    private readonly LinkedList<KnowledgeEntry> _order = new();
    private long _bytes;

    /// <summary>Entries held.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Bytes held, as received.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    public KnowledgeEntry? Get(string account, string id)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue((account, id), out var node))
            {
                return null;
            }

            _order.Remove(node);
            _order.AddFirst(node);
            return node.Value;
        }
    }

    public void Put(KnowledgeEntry entry, int maxEntries, long maxBytes)
    {
        lock (_gate)
        {
            if (_entries.Remove((entry.Account, entry.Id), out var old))
            {
                _order.Remove(old);
                _bytes -= old.Value.Size;
            }

            // One entry larger than the whole cache is not kept: it would evict everything else for nothing.
            if (entry.Size > maxBytes)
            {
                return;
            }

            while (_order.Last is { } last && (_entries.Count >= maxEntries || _bytes + entry.Size > maxBytes))
            {
                _order.RemoveLast();
                _entries.Remove((last.Value.Account, last.Value.Id));
                _bytes -= last.Value.Size;
            }

            _entries[(entry.Account, entry.Id)] = _order.AddFirst(entry);
            _bytes += entry.Size;
        }
    }
}
