using System.Net;
using System.Net.Sockets;

namespace Aggregator.Load;

/// <summary>A loopback port free right now, for a child that must be told its port up front.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
