using System.Buffers;
using System.Globalization;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;

namespace Aggregator.Dedup;

/// <summary>
/// A digest (SHA-256, or XxHash128 for the content hash) of strings fed one after another as UTF-8, the same digest as of their concatenation, without
/// building it: an article's content is most of its size, and a concatenated copy (plus its bytes) per
/// article was a large share of what ingest allocated. The bytes gather in one pooled buffer and are hashed once:
/// an incremental hash was a native OpenSSL context per article and a call into it for each of its twenty-odd parts,
/// each clearing OpenSSL's error queue, which cost more than hashing the few KB of text (bench/cpu-profile.md, h43c).
/// </summary>
internal sealed class Utf8Digest : IDisposable
{
    private byte[] _bytes = ArrayPool<byte>.Shared.Rent(4096);
    private int _length;

    public Utf8Digest Append(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return this;
        }
        Reserve(Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += Encoding.UTF8.GetBytes(text, _bytes.AsSpan(_length));
        return this;
    }

    /// <summary>A separator below U+0080, one byte in UTF-8.</summary>
    public Utf8Digest Append(char separator)
    {
        var one = checked((byte)separator);
        Reserve(1);
        _bytes[_length++] = one;
        return this;
    }

    /// <summary>A number as StringBuilder.Append(object) wrote it (the current culture's digits); nothing when null.</summary>
    public Utf8Digest Append(long? number)
    {
        if (number is { } value)
        {
            Span<char> digits = stackalloc char[32];
            value.TryFormat(digits, out var written, default, CultureInfo.CurrentCulture);
            Reserve(Encoding.UTF8.GetMaxByteCount(written));
            _length += Encoding.UTF8.GetBytes(digits[..written], _bytes.AsSpan(_length));
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

    /// <summary>The first <paramref name="bytes"/> bytes of the digest in upper-case hex; the digest starts over after it.</summary>
    public string Hex(int bytes)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(_bytes.AsSpan(0, _length), digest);
        _length = 0;
        return Convert.ToHexString(digest[..bytes]);
    }

    /// <summary>"x" and the XxHash128 of the bytes in lower-case hex (33 characters); the digest starts over after it.</summary>
    public string XxHash128Hex()
    {
        Span<byte> digest = stackalloc byte[16];
        XxHash128.Hash(_bytes.AsSpan(0, _length), digest);
        _length = 0;
        Span<char> text = stackalloc char[1 + 2 * 16];
        text[0] = 'x';
        Convert.TryToHexStringLower(digest, text[1..], out _);
        return new string(text);
    }

    public void Dispose()
    {
        if (_bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
        }
        _bytes = [];
        _length = 0;
    }

    private void Reserve(int count)
    {
        if (_length + count <= _bytes.Length)
        {
            return;
        }
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_bytes.Length * 2, _length + count));
        _bytes.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = larger;
    }
}
