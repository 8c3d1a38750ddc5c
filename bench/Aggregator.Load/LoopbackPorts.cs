using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aggregator.Load;

/// <summary>
/// A quiet Kestrel app on many 127.0.0.1 ports of the OS's choosing: the outlet servers spread their outlets
/// over ports because the fetcher limits requests per host:port, as it would per real site. (The tests'
/// LoopbackApp is the one-port case.)
/// </summary>
internal static class LoopbackPorts
{
    /// <returns>The started app and the address of each port.</returns>
    public static async Task<(WebApplication App, IReadOnlyList<Uri> Addresses)> StartAsync(int ports, Action<WebApplication> map, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxConcurrentConnections = null;
            for (var i = 0; i < ports; i++)
            {
                kestrel.Listen(IPAddress.Loopback, 0);
            }
        });
        var app = builder.Build();
        map(app);
        await app.StartAsync(ct);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        return (app, addresses);
    }
}
