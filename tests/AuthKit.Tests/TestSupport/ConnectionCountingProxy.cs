using System.Net;
using System.Net.Sockets;

namespace AuthKit.Tests.TestSupport;

/// <summary>A loopback TCP proxy in front of a test server that counts the connections clients open.</summary>
internal sealed class ConnectionCountingProxy : LoopbackTcpServer
{
    private readonly int _targetPort;

    public ConnectionCountingProxy(Uri target)
    {
        _targetPort = target.Port;
        NewServer.At(Url);
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
                await Task.WhenAny(down.CopyToAsync(up, Stopping), up.CopyToAsync(down, Stopping));
            }
            catch (Exception)
            {
                // A closed side ends the pipe; that is all a proxy does with it.
            }
        }
    }
}
