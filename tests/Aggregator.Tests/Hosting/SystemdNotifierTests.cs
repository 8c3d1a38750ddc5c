using System.Net.Sockets;
using System.Text;
using Aggregator.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aggregator.Tests.Hosting;

public sealed class SystemdNotifierTests
{
    [Fact]
    public void Notify_WithoutNotifySocket_SendsNothing()
    {
        var notifier = new SystemdNotifier(null);

        Assert.False(notifier.IsEnabled);
        Assert.False(notifier.Notify("READY=1"));
    }

    [Fact]
    public void Notify_SocketPath_DeliversOneDatagram()
    {
        using var folder = new TempFolder();
        using var systemd = Listen(folder.File("notify"));

        Assert.True(new SystemdNotifier(folder.File("notify")).Notify("READY=1"));

        Assert.Equal("READY=1", Receive(systemd));
    }

    [Fact]
    public void Notify_AtSignName_DeliversToAbstractSocket()
    {
        var name = "aggregator-test-" + Guid.NewGuid().ToString("N");
        using var systemd = Listen("\0" + name);

        Assert.True(new SystemdNotifier("@" + name).Notify("STOPPING=1"));

        Assert.Equal("STOPPING=1", Receive(systemd));
    }

    [Fact]
    public void Notify_NobodyListening_ReturnsFalseWithoutThrowing()
    {
        using var folder = new TempFolder();

        Assert.False(new SystemdNotifier(folder.File("gone")).Notify("READY=1"));
    }

    [Fact]
    public async Task AttachTo_HostStartsAndStops_SendsReadyThenStopping()
    {
        using var folder = new TempFolder();
        using var systemd = Listen(folder.File("notify"));
        using var host = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true }).Build();
        using var attachment = new SystemdNotifier(folder.File("notify")).AttachTo(host.Services.GetRequiredService<IHostApplicationLifetime>());

        await host.StartAsync();
        var afterStart = Receive(systemd);
        await host.StopAsync();
        var afterStop = Receive(systemd);

        Assert.Equal("READY=1", afterStart);
        Assert.Equal("STOPPING=1", afterStop);
    }

    [Fact]
    public async Task AttachTo_WithWatchdog_PingsWhileRunning()
    {
        using var folder = new TempFolder();
        using var systemd = Listen(folder.File("notify"));
        using var host = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true }).Build();
        using var attachment = new SystemdNotifier(folder.File("notify"))
            .AttachTo(host.Services.GetRequiredService<IHostApplicationLifetime>(), TimeSpan.FromMilliseconds(200));

        await host.StartAsync();
        var messages = new[] { Receive(systemd), Receive(systemd), Receive(systemd) };
        await host.StopAsync();

        Assert.Equal(["READY=1", "WATCHDOG=1", "WATCHDOG=1"], messages);
    }

    [Theory]
    [InlineData("30000000", null, 42, 30.0)]
    [InlineData("30000000", "42", 42, 30.0)]
    [InlineData("30000000", "7", 42, null)]
    [InlineData(null, null, 42, null)]
    [InlineData("0", null, 42, null)]
    [InlineData("soon", null, 42, null)]
    public void WatchdogInterval_FollowsSdWatchdogEnabledRules(string? usec, string? pid, int self, double? expectedSeconds)
    {
        Assert.Equal(expectedSeconds, SystemdNotifier.WatchdogInterval(usec, pid, self)?.TotalSeconds);
    }

    private static Socket Listen(string address)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified) { ReceiveTimeout = 5000 };
        socket.Bind(new UnixDomainSocketEndPoint(address));
        return socket;
    }

    private static string Receive(Socket socket)
    {
        var buffer = new byte[4096];
        var length = socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
