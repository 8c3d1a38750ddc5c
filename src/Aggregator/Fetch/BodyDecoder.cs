using System.Collections.Concurrent;
using System.Text;

namespace Aggregator.Fetch;

/// <summary>
/// Bytes to text. Order: byte-order mark (or a UTF-16/32 signature), then the XML declaration's
/// encoding, then an HTML &lt;meta charset&gt;, then the HTTP Content-Type charset, then UTF-8; a body that
/// names no charset and is not UTF-8 gets a detected one (<see cref="CharsetDetection"/>), else windows-1252.
/// A body read with an encoding whose fit was not checked (all but validated UTF-8) counts the bytes it could not
/// decode (<see cref="InvalidBytes"/>).
/// </summary>
public static class BodyDecoder
{
    static BodyDecoder()
    {
        // The legacy code pages (windows-125x, ISO-8859-x, KOI8-R…) ship in the framework but are opt-in.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Windows1252 = Encoding.GetEncoding(1252);
        Gb18030 = TryGet("gb18030");
        Windows1252Chars = Windows1252.GetString([.. Enumerable.Range(0, 256).Select(b => (byte)b)]);
    }

    private static string Windows1252Chars { get; }

    public static Encoding Windows1252 { get; }

    public static DecodedBody Decode(byte[] body, string? contentType = null)
    {
        var charset = Choose(body, contentType);
        return new DecodedBody(charset.GetString(body), charset.Label, charset.Warnings);
    }

    /// <summary>
    /// Decides how the bytes become text without making the text, so a reader can decode as it goes
    /// (<see cref="Decode"/> is this and <see cref="BodyCharset.GetString"/>).
    /// </summary>
    public static BodyCharset Choose(byte[] body, string? contentType = null)
    {
        var span = body.AsSpan();
        if (DetectBom(span) is (Encoding bomEncoding, int bomLength))
        {
            return new BodyCharset(InvalidBytes.Counting(bomEncoding, Label(bomEncoding)), bomLength, Label(bomEncoding), []);
        }

        if (DetectSignature(span) is Encoding signature)
        {
            return new BodyCharset(InvalidBytes.Counting(signature, Label(signature)), 0, Label(signature), []);
        }

        var warnings = new List<string>();
        var declared = Known(DeclaredCharset.XmlDeclaration(span) ?? DeclaredCharset.HtmlMeta(span), warnings);
        var fromHeader = Known(ContentTypeCharset(contentType), warnings);
        var candidates = Candidates(fromHeader, declared).ToList();
        // Validating is a pass over the whole body: once is enough, and only when a label leaves it to be asked.
        bool? valid = null;
        bool ValidUtf8() => valid ??= IsValidUtf8(body);
        foreach (var (label, encoding) in candidates)
        {
            if (encoding.CodePage == Encoding.UTF8.CodePage)
            {
                if (ValidUtf8() || (label, encoding) == candidates[^1])
                {
                    return ChooseUtf8OrFallback(body, ValidUtf8(), warnings);
                }

                // Labelled UTF-8 but not UTF-8: the other label, when there is one, is the better guess.
                warnings.Add($"charset {label} does not fit the bytes");
                continue;
            }

            // UTF-16 and UTF-32 write a zero byte beside every ASCII character, and an XML document in them starts with a
            // byte-order mark or the signature checked above. Bytes with no zero in them are not what the label says
            // (a server's or a copied prolog's utf-16/utf-32 over a UTF-8 body); WHATWG's decoders do not know utf-32 at all.
            if (IsWide(encoding) && !span[..Math.Min(span.Length, 4096)].Contains((byte)0))
            {
                warnings.Add($"charset {label} does not fit the bytes");
                continue;
            }

            // WHATWG Encoding: "iso-8859-1" and "us-ascii" labels mean windows-1252, which is what
            // their writers produced (curly quotes in 0x80–0x9F). GB2312 is read as its superset GB18030.
            var decoder = encoding.CodePage is 28591 or 20127 ? Windows1252 : encoding.CodePage == 936 ? Gb18030 ?? encoding : encoding;

            // Feeds often keep a copied prolog that names a legacy charset while the bytes are UTF-8;
            // non-ASCII bytes that happen to form valid UTF-8 are vanishingly rare in legacy text.
            if (!IsMultiByte(encoding) && HasNonAscii(span) && ValidUtf8())
            {
                warnings.Add($"declared charset {label} but the bytes are UTF-8");
                return new BodyCharset(Encoding.UTF8, 0, "utf-8", warnings) { CheckedUtf8 = true };
            }

            var used = decoder == Gb18030 ? "gb18030" : Label(encoding);
            return new BodyCharset(InvalidBytes.Counting(decoder, used), 0, used, warnings);
        }

        if (candidates.Count == 0 && !ValidUtf8() && DetectUnlabelled(body) is Encoding detected)
        {
            // Nothing names the charset and the bytes are not UTF-8: a statistical guess beats reading CJK,
            // KOI8-R or Hebrew as windows-1252.
            warnings.Add($"no charset named; detected {Label(detected)}");
            return new BodyCharset(InvalidBytes.Counting(detected, Label(detected)), 0, Label(detected), warnings);
        }

        return ChooseUtf8OrFallback(body, ValidUtf8(), warnings);
    }

