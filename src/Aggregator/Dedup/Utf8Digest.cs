using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Aggregator.Dedup;

/// <summary>
/// SHA-256 of strings fed one after another as UTF-8, the same digest as of their concatenation, without
/// building it: an article's content is most of its size, and a concatenated copy (plus its bytes) per
/// article was a large share of what ingest allocated.
/// </summary>
internal sealed class Utf8Digest : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public Utf8Digest Append(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return this;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, buffer);
            _hash.AppendData(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return this;
    }

    /// <summary>A separator below U+0080, one byte in UTF-8.</summary>
    public Utf8Digest Append(char separator)
    {
        Span<byte> one = [checked((byte)separator)];
        _hash.AppendData(one);
        return this;
    }

    /// <summary>A number as StringBuilder.Append(object) wrote it (the current culture's digits); nothing when null.</summary>
    public Utf8Digest Append(long? number)
    {
        if (number is { } value)
        {
            Span<char> digits = stackalloc char[32];
            value.TryFormat(digits, out var written, default, CultureInfo.CurrentCulture);
            Span<byte> bytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(32)];
            _hash.AppendData(bytes[..Encoding.UTF8.GetBytes(digits[..written], bytes)]);
        }
        return this;
    }

    /// <summary>Each item, with <paramref name="separator"/> between them, as StringBuilder.AppendJoin.</summary>
    public Utf8Digest AppendJoin(char separator, IEnumerable<string> items)
    {
        var first = true;
        foreach (var item in items)
        {
            if (!first)
            {
                Append(separator);
            }
            Append(item);
            first = false;
        }
        return this;
    }

    /// <summary>The first <paramref name="bytes"/> bytes of the digest in upper-case hex.</summary>
    public string Hex(int bytes)
    {
        Span<byte> digest = stackalloc byte[32];
        _hash.GetHashAndReset(digest);
        return Convert.ToHexString(digest[..bytes]);
    }

    public void Dispose() => _hash.Dispose();
}
