using System.Buffers;
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

    /// <summary>Outlet ids and URLs up to about 170 characters are spelled on the stack (UTF-8 needs at most three bytes a character).</summary>
    private const int StackBytes = 512;

    /// <param name="outletId">The outlet the article was first seen in.</param>
    /// <param name="identity">Its source id (guid) if it had one, else its canonical URL.</param>
    public static string For(string outletId, string identity)
    {
        Span<byte> hash = stackalloc byte[32];
        // The UTF-8 of outletId + "\n" + identity, spelled in place: the joined string and its bytes were two copies per
        // call, and the store asks for an article's id more than once. The line break is a character of its own, so no
        // surrogate pair spans the parts and their bytes are those of the joined string.
        int most = Encoding.UTF8.GetMaxByteCount(outletId.Length + 1 + identity.Length);
        byte[]? rented = most > StackBytes ? ArrayPool<byte>.Shared.Rent(most) : null;
        Span<byte> bytes = rented ?? stackalloc byte[StackBytes];
        int length = Encoding.UTF8.GetBytes(outletId, bytes);
        bytes[length++] = (byte)'\n';
        length += Encoding.UTF8.GetBytes(identity, bytes[length..]);
        SHA256.HashData(bytes[..length], hash);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
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
