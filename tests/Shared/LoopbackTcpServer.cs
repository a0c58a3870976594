using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AuthKit.Tests.TestSupport;

/// <summary>
/// A TCP listener on 127.0.0.1 that hands every accepted connection to <see cref="ServeAsync"/>: the
/// common part of the tests' proxies and raw servers, which speak just enough HTTP/1.1 by hand.
/// Shared by the test projects: linked into each. A derived server that the SDK's white-label cache
/// must not confuse with an earlier one on the same port calls NewServer.At(Url) itself.
/// </summary>
public abstract class LoopbackTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private int _accepted;

    protected LoopbackTcpServer()
    {
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

        // No connection can arrive before the constructor returns the Url, so derived fields are set by then.
        _acceptLoop = AcceptAsync();
    }

    public Uri Url { get; }

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    protected CancellationToken Stopping => _stop.Token;

    /// <summary>Serves one accepted connection; the connection is the override's to dispose.</summary>
    protected abstract Task ServeAsync(TcpClient client);

    /// <summary>Reads an HTTP/1.1 head up to its blank line; <see langword="null"/> at end of stream.</summary>
    protected static async Task<byte[]?> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = new List<byte>(1024);
        var one = new byte[1];
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return null;
            }

            head.Add(one[0]);
        }

        return [.. head];
    }

    /// <summary>The Content-Length a head declares, 0 when none.</summary>
    protected static int ContentLength(byte[] head) =>
        Encoding.ASCII.GetString(head).Split("\r\n")
            .Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture))
            .FirstOrDefault();

    /// <summary>The request target (path and query) of a request head.</summary>
    protected static string RequestTarget(byte[] head) => Encoding.ASCII.GetString(head).Split(' ')[1];

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            _ = ServeAsync(client);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
