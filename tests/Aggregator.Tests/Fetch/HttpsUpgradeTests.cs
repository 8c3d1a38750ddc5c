using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aggregator.Fetch;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aggregator.Tests.Fetch;

/// <summary>
/// A real redirect from an http outlet to https on the same host and port, as a site moving to https does: one
/// Kestrel app with an http and an https listener, behind a loopback port that hands each connection to one or
/// the other by its first byte (a TLS handshake starts with 0x16), so both schemes answer on one port.
/// </summary>
public sealed class HttpsUpgradeTests
{
    private static readonly Dictionary<string, string> Headers = new() { ["X-Api-Key"] = "S3CRET-K" };

    [Fact]
    public async Task AnOutletMovedToHttpsOnItsOwnHostAndPort_GetsItsHeadersAndPasswordThere_AnotherPortDoesNot()
    {
        using var certificate = SelfSigned();
        var seen = new ConcurrentQueue<(string Scheme, string Path, string Key, string Authorization)>();
        await using var site = await SchemeSharingSite.StartAsync(certificate, context =>
        {
            var request = context.Request;
            seen.Enqueue((request.Scheme, request.Path.Value!, request.Headers["X-Api-Key"].ToString(), request.Headers.Authorization.ToString()));
            if (request.Scheme == "http")
            {
                // feed.rss moves to https on this very port; elsewhere.rss to the https listener's own port.
                var site = (SchemeSharingSite)context.Items["site"]!;
                var port = request.Path == "/feed.rss" ? site.Port : site.HttpsPort;
                context.Response.Redirect($"https://127.0.0.1:{port}/feed.rss", permanent: true);
                return Task.CompletedTask;
            }
            context.Response.ContentType = "application/rss+xml";
            return context.Response.WriteAsync("<rss version=\"2.0\"><channel><title>Moved</title></channel></rss>");
        });

        // Not even allowPrivateNetworks: the upgrade is the operator's own origin, trusted like it.
        var moved = await FetchAsync(certificate, new FetchOptions(), new Uri($"http://alice:S3CRET-PW@127.0.0.1:{site.Port}/feed.rss"));
        var elsewhere = await FetchAsync(certificate, new FetchOptions { AllowPrivateNetworks = true }, new Uri($"http://alice:S3CRET-PW@127.0.0.1:{site.Port}/elsewhere.rss"));

        Assert.True(moved.IsOk, moved.Error);
        Assert.Equal(new Uri($"https://127.0.0.1:{site.Port}/feed.rss"), moved.FinalUrl);
        Assert.True(elsewhere.IsOk, elsewhere.Error);
        var https = seen.Where(s => s.Scheme == "https").ToList();
        Assert.Equal(2, https.Count);
        // The first https request came through the shared port, the second straight to the other port.
        Assert.Equal(("S3CRET-K", "Basic " + Convert.ToBase64String("alice:S3CRET-PW"u8.ToArray())), (https[0].Key, https[0].Authorization));
        Assert.Equal(("", ""), (https[1].Key, https[1].Authorization));
    }

    private static async Task<FetchResult> FetchAsync(X509Certificate2 certificate, FetchOptions options, Uri outlet)
    {
        var services = new ServiceCollection().AddFetching(options);
        foreach (var name in new[] { FetchServiceCollectionExtensions.ClientName, FetchServiceCollectionExtensions.GuardedClientName })
        {
            // The test's own certificate, and only it, is believed.
            services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler((handler, _) =>
                ((SocketsHttpHandler)handler).SslOptions.RemoteCertificateValidationCallback =
                    (_, presented, _, _) => presented is not null && presented.GetCertHashString() == certificate.GetCertHashString());
        }
        await using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<Fetcher>().FetchAsync(
            new FetchRequest(outlet, Headers: Headers, TrustedOrigin: outlet), CancellationToken.None);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Kestrel wants a certificate whose key it can use for TLS: one loaded from PKCS#12, not an ephemeral one.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Kestrel on two loopback ports (http, https) and one more port that serves both, switching on each connection's first byte.</summary>
    private sealed class SchemeSharingSite : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _accepting;
        private readonly int _httpPort;

        private SchemeSharingSite(WebApplication app, int httpPort, int httpsPort)
        {
            _app = app;
            _httpPort = httpPort;
            HttpsPort = httpsPort;
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _accepting = AcceptAsync();
        }

        public int Port { get; }

        public int HttpsPort { get; }

        public static async Task<SchemeSharingSite> StartAsync(X509Certificate2 certificate, RequestDelegate handler)
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.Listen(IPAddress.Loopback, 0);
                kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate));
            });
            var app = builder.Build();
            SchemeSharingSite? site = null;
            app.Run(context =>
            {
                context.Items["site"] = site;
                return handler(context);
            });
            await app.StartAsync();
            var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Select(a => new Uri(a)).ToList();
            site = new SchemeSharingSite(app, addresses.Single(a => a.Scheme == "http").Port, addresses.Single(a => a.Scheme == "https").Port);
            return site;
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
                catch (OperationCanceledException)
                {
                    return;
                }
                _ = RelayAsync(client);
            }
        }

        private async Task RelayAsync(TcpClient client)
        {
            using (client)
            using (var upstream = new TcpClient())
            {
                try
                {
                    var incoming = client.GetStream();
                    var first = new byte[1];
                    if (await incoming.ReadAsync(first, _stop.Token) == 0)
                    {
                        return;
                    }
                    await upstream.ConnectAsync(IPAddress.Loopback, first[0] == 0x16 ? HttpsPort : _httpPort, _stop.Token);
                    var outgoing = upstream.GetStream();
                    await outgoing.WriteAsync(first, _stop.Token);
                    await Task.WhenAny(incoming.CopyToAsync(outgoing, _stop.Token), outgoing.CopyToAsync(incoming, _stop.Token));
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                {
                    // A connection that ends, either side: the fetch it served has its answer or its error.
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accepting;
            await _app.StopAsync();
            await _app.DisposeAsync();
            _stop.Dispose();
        }
    }
}
