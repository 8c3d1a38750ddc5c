using System.Net;
using Aggregator.Fetch;
using Xunit;

namespace Aggregator.Tests.Fetch;

public sealed class NetworkRangesTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.254")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.255")]
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3")]
    [InlineData("255.255.255.255")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("240.0.0.1")]
    [InlineData("198.18.0.1")]
    [InlineData("192.0.2.10")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("febf:ffff::1")]
    [InlineData("fec0::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456:789a::1")]
    [InlineData("ff02::1")]
    [InlineData("2001:db8::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:192.168.0.1")]
    [InlineData("::ffff:100.64.0.1")]
    [InlineData("::ffff:0.0.0.0")]
    [InlineData("::127.0.0.1")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("2002:7f00:1::1")]
    [InlineData("2002:c0a8:101::1")]
    public void IsPrivate_NonPublicAddress_IsRefused(string address)
    {
        Assert.True(NetworkRanges.IsPrivate(IPAddress.Parse(address)), address);
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("11.0.0.1")]
    [InlineData("9.255.255.255")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("169.253.1.1")]
    [InlineData("169.255.0.1")]
    [InlineData("192.167.1.1")]
    [InlineData("192.169.1.1")]
    [InlineData("126.255.255.255")]
    [InlineData("128.0.0.1")]
    [InlineData("223.255.255.254")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2a00:1450:4001::200e")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    public void IsPrivate_PublicAddress_IsAllowed(string address)
    {
        Assert.False(NetworkRanges.IsPrivate(IPAddress.Parse(address)), address);
    }

    [Fact]
    public void IsPrivate_MappedAndPlainIpv4_AgreeEverywhere()
    {
        // Every first octet against second octets on both sides of each range boundary.
        foreach (var first in Enumerable.Range(0, 256))
        {
            foreach (var second in new[] { 0, 15, 16, 31, 32, 63, 64, 127, 128, 167, 168, 169, 253, 254, 255 })
            {
                var v4 = new IPAddress([(byte)first, (byte)second, 2, 3]);

                Assert.Equal(NetworkRanges.IsPrivate(v4), NetworkRanges.IsPrivate(v4.MapToIPv6()));
            }
        }
    }
}
