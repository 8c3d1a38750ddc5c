using System.Security.Cryptography;
using System.Text;

namespace Aggregator.WebSub;

/// <summary>
/// The unguessable last segment of a subscription's callback, /websub/{outlet}/{token}: derived from
/// the subscription's own secret, so only the hub we told can answer the verification or push, and
/// nothing beyond the secret already stored is needed to recognise it after a restart.
/// </summary>
public static class CallbackToken
{
    private static readonly byte[] Label = "websub callback"u8.ToArray();

    public static string For(string secret) =>
        Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Label), 0, 16).ToLowerInvariant();

    /// <summary>Constant time, so how much of a guessed token matched does not leak through timing.</summary>
    public static bool Matches(string? token, string secret) =>
        token is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token), Encoding.ASCII.GetBytes(For(secret)));
}
