using System.Buffers.Binary;

namespace Aggregator.Store;

/// <summary>
/// One remembered article page of a full-text outlet: the fingerprints of its blocks (as the outlet's furniture memory
/// recorded them) and its place in the outlet's order, so a restarted worker judges its next page as the old one would.
/// </summary>
public sealed record FurniturePage(string PageKey, long Sequence, ulong[] Keys)
{
    /// <summary>Eight bytes per fingerprint, little-endian: a page of 60 blocks is a 480-byte value.</summary>
    public byte[] Packed()
    {
        var bytes = new byte[Keys.Length * sizeof(ulong)];
        for (var i = 0; i < Keys.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * sizeof(ulong)), Keys[i]);
        }
        return bytes;
    }

    /// <summary>The fingerprints <see cref="Packed"/> wrote; a trailing partial value (a damaged row) is ignored.</summary>
    public static ulong[] Unpack(ReadOnlySpan<byte> bytes)
    {
        var keys = new ulong[bytes.Length / sizeof(ulong)];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i * sizeof(ulong))..]);
        }
        return keys;
    }
}
