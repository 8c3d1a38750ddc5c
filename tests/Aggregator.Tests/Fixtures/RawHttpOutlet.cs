using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Aggregator.Tests.Fixtures;

/// <summary>
/// An outlet on 127.0.0.1 that writes its answers byte for byte: the framing Kestrel refuses to send (a
/// Content-Length that lies, a chunk-size line that never ends, headers that trickle, a thousand 100 Continue).
/// Each request's path picks an answer; the answer writes to the socket and the connection closes after it.
/// </summary>
public sealed class RawHttpOutlet : IAsyncDisposable
{
    /// <summary>Request heads longer than this are not ours: the aggregator sends a few hundred bytes.</summary>
    private const int MaxRequestHead = 64 * 1024;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<string, Stream, CancellationToken, Task> _answer;
    private readonly Task _accepting;

    /// <param name="answer">Writes the whole answer to the path (path and query, as sent) on the stream.</param>
    public RawHttpOutlet(Func<string, Stream, CancellationToken, Task> answer)
    {
        _answer = answer;
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri BaseUrl { get; }

    public Uri Url(string path) => new(BaseUrl, path);

    /// <summary>A well-formed answer with the given status line, headers and body.</summary>
    public static byte[] Response(string status, IEnumerable<(string Name, string Value)> headers, byte[] body)
    {
        var head = new StringBuilder("HTTP/1.1 ").Append(status).Append("\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        var bytes = Encoding.Latin1.GetBytes(head.Append("Connection: close\r\n\r\n").ToString());
        return [.. bytes, .. body];
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
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var path = await ReadPathAsync(stream, _stop.Token);
                if (path is not null)
                {
                    await _answer(path, stream, _stop.Token);
                    await stream.FlushAsync(_stop.Token);
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The aggregator hung up (a limit, a deadline): that is what these answers are for.
            }
        }
    }

    private static async Task<string?> ReadPathAsync(Stream stream, CancellationToken ct)
    {
        var head = new List<byte>();
        var buffer = new byte[4096];
        while (head.Count < MaxRequestHead)
        {
            var read = await stream.ReadAsync(buffer, ct);
            if (read == 0)
            {
                return null;
            }
            head.AddRange(buffer.AsSpan(0, read));
            var text = Encoding.Latin1.GetString([.. head]);
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var requestLine = text[..text.IndexOf("\r\n", StringComparison.Ordinal)].Split(' ');
                return requestLine.Length >= 2 ? requestLine[1] : null;
            }
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
