using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AuthKit.Tests.TestSupport;

/// <summary>
/// A loopback HTTP/1.1 proxy in front of a test server that breaks chosen requests for real:
/// resets the connection, or cuts the answer's body off mid-way. WireMock's own faults answer 200
/// with a bad body, which is a different failure.
/// </summary>
public sealed class FaultProxy : LoopbackTcpServer
{
    private readonly int _targetPort;
    private readonly List<Rule> _rules = [];

    public FaultProxy(Uri target)
    {
        _targetPort = target.Port;
        NewServer.At(Url);
    }

    public enum Fault
    {
        /// <summary>The connection is reset as soon as the request is in.</summary>
        Reset,

        /// <summary>The answer's headers and half its body are sent, then the connection is closed.</summary>
        CutBody,

        /// <summary>The connection is closed cleanly (FIN) without a single byte of answer: an empty reply.</summary>
        CloseWithoutAnswer,
    }

    /// <summary>Every request target (path and query) the proxy received, faulted or not.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    /// <summary>Every request target with the <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> of its arrival.</summary>
    public ConcurrentQueue<(string Target, long Timestamp)> ReceivedAt { get; } = new();

    public static Func<string, bool> Page(int page) =>
        target => target.StartsWith("/v1/authkit?", StringComparison.Ordinal) && target.EndsWith($"&page={page}", StringComparison.Ordinal);

    public static Func<string, bool> Flags { get; } = target => target.StartsWith("/v1/users/flags", StringComparison.Ordinal);

    /// <summary>Breaks the next <paramref name="times"/> requests matching <paramref name="match"/>.</summary>
    public void Inject(Func<string, bool> match, Fault fault, int times = 1)
    {
        lock (_rules)
        {
            _rules.Add(new Rule(match, fault, times));
        }
    }

    private Fault? Take(string target)
    {
        lock (_rules)
        {
            var rule = _rules.FirstOrDefault(r => r.Remaining > 0 && r.Match(target));
            if (rule is null)
            {
                return null;
            }

            rule.Remaining--;
            return rule.Fault;
        }
    }

    protected override async Task ServeAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, Stopping);
                var down = client.GetStream();
                var up = upstream.GetStream();
                while (await ReadMessageAsync(down, Stopping) is { } request)
                {
                    var target = RequestTarget(request.Head);
                    Received.Enqueue(target);
                    ReceivedAt.Enqueue((target, System.Diagnostics.Stopwatch.GetTimestamp()));
                    var fault = Take(target);
                    if (fault == Fault.Reset)
                    {
                        client.Client.LingerState = new LingerOption(true, 0); // close with RST
                        return;
                    }

                    if (fault == Fault.CloseWithoutAnswer)
                    {
                        client.Client.Shutdown(SocketShutdown.Both);
                        return;
                    }

                    await up.WriteAsync(request.Head, Stopping);
                    await up.WriteAsync(request.Body, Stopping);
                    var response = await ReadMessageAsync(up, Stopping) ?? throw new IOException("upstream closed");
                    await down.WriteAsync(response.Head, Stopping);
                    if (fault == Fault.CutBody)
                    {
                        await down.WriteAsync(response.Body.AsMemory(0, response.Body.Length / 2), Stopping);
                        await down.FlushAsync(Stopping);
                        return;
                    }

                    await down.WriteAsync(response.Body, Stopping);
                }
            }
            catch (Exception)
            {
                // Either side closing ends the conversation; that is all a proxy does with it.
            }
        }
    }

    /// <summary>Reads one HTTP/1.1 message (Content-Length, chunked or no body); null at end of stream.</summary>
    private static async Task<Message?> ReadMessageAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        if (await ReadHeadAsync(stream, cancellationToken) is not { } head)
        {
            return null;
        }

        var headText = Encoding.ASCII.GetString(head);
        if (headText.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            return new Message(head, await ReadChunkedAsync(stream, cancellationToken));
        }

        var body = new byte[ContentLength(head)];
        await stream.ReadExactlyAsync(body, cancellationToken);
        return new Message(head, body);
    }

    /// <summary>Reads a chunked body as raw bytes (chunk framing included), to relay as it came.</summary>
    private static async Task<byte[]> ReadChunkedAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var raw = new List<byte>();
        while (true)
        {
            var line = await ReadLineAsync(stream, raw, cancellationToken);
            var size = Convert.ToInt32(line.Split(';')[0].Trim(), 16);
            var chunk = new byte[size + 2]; // data and its CRLF
            await stream.ReadExactlyAsync(chunk, cancellationToken);
            raw.AddRange(chunk);
            if (size == 0)
            {
                return [.. raw];
            }
        }
    }

    private static async Task<string> ReadLineAsync(NetworkStream stream, List<byte> raw, CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (line.Count < 2 || line[^2] != '\r' || line[^1] != '\n')
        {
            await stream.ReadExactlyAsync(one, cancellationToken);
            line.Add(one[0]);
        }

        raw.AddRange(line);
        return Encoding.ASCII.GetString(line.ToArray(), 0, line.Count - 2);
    }

    private sealed record Message(byte[] Head, byte[] Body);

    private sealed class Rule(Func<string, bool> match, Fault fault, int remaining)
    {
        public Func<string, bool> Match { get; } = match;

        public Fault Fault { get; } = fault;

        public int Remaining { get; set; } = remaining;
    }
}
