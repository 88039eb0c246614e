using System.Net;
using System.Net.Sockets;

namespace OneDay.Tests.Security;

/// <summary>
/// HTTP clients whose connections come from another loopback address (127.0.0.0/8 is all loopback on
/// Linux), so the gateway sees requests from many sources without any forwarded-header trust.
/// </summary>
public static class SourceAddress
{
    public static HttpClient Client(Uri gateway, string localAddress)
    {
        var local = IPAddress.Parse(localAddress);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
    }
}
