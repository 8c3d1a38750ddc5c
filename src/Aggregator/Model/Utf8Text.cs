using System.Diagnostics;
using System.Text;
using System.Text.Unicode;

namespace Aggregator.Model;

/// <summary>
/// A text still held as the UTF-8 bytes it was read from: an entry's body as the feed wrote it (a CDATA section, or a
/// run of text with no reference), which is its text byte for byte. Decoding every body to a string was most of what
/// a parse allocated, and an unchanged entry of a re-poll is only fingerprinted, never read as a string
/// (issue 23). The string is made on the first ask and kept.
/// </summary>
/// <remarks>
/// The bytes are its own copy, never a slice of the fetched body: the caller may reuse or pool that buffer, and
/// holding a slice would keep a whole feed alive for one entry. A copy is half the bytes of the string it stands for
/// (one per character of ASCII markup) and costs no transcoding.
/// <para>
/// Thread safety: readers may ask at once; each may then decode, and every one gets a string of the same content
/// (which instance is kept is not defined). The bytes never change.
/// </para>
/// </remarks>
public sealed class Utf8Text : IEquatable<Utf8Text>
{
    private readonly byte[] _utf8;
    private string? _text;

    private Utf8Text(byte[] utf8) => _utf8 = utf8;

    /// <summary>
    /// A text of a copy of <paramref name="utf8"/>, which must be well-formed UTF-8: the bytes go into fingerprints as
    /// they are, where a malformed sequence would not read as the string's replacement character. Not checked again
    /// here (a pass over every body): the one maker, the parser's byte reader, reads only bytes it has checked.
    /// </summary>
    internal static Utf8Text CopyOfWellFormed(ReadOnlySpan<byte> utf8)
    {
        Debug.Assert(Utf8.IsValid(utf8), "The byte reader reads only well-formed UTF-8.");
        // The copy writes every byte, so the GC need not clear them first (a body is kilobytes).
        var copy = GC.AllocateUninitializedArray<byte>(utf8.Length);
        utf8.CopyTo(copy);
        return new Utf8Text(copy);
    }

    /// <summary>The text's bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _utf8;

    /// <summary>Whether the string has been made (for tests of who decodes).</summary>
    public bool IsDecoded => _text is not null;

    /// <summary>The text as a string, decoded on the first ask.</summary>
    public override string ToString() => _text ??= Encoding.UTF8.GetString(_utf8);

    public bool Equals(Utf8Text? other) => other is not null && _utf8.AsSpan().SequenceEqual(other._utf8);

    public override bool Equals(object? obj) => Equals(obj as Utf8Text);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_utf8);
        return hash.ToHashCode();
    }
}
