using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aggregator.Configuration;

/// <summary>
/// Edits feeds.json as text, so the operator's comments, order and layout survive: new outlets are
/// appended to the "outlets" array and nothing else is touched.
/// </summary>
public static class ConfigEditor
{
    /// <returns>The new text, or null with a reason when the file has no "outlets" array to append to.</returns>
    public static string? AppendOutlets(string text, IReadOnlyList<OutletDraft> outlets, out string? problem)
    {
        problem = null;
        var read = PositionedJsonReader.Read(text);
        if (read.Root?.Get("outlets") is not { Kind: JsonValueKind.Array } array)
        {
            problem = "no \"outlets\" array to add to";
            return null;
        }
        var open = OffsetOf(text, array.Position);
        var close = MatchingBracket(text, open);
        if (close < 0)
        {
            problem = "the \"outlets\" array is not closed";
            return null;
        }

        // Indent like the existing items, else four spaces; follow the file's trailing-comma habit.
        var indent = array.Items.Count > 0 ? new string(' ', array.Items[0].Position.Column - 1) : "    ";
        var last = LastSignificant(text, open + 1, close);
        var trailingComma = last >= 0 && text[last] == ',';
        var entries = string.Join(",", outlets.Select(o => "\n" + indent + Render(o)));
        var insertion = last < 0 ? entries : trailingComma ? entries + "," : "," + entries;
        // Right after the last item (before any comment that follows it), or just inside an empty array.
        var at = last < 0 ? open + 1 : last + 1;
        return text[..at] + insertion + text[at..];
    }

    /// <summary>A lowercase id of [a-z0-9-] from a name, unique among <paramref name="taken"/>.</summary>
    public static string IdFor(string name, ISet<string> taken)
    {
        var slug = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            var lower = char.ToLowerInvariant(c);
            if (lower is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                slug.Append(lower);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }
        var id = slug.ToString().Trim('-');
        if (id.Length > 40)
        {
            id = id[..40].TrimEnd('-');
        }
        if (id.Length == 0)
        {
            id = "outlet";
        }
        var candidate = id;
        for (var n = 2; taken.Contains(candidate); n++)
        {
            candidate = string.Create(CultureInfo.InvariantCulture, $"{id}-{n}");
        }
        taken.Add(candidate);
        return candidate;
    }

    private static string Render(OutletDraft outlet)
    {
        var json = new StringBuilder("{ ")
            .Append("\"id\": ").Append(JsonSerializer.Serialize(outlet.Id, ConfigEditorJson.Default.String)).Append(", ")
            .Append("\"name\": ").Append(JsonSerializer.Serialize(outlet.Name, ConfigEditorJson.Default.String)).Append(", ");
        if (outlet.Type is not null)
        {
            json.Append("\"type\": ").Append(JsonSerializer.Serialize(outlet.Type, ConfigEditorJson.Default.String)).Append(", ");
        }
        return json.Append("\"url\": ").Append(JsonSerializer.Serialize(outlet.Url.AbsoluteUri, ConfigEditorJson.Default.String)).Append(" }").ToString();
    }

    private static int OffsetOf(string text, TextPosition position)
    {
        var offset = 0;
        for (var line = 1; line < position.Line; line++)
        {
            offset = text.IndexOf('\n', offset) + 1;
        }
        return offset + position.Column - 1;
    }

    /// <summary>The index of the bracket closing the one at <paramref name="open"/>, skipping strings and comments.</summary>
    private static int MatchingBracket(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '"':
                    i = EndOfString(text, i);
                    break;
                case '/' when i + 1 < text.Length && text[i + 1] == '/':
                    i = text.IndexOf('\n', i) is var nl and >= 0 ? nl : text.Length;
                    break;
                case '/' when i + 1 < text.Length && text[i + 1] == '*':
                    i = text.IndexOf("*/", i + 2, StringComparison.Ordinal) is var end and >= 0 ? end + 1 : text.Length;
                    break;
                case '[' or '{':
                    depth++;
                    break;
                case ']' or '}':
                    if (--depth == 0)
                    {
                        return i;
                    }
                    break;
            }
        }
        return -1;
    }

    /// <summary>The last character between the brackets that is neither space nor comment, or -1.</summary>
    private static int LastSignificant(string text, int from, int to)
    {
        var last = -1;
        for (var i = from; i < to; i++)
        {
            switch (text[i])
            {
                case '"':
                    i = EndOfString(text, i);
                    last = i;
                    break;
                case '/' when text[i + 1] == '/':
                    i = text.IndexOf('\n', i) is var nl and >= 0 && nl < to ? nl : to;
                    break;
                case '/' when text[i + 1] == '*':
                    i = text.IndexOf("*/", i + 2, StringComparison.Ordinal) + 1;
                    break;
                case var c when !char.IsWhiteSpace(c):
                    last = i;
                    break;
            }
        }
        return last;
    }

    private static int EndOfString(string text, int quote)
    {
        for (var i = quote + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                return i;
            }
        }
        return text.Length - 1;
    }
}

/// <summary>
/// Source-generated JSON for the quoted strings an edit writes: a Native AOT build has no reflection-based serializer,
/// and `add`/`import-opml` ended with an unhandled exception there (bench/cpu-profile.md, h54a).
/// </summary>
[JsonSerializable(typeof(string))]
internal sealed partial class ConfigEditorJson : JsonSerializerContext;
