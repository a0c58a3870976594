using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AuthKit.Tests.TestSupport;

/// <summary>
/// A bare loopback HTTP/1.1 server that writes answers byte by byte, for answers no well-behaved
/// server would send: a 100 MB Content-Length, a chunked body that never ends, a body trickling in.
/// One request per connection; the answer's writer decides what goes out and when to stop.
/// </summary>
internal sealed class RawHttpServer : LoopbackTcpServer
{
    private static readonly byte[] Filler = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));

    private readonly Func<string, Stream, CancellationToken, Task> _respond;
    private long _bytesSent;

    /// <param name="respond">Writes the answer to a request target (path and query) on the raw stream.</param>
    public RawHttpServer(Func<RawHttpServer, string, Stream, CancellationToken, Task> respond)
    {
        _respond = (target, stream, ct) => respond(this, target, stream, ct);
    }

    /// <summary>Every request target received, in order.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    /// <summary>Body bytes written before the client stopped reading (or the writer stopped).</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public static bool IsFlags(string target) => target.StartsWith("/v1/users/flags", StringComparison.Ordinal);

    /// <summary>A complete JSON answer.</summary>
    public async Task WriteJsonAsync(Stream stream, string json, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(json);
        await WriteHeadAsync(stream, $"Content-Length: {body.Length}", cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
        Interlocked.Add(ref _bytesSent, body.Length);
    }

    /// <summary>
    /// Declares <paramref name="declared"/> bytes and streams a JSON prefix then white space towards
    /// it, for as long as the client reads.
    /// </summary>
    public async Task WriteDeclaredAsync(Stream stream, long declared, CancellationToken cancellationToken)
    {
        await WriteHeadAsync(stream, $"Content-Length: {declared.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
        await WriteFillerAsync(stream, declared, chunked: false, cancellationToken);
    }

    /// <summary>A chunked body that never ends (capped at 1 GiB so a broken client cannot hang the run).</summary>
    public async Task WriteEndlessChunkedAsync(Stream stream, CancellationToken cancellationToken)
    {
        await WriteHeadAsync(stream, "Transfer-Encoding: chunked", cancellationToken);
        await WriteFillerAsync(stream, 1L << 30, chunked: true, cancellationToken);
    }

    /// <summary>No length at all: the body is whatever comes until the connection closes.</summary>
    public async Task WriteUntilCloseAsync(Stream stream, long bytes, CancellationToken cancellationToken)
    {
        await WriteHeadAsync(stream, "X-Length: none", cancellationToken);
        await WriteFillerAsync(stream, bytes, chunked: false, cancellationToken);
    }

    /// <summary>Declares a small body and sends it one byte per <paramref name="interval"/>.</summary>
    public async Task WriteTrickleAsync(Stream stream, string json, TimeSpan interval, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(json);
        await WriteHeadAsync(stream, $"Content-Length: {body.Length}", cancellationToken);
        foreach (var b in body)
        {
            await stream.WriteAsync(new[] { b }, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            Interlocked.Increment(ref _bytesSent);
            await Task.Delay(interval, cancellationToken);
        }
    }

    private static Task WriteHeadAsync(Stream stream, string framing, CancellationToken cancellationToken) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{framing}\r\nConnection: close\r\n\r\n"), cancellationToken).AsTask();

    private async Task WriteFillerAsync(Stream stream, long total, bool chunked, CancellationToken cancellationToken)
    {
        var prefix = Encoding.ASCII.GetBytes("{\"rows\":[");
        var sent = 0L;
        var first = true;
        while (sent < total)
        {
            var piece = first ? prefix : Filler;
            var length = (int)Math.Min(piece.Length, total - sent);
            first = false;
            if (chunked)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"{length:X}\r\n"), cancellationToken);
            }

            await stream.WriteAsync(piece.AsMemory(0, length), cancellationToken);
            if (chunked)
            {
                await stream.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
            }

            sent += length;
            Interlocked.Add(ref _bytesSent, length);
        }
    }

    protected override async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var target = await ReadRequestAsync(stream, Stopping);
                if (target is null)
                {
                    return;
                }

                Received.Enqueue(target);
                await _respond(target, stream, Stopping);
                await stream.FlushAsync(Stopping);
            }
            catch (Exception)
            {
                // The client hanging up mid-answer is the point of most of these answers.
            }
        }
    }

    /// <summary>Reads the request head and body (by Content-Length); returns the request target.</summary>
    private static async Task<string?> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        if (await ReadHeadAsync(stream, cancellationToken) is not { } head)
        {
            return null;
        }

        await stream.ReadExactlyAsync(new byte[ContentLength(head)], cancellationToken);
        return RequestTarget(head);
    }
}
