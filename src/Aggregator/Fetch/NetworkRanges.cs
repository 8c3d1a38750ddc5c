using System.Net;
using System.Net.Sockets;

namespace Aggregator.Fetch;

/// <summary>
/// Which addresses an untrusted URL must not reach: everything that is not the public internet.
/// </summary>
public static class NetworkRanges
{
    /// <summary>
    /// True for loopback, private, link-local (cloud metadata at 169.254.169.254), unique-local,
    /// carrier-grade NAT, multicast, unspecified, broadcast and reserved addresses, and for IPv6
    /// forms that carry an IPv4 address (mapped, NAT64, 6to4) when that address is one of those.
    /// </summary>
    public static bool IsPrivate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPrivateV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IsPrivateV6(address.GetAddressBytes()),
            // Anything else cannot be a TCP destination we mean to reach.
            _ => true,
        };
    }

    private static bool IsPrivateV4(ReadOnlySpan<byte> b) => b[0] switch
    {
        0 => true,                                   // 0.0.0.0/8 "this network", unspecified
        10 => true,                                  // 10/8
        100 => (b[1] & 0xC0) == 64,                  // 100.64/10 carrier-grade NAT
        127 => true,                                 // 127/8 loopback
        169 => b[1] == 254,                          // 169.254/16 link-local, cloud metadata
        172 => (b[1] & 0xF0) == 16,                  // 172.16/12
        192 => (b[1] == 168)                         // 192.168/16
               || (b[1] == 0 && (b[2] == 0 || b[2] == 2)), // 192.0.0/24 IETF, 192.0.2/24 documentation
        198 => (b[1] & 0xFE) == 18                   // 198.18/15 benchmarking
               || (b[1] == 51 && b[2] == 100),       // 198.51.100/24 documentation
        203 => b[1] == 0 && b[2] == 113,             // 203.0.113/24 documentation
        >= 224 => true,                              // 224/4 multicast, 240/4 reserved, 255.255.255.255 broadcast
        _ => false,
    };

    private static bool IsPrivateV6(ReadOnlySpan<byte> b)
    {
        // ::/96 holds :: (unspecified), ::1 (loopback) and the deprecated IPv4-compatible forms: none is public.
        if (b[..12].IndexOfAnyExcept((byte)0) < 0)
        {
            return true;
        }

        // ::ffff:a.b.c.d (IPv4-mapped): a dual-stack socket connects to a.b.c.d.
        if (b[..10].IndexOfAnyExcept((byte)0) < 0 && b[10] == 0xFF && b[11] == 0xFF)
        {
            return IsPrivateV4(b[12..]);
        }

        // 64:ff9b::/96 (NAT64) reaches the embedded IPv4 address through the translator.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4..12].IndexOfAnyExcept((byte)0) < 0)
        {
            return IsPrivateV4(b[12..]);
        }

        // 2002::/16 (6to4) embeds the relay's IPv4 address in bytes 2-5.
        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return IsPrivateV4(b[2..6]);
        }

        return b[0] == 0xFF                          // ff00::/8 multicast
               || (b[0] & 0xFE) == 0xFC              // fc00::/7 unique-local
               || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80)  // fe80::/10 link-local
               || (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0)  // fec0::/10 site-local (deprecated)
               || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8); // 2001:db8::/32 documentation
    }
}
