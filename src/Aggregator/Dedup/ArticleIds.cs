using System.Security.Cryptography;
using System.Text;

namespace Aggregator.Dedup;

/// <summary>
/// Derives an article's public id from its first identity inside its outlet, so a crashed and
/// retried insert, or a rebuilt database, gives the same id again.
/// </summary>
public static class ArticleIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <param name="outletId">The outlet the article was first seen in.</param>
    /// <param name="identity">Its source id (guid) if it had one, else its canonical URL.</param>
    public static string For(string outletId, string identity)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(outletId + "\n" + identity), hash);
        // 20 base32 characters = 100 bits: collisions are out of reach at any realistic store size.
        Span<char> id = stackalloc char[20];
        ulong bits = 0;
        int count = 0, o = 0, i = 0;
        while (o < id.Length)
        {
            if (count < 5)
            {
                bits = (bits << 8) | hash[i++];
                count += 8;
            }
            count -= 5;
            id[o++] = Alphabet[(int)((bits >> count) & 31)];
        }
        return new string(id);
    }
}