    /// <summary>
    /// The labels to try, in order. RFC 7303 §3.2 (and RFC 3023 before it): the HTTP charset overrides the XML
    /// declaration. Except that a server's blanket Latin-1 default (iso-8859-1, us-ascii, windows-1252) does not
    /// override a document that names another charset: servers add those without looking at the file.
    /// </summary>
    private static IEnumerable<(string Label, Encoding Encoding)> Candidates((string Label, Encoding Encoding)? fromHeader, (string Label, Encoding Encoding)? declared)
    {
        var headerIsBlanketDefault = fromHeader?.Encoding.CodePage is 28591 or 20127 or 1252;
        var declaredDiffers = declared is not null && !(declared.Value.Encoding.CodePage is 28591 or 20127 or 1252);
        var order = headerIsBlanketDefault && declaredDiffers ? new[] { declared, fromHeader } : [fromHeader, declared];
        return order.OfType<(string, Encoding)>();
    }

    private static (string Label, Encoding Encoding)? Known(string? label, List<string> warnings)
    {
        if (label is null)
        {
            return null;
        }

        if (GetEncodingOrNull(label) is Encoding encoding)
        {
            return (label, encoding);
        }

        warnings.Add($"unknown charset \"{label}\"");
        return null;
    }

    private static Encoding? Gb18030 { get; }

    // Labels looked up before, as written: every body names one of a few ("UTF-8", "utf-8", "ISO-8859-1"), and the
    // look-up asks the code-page provider and then the framework's table, each a case-blind hash of the name. Bounded,
    // since the label is the feed's text.
    private static readonly ConcurrentDictionary<string, Encoding?> KnownLabels = new(StringComparer.Ordinal);
    private const int MaxKnownLabels = 256;

    /// <summary>Looks a charset label up, with the code-page provider registered; null when unknown.</summary>
    public static Encoding? GetEncodingOrNull(string label)
    {
        if (KnownLabels.TryGetValue(label, out var known))
        {
            return known;
        }

        var encoding = LookUp(label);
        if (KnownLabels.Count < MaxKnownLabels)
        {
            KnownLabels.TryAdd(label, encoding);
        }

        return encoding;
    }

