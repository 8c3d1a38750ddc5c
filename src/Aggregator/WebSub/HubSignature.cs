using System.Security.Cryptography;
using System.Text;

namespace Aggregator.WebSub;

/// <summary>WebSub §8 authenticated content distribution: X-Hub-Signature is "method=hex HMAC of the body".</summary>
public static class HubSignature
{
    public static bool IsValid(string? header, byte[] body, string secret)
    {
        var split = header?.IndexOf('=', StringComparison.Ordinal) ?? -1;
        if (header is null || split < 1)
        {
            return false;
        }
        var key = Encoding.UTF8.GetBytes(secret);
        byte[]? expected = header[..split].ToLowerInvariant() switch
        {
#pragma warning disable CA5350 // WebSub §8 names sha1, and older hubs sign with nothing else.
            "sha1" => HMACSHA1.HashData(key, body),
#pragma warning restore CA5350
            "sha256" => HMACSHA256.HashData(key, body),
            "sha384" => HMACSHA384.HashData(key, body),
            "sha512" => HMACSHA512.HashData(key, body),
            _ => null,
        };
        if (expected is null)
        {
            return false;
        }
        byte[] given;
        try
        {
            given = Convert.FromHexString(header[(split + 1)..].Trim());
        }
        catch (FormatException)
        {
            return false;
        }
        // Constant time: how much of a forged signature matched must not leak through timing.
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
