using System.Collections.Concurrent;
using AuthKit.Tests.TestSupport;

namespace AuthKit.Tests.Passthrough;

/// <summary>
/// Pica as the socket sees it: every request head exactly as it arrived (request line and header lines),
/// before any HTTP library parses, decodes or merges anything. The Vault answers a lookup by key from
/// <see cref="TwoTenants"/>' rows; every other request gets an empty 200.
/// </summary>
internal sealed class RecordingPica : IAsyncDisposable
{
    private readonly RawHttpServer _server;

    public RecordingPica()
    {
        _server = new RawHttpServer(async (server, request, stream, ct) =>
        {
            Heads.Enqueue(new Head(request.Head));
            if (request.Target.StartsWith("/v1/vault/connections?", StringComparison.Ordinal))
            {
                var rows = request.Target.Contains(Uri.EscapeDataString(TwoTenants.TheirKey), StringComparison.Ordinal)
                    ? TwoTenants.Row(TwoTenants.TheirsId, TwoTenants.TheirKey, "user_2")
                    : TwoTenants.Row(TwoTenants.MineId, TwoTenants.MyKey, "user_1");
                await server.WriteJsonAsync(stream, $$"""{"rows":[{{rows}}],"total":1,"pages":1,"page":1}""", ct);
                return;
            }

            await server.WriteJsonAsync(stream, "{}", ct);
        });
    }

    public Uri Url => _server.Url;

    /// <summary>Every request head, in arrival order.</summary>
    public ConcurrentQueue<Head> Heads { get; } = new();

    /// <summary>The passthrough requests' heads, in arrival order.</summary>
    public IEnumerable<Head> Passthrough => Heads.Where(h => !h.Target.StartsWith("/v1/vault/", StringComparison.Ordinal));

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    /// <summary>A request head as received.</summary>
    internal sealed record Head(string Text)
    {
        private string[] Lines => Text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        public string Method => Lines[0].Split(' ')[0];

        public string Target => Lines[0].Split(' ')[1];

        /// <summary>The values of every header line named <paramref name="name"/>, in order.</summary>
        public IReadOnlyList<string> Values(string name) =>
            Lines.Skip(1)
                .Where(l => l.Length > name.Length && l[name.Length] == ':' && l.StartsWith(name, StringComparison.OrdinalIgnoreCase))
                .Select(l => l[(name.Length + 1)..].Trim())
                .ToList();

        public override string ToString() => Lines[0];
    }
}