    private static Encoding? LookUp(string label)
    {
        var name = label.Trim().Trim('"', '\'');
        if (name.Length == 0)
        {
            return null;
        }

        try
        {
            return Encoding.GetEncoding(name);
        }
        // NotSupportedException: a label .NET knows but refuses to decode (utf-7, disabled for the scripts it smuggles).
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return name.ToUpperInvariant() switch
            {
                "UTF8" => Encoding.UTF8,
                "LATIN1" or "LATIN-1" or "ISO8859-1" or "ISO88591" => Encoding.Latin1,
                "ISO8859-15" or "ISO885915" => TryGet("iso-8859-15"),
                _ => null,
            };
        }
    }

    private static Encoding? TryGet(string name)
    {
        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static BodyCharset ChooseUtf8OrFallback(byte[] body, bool validUtf8, List<string> warnings)
    {
        if (validUtf8)
        {
            return new BodyCharset(Encoding.UTF8, 0, "utf-8", warnings) { CheckedUtf8 = true };
        }

        // Mostly-UTF-8 text with a stray bad byte stays UTF-8; text whose high bytes are mostly not
        // UTF-8 sequences is a legacy charset (a Latin-1 "é«" can look like one sequence by chance).
        // Two genuine multi-byte sequences by chance in legacy text are already rare; a tenth of the odd bytes is plenty.
        if (MostlyUtf8(body))
        {
            warnings.Add("bytes that are not UTF-8 read as windows-1252");
            return new BodyCharset(null, 0, "utf-8", warnings);
        }

        warnings.Add("bytes are not UTF-8; read as windows-1252");
        return new BodyCharset(InvalidBytes.Counting(Windows1252, Label(Windows1252)), 0, Label(Windows1252), warnings);
    }

    /// <summary>
    /// The detected charset of a body that names none and is not UTF-8, or null to read it as UTF-8 with windows-1252
    /// for the odd bytes. A few stray bytes in UTF-8 text are a pasted windows-1252 quote, not a legacy charset; a
    /// single-byte guess never overrules text most of whose non-ASCII bytes are UTF-8.
    /// </summary>
    private static Encoding? DetectUnlabelled(byte[] body)
    {
        const int FewStrays = 16;
        var (valid, invalid) = CountUtf8Sequences(body);
        if (valid >= 2 && valid * 10 >= invalid && invalid <= FewStrays)
        {
            return null;
        }

        return CharsetDetection.Detect(body) is { } detected && !(detected.IsSingleByte && valid >= invalid) ? detected : null;
    }

    private static bool MostlyUtf8(byte[] body)
    {
        var (valid, invalid) = CountUtf8Sequences(body);
        return valid > invalid || (valid >= 2 && valid * 10 >= invalid);
    }

    /// <summary>
    /// UTF-8 in which each byte that is not part of a UTF-8 sequence is read as windows-1252: a feed assembled
    /// from UTF-8 text and a pasted Word paragraph keeps its curly quotes instead of showing U+FFFD.
    /// </summary>
    public static string DecodeMixed(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        Span<char> pair = stackalloc char[2];
        while (!bytes.IsEmpty)
        {
            // ASCII and valid runs go through in one call; only the bad bytes take the slow path.
            var validLength = ValidPrefixLength(bytes);
            if (validLength > 0)
            {
                sb.Append(Encoding.UTF8.GetString(bytes[..validLength]));
                bytes = bytes[validLength..];
                continue;
            }

            var status = Rune.DecodeFromUtf8(bytes, out var rune, out var consumed);
            if (status == System.Buffers.OperationStatus.Done)
            {
                sb.Append(pair[..rune.EncodeToUtf16(pair)]);
                bytes = bytes[consumed..];
            }
            else
            {
                sb.Append(Windows1252Chars[bytes[0]]);
                bytes = bytes[1..];
            }
        }

        return sb.ToString();
    }

    // The length of the longest prefix that is whole, valid UTF-8.
    private static int ValidPrefixLength(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            if (bytes[i] < 0x80)
            {
                i++;
                continue;
            }

            if (Rune.DecodeFromUtf8(bytes[i..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return i;
            }

            i += consumed;
        }

        return i;
    }

    /// <summary>The charset's name, lower-case, with UTF-16/32 byte order spelled out ("utf-16le").</summary>
    public static string Label(Encoding encoding) => encoding.WebName.ToLowerInvariant() switch
    {
        "utf-16" => "utf-16le",
        "utf-32" => "utf-32le",
        var name => name,
    };

    private static (Encoding, int)? DetectBom(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith((byte[])[0xEF, 0xBB, 0xBF]))
        {
            return (Encoding.UTF8, 3);
        }

        if (b.StartsWith((byte[])[0xFF, 0xFE, 0x00, 0x00]))
        {
            return (new UTF32Encoding(bigEndian: false, byteOrderMark: false), 4);
        }

        if (b.StartsWith((byte[])[0x00, 0x00, 0xFE, 0xFF]))
        {
            return (new UTF32Encoding(bigEndian: true, byteOrderMark: false), 4);
        }

        if (b.StartsWith((byte[])[0xFF, 0xFE]))
        {
            return (new UnicodeEncoding(bigEndian: false, byteOrderMark: false), 2);
        }

        if (b.StartsWith((byte[])[0xFE, 0xFF]))
        {
            return (new UnicodeEncoding(bigEndian: true, byteOrderMark: false), 2);
        }

        return null;
    }

    // XML 1.0 appendix F: without a BOM, the first "<" reveals a UTF-16/32 byte layout.
    private static Encoding? DetectSignature(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith((byte[])[0x3C, 0x00, 0x00, 0x00]))
        {
            return new UTF32Encoding(bigEndian: false, byteOrderMark: false);
        }

        if (b.StartsWith((byte[])[0x00, 0x00, 0x00, 0x3C]))
        {
            return new UTF32Encoding(bigEndian: true, byteOrderMark: false);
        }

        if (b.StartsWith((byte[])[0x3C, 0x00]) && b.Length > 2 && b[2] != 0)
        {
            return new UnicodeEncoding(bigEndian: false, byteOrderMark: false);
        }

        if (b.StartsWith((byte[])[0x00, 0x3C]))
        {
            return new UnicodeEncoding(bigEndian: true, byteOrderMark: false);
        }

        return null;
    }

    /// <summary>The charset parameter of a Content-Type header, or null.</summary>
    public static string? ContentTypeCharset(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        foreach (var part in contentType.Split(';').Skip(1))
        {
            var kv = part.Split('=', 2);
            if (kv.Length == 2 && kv[0].Trim().Equals("charset", StringComparison.OrdinalIgnoreCase))
            {
                var value = kv[1].Trim().Trim('"', '\'');
                return value.Length > 0 ? value : null;
            }
        }

        return null;
    }

    private static bool IsMultiByte(Encoding e) => !e.IsSingleByte;

    private static bool IsWide(Encoding e) => e.CodePage is 1200 or 1201 or 12000 or 12001;

    private static bool HasNonAscii(ReadOnlySpan<byte> b) => b.ContainsAnyInRange((byte)0x80, (byte)0xFF);

    // The strict decoder's answer without its exception for the bytes that are not UTF-8: the same validation.
    private static bool IsValidUtf8(byte[] b) => System.Text.Unicode.Utf8.IsValid(b);

    private static (int Valid, int Invalid) CountUtf8Sequences(byte[] b)
    {
        int valid = 0, invalid = 0;
        for (var i = 0; i < b.Length; i++)
        {
            var lead = b[i];
            if (lead < 0x80)
            {
                continue;
            }

            var need = lead is >= 0xC2 and <= 0xDF ? 1 : lead is >= 0xE0 and <= 0xEF ? 2 : lead is >= 0xF0 and <= 0xF4 ? 3 : 0;
            var ok = need > 0 && i + need < b.Length;
            for (var k = 1; ok && k <= need; k++)
            {
                ok = b[i + k] is >= 0x80 and <= 0xBF;
            }

            if (ok)
            {
                valid++;
                i += need;
            }
            else
            {
                invalid++;
            }
        }

        return (valid, invalid);
    }
}
