using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Aggregator.Configuration;

/// <summary>
/// Reads JSON (with // and /* */ comments and trailing commas, as feeds.json allows) into a
/// <see cref="ConfigNode"/> tree where every value and property name keeps its line and column.
/// </summary>
public static class PositionedJsonReader
{
    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static JsonReadResult Read(string text)
    {
        // Editors may save a BOM; Utf8JsonReader does not accept one and it is no character an editor shows.
        var body = text.StartsWith('\uFEFF') ? text[1..] : text;
        if (string.IsNullOrWhiteSpace(body))
        {
            return new JsonReadResult(null, TextPosition.Start, "the file is empty; expected an object like { \"outlets\": [] }");
        }
        return ReadUtf8(Encoding.UTF8.GetBytes(body));
    }

    /// <summary>
    /// A file's bytes, read as its text decoded the way File.ReadAllText decodes it (UTF-8 unless a byte order mark says
    /// otherwise, an invalid sequence read as U+FFFD) would be, but straight from the bytes when they are valid UTF-8: the
    /// text and its UTF-8 copy were two large objects more for a feeds.json of a few hundred outlets.
    /// </summary>
    public static JsonReadResult ReadFile(ReadOnlyMemory<byte> file)
    {
        var utf8 = file;
        // The decoder drops the byte order mark, and Read(string) one more, as it does for a text.
        for (var marks = 0; marks < 2 && utf8.Span.StartsWith(Utf8Mark); marks++)
        {
            utf8 = utf8[Utf8Mark.Length..];
        }
        var span = utf8.Span;
        var anotherEncoding = file.Span.StartsWith(Utf16BigEndianMark) || file.Span.StartsWith(Utf16LittleEndianMark) || file.Span.StartsWith(Utf32BigEndianMark);
        // A file with no ASCII character but white space (empty, or only non-ASCII white space) is judged on its text, as
        // Read(string) judges it.
        if (anotherEncoding || !System.Text.Unicode.Utf8.IsValid(span) || span.IndexOfAnyExcept(AsciiWhitespaceOrNonAscii) < 0)
        {
            using var reader = new StreamReader(new MemoryStream(file.ToArray()), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return Read(reader.ReadToEnd());
        }
        return ReadUtf8(utf8);
    }

    private static ReadOnlySpan<byte> Utf8Mark => [0xEF, 0xBB, 0xBF];

    private static ReadOnlySpan<byte> Utf16BigEndianMark => [0xFE, 0xFF];

    // Also the start of UTF-32's little-endian mark (FF FE 00 00).
    private static ReadOnlySpan<byte> Utf16LittleEndianMark => [0xFF, 0xFE];

    private static ReadOnlySpan<byte> Utf32BigEndianMark => [0x00, 0x00, 0xFE, 0xFF];

    /// <summary>The ASCII characters char.IsWhiteSpace accepts, and every byte of a non-ASCII character.</summary>
    private static readonly SearchValues<byte> AsciiWhitespaceOrNonAscii =
        SearchValues.Create([.. "\t\n\v\f\r \u001c\u001d\u001e\u001f"u8, .. Enumerable.Range(0x80, 0x80).Select(b => (byte)b)]);

    private static JsonReadResult ReadUtf8(ReadOnlyMemory<byte> utf8)
    {
        var lines = new LineIndex(utf8);
        var reader = new Utf8JsonReader(utf8.Span, Options);
        try
        {
            reader.Read();
            var root = ReadValue(ref reader, lines);
            // Reading once more makes the reader reject anything written after the root value.
            reader.Read();
            return new JsonReadResult(root);
        }
        catch (JsonException e)
        {
            var at = lines.At(e.LineNumber ?? 0, e.BytePositionInLine ?? 0);
            return new JsonReadResult(null, at, "invalid JSON: " + CleanMessage(e.Message));
        }
        catch (InvalidOperationException e)
        {
            // GetString refuses escapes that make no text, such as a lone "\ud800".
            return new JsonReadResult(null, lines.At(reader.TokenStartIndex), "invalid JSON: " + CleanMessage(e.Message));
        }
    }

    private static ConfigNode ReadValue(ref Utf8JsonReader reader, LineIndex lines)
    {
        var at = lines.At(reader.TokenStartIndex);
        return reader.TokenType switch
        {
            JsonTokenType.StartObject => ReadObject(ref reader, lines, at),
            JsonTokenType.StartArray => ReadArray(ref reader, lines, at),
            JsonTokenType.String => new ConfigNode { Kind = JsonValueKind.String, Position = at, Text = reader.GetString() },
            JsonTokenType.Number => new ConfigNode { Kind = JsonValueKind.Number, Position = at, Text = Encoding.UTF8.GetString(reader.ValueSpan) },
            JsonTokenType.True => new ConfigNode { Kind = JsonValueKind.True, Position = at },
            JsonTokenType.False => new ConfigNode { Kind = JsonValueKind.False, Position = at },
            _ => new ConfigNode { Kind = JsonValueKind.Null, Position = at },
        };
    }

    private static ConfigNode ReadObject(ref Utf8JsonReader reader, LineIndex lines, TextPosition at)
    {
        var properties = new List<ConfigProperty>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var namePosition = lines.At(reader.TokenStartIndex);
            var name = reader.GetString()!;
            reader.Read();
            properties.Add(new ConfigProperty(name, namePosition, ReadValue(ref reader, lines)));
        }

        return new ConfigNode { Kind = JsonValueKind.Object, Position = at, Properties = properties };
    }

    private static ConfigNode ReadArray(ref Utf8JsonReader reader, LineIndex lines, TextPosition at)
    {
        var items = new List<ConfigNode>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(ReadValue(ref reader, lines));
        }

        return new ConfigNode { Kind = JsonValueKind.Array, Position = at, Items = items };
    }

    // The reader appends its own 0-based "LineNumber: 3 | BytePositionInLine: 7."; ours replaces it.
    private static string CleanMessage(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var core = (cut >= 0 ? message[..cut] : message).Trim().TrimEnd('.');
        return core.Length > 0 ? char.ToLowerInvariant(core[0]) + core[1..] : "unreadable";
    }
}
