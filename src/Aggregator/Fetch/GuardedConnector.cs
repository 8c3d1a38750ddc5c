using System.Net;
using System.Net.Sockets;

namespace Aggregator.Fetch;

/// <summary>
/// The ConnectCallback of the client that carries untrusted destinations: resolves the name once,
/// drops every private address, and connects only to what is left. Checking the address actually
/// connected to (not the URL) is what stops DNS tricks: a public name resolving to 127.0.0.1, or
/// rebinding between a check and a second lookup (there is no second lookup).
/// </summary>
internal static class GuardedConnector
{
    internal static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var resolved = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = resolved.Where(address => !NetworkRanges.IsPrivate(address)).ToArray();
        if (allowed.Length == 0)
        {
            // A name resolving to nothing is a DNS failure the handler reports as such.
            if (resolved.Length == 0)
            {
                throw new SocketException((int)SocketError.HostNotFound);
            }

            throw new PrivateAddressRefusedException(resolved[0], host);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
