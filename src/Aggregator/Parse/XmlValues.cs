using Aggregator.Parse.Xml;

namespace Aggregator.Parse;

/// <summary>Shared ways of reading a value out of an element, for every XML format.</summary>
public static class XmlValues
{
    /// <summary>The trimmed text, or null when the element is missing or blank.</summary>
    public static string? Text(FeedElement? e)
    {
        var text = e?.TrimmedText;
        return string.IsNullOrEmpty(text) ? null : text;
    }

    /// <summary>A title as a reader shows it: markup and references removed when there are any, whitespace collapsed.</summary>
    public static string? PlainTitle(FeedElement? e)
    {
        if (e is null)
        {
            return null;
        }

        return PlainTitle(e.HasElements ? e.InnerXml : e.Text);
    }

    /// <summary>As <see cref="PlainTitle(FeedElement?)"/>, for an element's text (or inner XML) already read.</summary>
    internal static string? PlainTitle(string raw)
    {
        var plain = HtmlText.LooksLikeHtml(raw) ? HtmlText.ToPlainText(raw, TextLayout.Inline) : HtmlText.CollapseWhitespace(raw);
        return plain.Length == 0 ? null : plain;
    }

    /// <summary>An element holding HTML: escaped HTML as text, or (in sloppy feeds) inline markup.</summary>
    public static string? Html(FeedElement? e)
    {
        if (e is null)
        {
            return null;
        }

        return Html(e.HasElements ? e.InnerXml.Trim() : e.TrimmedText);
    }

    /// <summary>As <see cref="Html(FeedElement?)"/>, for an element's trimmed text already read.</summary>
    internal static string? Html(string trimmed) => trimmed.Length == 0 ? null : HtmlText.UndoDoubleEscape(trimmed);

    /// <summary>As <see cref="Text(FeedElement?)"/>, for an element's trimmed text already read.</summary>
    internal static string? NullIfEmpty(string trimmed) => trimmed.Length == 0 ? null : trimmed;

    /// <summary>A language tag as BCP 47 spells it ("en_US" → "en-US").</summary>
    public static string? Language(string? tag) => string.IsNullOrWhiteSpace(tag) ? null : tag.Trim().Replace('_', '-');

    public static DateTimeOffset? Date(FeedElement? e) => DateParser.Parse(e?.Text);

    public static long? PositiveNumber(string? text) =>
        long.TryParse(text?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    /// <summary>Adds values not already present (case-insensitive), keeping order.</summary>
    public static void AddDistinct(List<string> list, string? value)
    {
        var v = value is null ? null : HtmlText.CollapseWhitespace(value);
        if (string.IsNullOrEmpty(v))
        {
            return;
        }

        foreach (var x in list)
        {
            if (x.Equals(v, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
        }

        list.Add(v);
    }
}
