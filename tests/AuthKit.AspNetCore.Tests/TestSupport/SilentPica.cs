using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AuthKit.AspNetCore.Tests.TestSupport;

/// <summary>
/// A stand-in for Pica on 127.0.0.1 that reads each request and never answers: it only watches each
/// connection until the client closes it. Shows whether the SDK's calls were cancelled (the client
/// went away) rather than answered or timed out.
/// </summary>
internal sealed class SilentPica : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Call> _calls = new();
    private readonly Task _accepting;

    public SilentPica()
    {
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri Url { get; }

    /// <summary>The requests received, in arrival order.</summary>
    public IReadOnlyList<Call> Calls => [.. _calls];

    /// <summary>Completes when a request line starting with <paramref name="requestLinePrefix"/> has arrived.</summary>
    public async Task<Call> WaitForAsync(string requestLinePrefix)
    {
        while (true)
        {
            if (_calls.FirstOrDefault(c => c.RequestLine.StartsWith(requestLinePrefix, StringComparison.Ordinal)) is { } call)
            {
                return call;
            }

            await Task.Delay(10, _stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

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

            _ = WatchAsync(client);
        }
    }

    private async Task WatchAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var head = new StringBuilder();
            var buffer = new byte[4096];
            Call? call = null;
            try
            {
                while (true)
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        // The client closed the connection without an answer: its request was given up.
                        call?.Closed.TrySetResult();
                        return;
                    }

                    if (call is null)
                    {
                        head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                        if (head.ToString().IndexOf("\r\n", StringComparison.Ordinal) is var end and > 0)
                        {
                            call = new Call(head.ToString()[..end]);
                            _calls.Enqueue(call);
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException)
            {
                call?.Closed.TrySetResult(); // reset by the client: given up too
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>One request received: its request line, and whether the client has closed its connection.</summary>
    internal sealed class Call(string requestLine)
    {
        public string RequestLine { get; } = requestLine;

        public TaskCompletionSource Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
