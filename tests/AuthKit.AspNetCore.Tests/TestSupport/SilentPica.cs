using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using AuthKit.Tests.TestSupport;

namespace AuthKit.AspNetCore.Tests.TestSupport;

/// <summary>
/// A stand-in for Pica on 127.0.0.1 that reads each request and never answers: it only watches each
/// connection until the client closes it. Shows whether the SDK's calls were cancelled (the client
/// went away) rather than answered or timed out.
/// </summary>
internal sealed class SilentPica : LoopbackTcpServer
{
    private readonly ConcurrentQueue<Call> _calls = new();

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

            await Task.Delay(10, Stopping);
        }
    }

    protected override async Task ServeAsync(TcpClient client)
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
                    var read = await stream.ReadAsync(buffer, Stopping);
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
