using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Tests.Fixtures;

/// <summary>
/// A real Kestrel server on 127.0.0.1 playing the outlets: serves files from a folder (or bodies set
/// by the test), with ETag and Last-Modified, answers conditional requests with 304, and records
/// every request so tests can see what the aggregator sent.
/// </summary>
public sealed class OutletServer : IAsyncDisposable
{
    private static readonly DateTimeOffset LastModified = new(2024, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private readonly LoopbackApp _app;
    private readonly string _root;
    private readonly ConcurrentDictionary<string, (byte[] Body, string ContentType)> _overrides = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (int Status, string? Location)> _statuses = new(StringComparer.Ordinal);

    private OutletServer(LoopbackApp app, string root)
    {
        _app = app;
        _root = root;
        BaseUrl = new Uri(app.Address.AbsoluteUri.TrimEnd('/') + "/");
    }

    public Uri BaseUrl { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static async Task<OutletServer> StartAsync(string root)
    {
        OutletServer? server = null;
        var app = await LoopbackApp.StartAsync(web => web.Run(context => server!.HandleAsync(context)));
        server = new OutletServer(app, root);
        return server;
    }

    public Uri Url(string path) => new(BaseUrl, path);

    /// <summary>Computes each answer's body for the paths it does not return null for, before overrides and files.</summary>
    public Func<string, string?>? Dynamic { get; set; }

    /// <summary>Serve this body at the path from now on, instead of the file.</summary>
    public void Set(string path, string body, string contentType = "application/xml") =>
        _overrides["/" + path.TrimStart('/')] = (System.Text.Encoding.UTF8.GetBytes(body), contentType);

    /// <summary>Answer the path with a bare status (and Location, for redirects) from now on.</summary>
    public void SetStatus(string path, int status, string? location = null) =>
        _statuses["/" + path.TrimStart('/')] = (status, location);

    public IReadOnlyList<RecordedRequest> RequestsTo(string path) =>
        Requests.Where(r => r.Path == "/" + path.TrimStart('/')).ToList();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        Requests.Enqueue(new RecordedRequest(request.Path.Value!, request.Headers.IfNoneMatch.ToString(),
            request.Headers.IfModifiedSince.ToString(), request.Headers.UserAgent.ToString(), DateTimeOffset.UtcNow));

        if (_statuses.TryGetValue(request.Path.Value!, out var fixedStatus))
        {
            context.Response.StatusCode = fixedStatus.Status;
            if (fixedStatus.Location is { } location)
            {
                context.Response.Headers.Location = location;
            }
            return;
        }
        if (!TryGetBody(request.Path.Value!, out var body, out var contentType))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var etag = "\"" + Convert.ToHexString(SHA256.HashData(body), 0, 8) + "\"";
        context.Response.Headers.ETag = etag;
        context.Response.Headers.LastModified = LastModified.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        if (request.Headers.IfNoneMatch.ToString() == etag)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        context.Response.ContentType = contentType;
        await context.Response.Body.WriteAsync(body);
    }

    private bool TryGetBody(string path, out byte[] body, out string contentType)
    {
        if (Dynamic?.Invoke(path) is { } generated)
        {
            (body, contentType) = (System.Text.Encoding.UTF8.GetBytes(generated), "application/rss+xml");
            return true;
        }
        if (_overrides.TryGetValue(path, out var set))
        {
            (body, contentType) = set;
            return true;
        }
        var file = Path.GetFullPath(Path.Combine(_root, path.TrimStart('/')));
        if (!file.StartsWith(Path.GetFullPath(_root), StringComparison.Ordinal) || !File.Exists(file))
        {
            body = [];
            contentType = string.Empty;
            return false;
        }
        body = File.ReadAllBytes(file);
        contentType = Path.GetExtension(file) switch
        {
            ".rss" => "application/rss+xml",
            ".atom" => "application/atom+xml",
            ".rdf" => "application/rdf+xml",
            ".json" => "application/feed+json",
            ".html" => "text/html; charset=utf-8",
            _ => "application/octet-stream",
        };
        return true;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>A request as the outlet saw it, and when it arrived (for tests of how often outlets are polled).</summary>
public sealed record RecordedRequest(string Path, string IfNoneMatch, string IfModifiedSince, string UserAgent, DateTimeOffset At);
