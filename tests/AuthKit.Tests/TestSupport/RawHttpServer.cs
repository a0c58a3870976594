using System.Collections.Concurrent;
using System.Globalization;
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

    private static readonly byte[] Padding = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));

    private readonly Func<Request, Stream, CancellationToken, Task> _respond;
    private long _bytesSent;
    private int _served;

    /// <param name="respond">Writes the answer to a request target (path and query) on the raw stream.</param>
    public RawHttpServer(Func<RawHttpServer, string, Stream, CancellationToken, Task> respond)
    {
        _respond = (request, stream, ct) => respond(this, request.Target, stream, ct);
        NewServer.At(Url);
    }

    /// <param name="respond">Writes the answer to a request (its target and head, for answers that echo it) on the raw stream.</param>
    public RawHttpServer(Func<RawHttpServer, Request, Stream, CancellationToken, Task> respond)
    {
        _respond = (request, stream, ct) => respond(this, request, stream, ct);
        NewServer.At(Url);
    }

    /// <summary>Every request target received, in order.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    /// <summary>Body bytes written before the client stopped reading (or the writer stopped).</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Connections served to their end (the answer written, or the client gone).</summary>
    public int Served => Volatile.Read(ref _served);

    /// <summary>
    /// The send buffer of each accepted connection, when set: a fixed, small one stops the kernel from
    /// growing it, so that <see cref="BytesSent"/> stays close to what the client really read.
    /// </summary>
    public int? SendBufferSize { get; init; }

    public static bool IsFlags(string target) => target.StartsWith("/v1/users/flags", StringComparison.Ordinal);

    /// <summary>The page a page request asks for, 0 for any other request.</summary>
    public static int PageOf(string target) =>
        target.StartsWith("/v1/authkit?", StringComparison.Ordinal)
            ? int.Parse(target[(target.LastIndexOf('=') + 1)..], CultureInfo.InvariantCulture)
            : 0;

    /// <summary>Writes <paramref name="raw"/> as it is (head and body), for answers no HTTP library would produce.</summary>
    public async Task WriteRawAsync(Stream stream, string raw, CancellationToken cancellationToken)
    {
        var bytes = Encoding.Latin1.GetBytes(raw);
        await stream.WriteAsync(bytes, cancellationToken);
        Interlocked.Add(ref _bytesSent, bytes.Length);
    }

    /// <summary>
    /// An error answer (<paramref name="status"/>) whose body is <paramref name="bytes"/> long, declared or
    /// chunked, streamed for as long as the client reads.
    /// </summary>
    public async Task WriteErrorBodyAsync(Stream stream, int status, long bytes, bool chunked, CancellationToken cancellationToken)
    {
        await WriteHeadAsync(stream, chunked ? "Transfer-Encoding: chunked" : $"Content-Length: {bytes.ToString(CultureInfo.InvariantCulture)}", cancellationToken, status);
        await WriteFillerAsync(stream, bytes, chunked, cancellationToken);
    }

    /// <summary>
    /// A page answer of about <paramref name="paddingBytes"/> bytes: no rows, paging metadata for
    /// <paramref name="total"/> connections in <paramref name="pages"/> pages, and a field this SDK does not
    /// know holding the padding (kept as the page's additional properties, as Pica's future fields are).
    /// </summary>
    public async Task WritePaddedPageAsync(Stream stream, int page, int pages, long total, long paddingBytes, CancellationToken cancellationToken)
    {
        var head = Encoding.ASCII.GetBytes(FormattableString.Invariant(
            $"{{\"rows\":[],\"total\":{total},\"pages\":{pages},\"page\":{page},\"requestId\":{page},\"padding\":\""));
        var tail = "\"}"u8.ToArray();
        await WriteHeadAsync(stream, $"Content-Length: {(head.Length + paddingBytes + tail.Length).ToString(CultureInfo.InvariantCulture)}", cancellationToken);
        await stream.WriteAsync(head, cancellationToken);
        Interlocked.Add(ref _bytesSent, head.Length);
        for (var sent = 0L; sent < paddingBytes;)
        {
            var length = (int)Math.Min(Padding.Length, paddingBytes - sent);
            await stream.WriteAsync(Padding.AsMemory(0, length), cancellationToken);
            sent += length;
            Interlocked.Add(ref _bytesSent, length);
        }

        await stream.WriteAsync(tail, cancellationToken);
        Interlocked.Add(ref _bytesSent, tail.Length);
    }

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

    private static Task WriteHeadAsync(Stream stream, string framing, CancellationToken cancellationToken, int status = 200) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status} {(status == 200 ? "OK" : "Status")}\r\nContent-Type: application/json\r\n{framing}\r\nConnection: close\r\n\r\n"), cancellationToken).AsTask();

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
                if (SendBufferSize is { } size)
                {
                    client.Client.SendBufferSize = size;
                }

                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream, Stopping);
                if (request is null)
                {
                    return;
                }

                Received.Enqueue(request.Target);
                await _respond(request, stream, Stopping);
                await stream.FlushAsync(Stopping);
            }
            catch (Exception)
            {
                // The client hanging up mid-answer is the point of most of these answers.
            }
        }

        Interlocked.Increment(ref _served);
    }

    /// <summary>Reads the request head and body (by Content-Length).</summary>
    private static async Task<Request?> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        if (await ReadHeadAsync(stream, cancellationToken) is not { } head)
        {
            return null;
        }

        await stream.ReadExactlyAsync(new byte[ContentLength(head)], cancellationToken);
        return new Request(RequestTarget(head), Encoding.Latin1.GetString(head));
    }

    /// <summary>A request as received: its target (path and query, or host:port for CONNECT) and its head.</summary>
    public sealed record Request(string Target, string Head)
    {
        /// <summary>The request's header line named <paramref name="name"/> (as sent), or null.</summary>
        public string? HeaderLine(string name) =>
            Head.Split("\r\n").FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase));
    }
}
