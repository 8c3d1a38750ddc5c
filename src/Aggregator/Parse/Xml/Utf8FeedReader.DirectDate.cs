using System.Text;

namespace Aggregator.Parse.Xml;

/// <summary>
/// A direct child's date read from its bytes: every RSS item has one or two, and a string made only to be parsed
/// and dropped is what a date cost the direct road beyond the parse itself.
/// </summary>
internal sealed partial class Utf8FeedReader
{
    // The longest of the two common forms: "Tue, 24 Mar 2009 16:40:00 +0100".
    private const int LongestCommonDate = 31;

    /// <summary>
    /// The date <see cref="DateParser.Parse"/> reads in the child's text, when its content is one plain run of ASCII
    /// in one of the forms <see cref="CommonDateForms"/> reads; false for anything else, to be read from the string.
    /// </summary>
    /// <remarks>
    /// The answer is the string road's: such a run matches a common form only with single spaces where the form has
    /// them and no other whitespace, so DateParser's whitespace collapsing would leave it as it is; and a run the
    /// form refuses (or whose date Build refuses) goes to the string road, which may still read it by pattern.
    /// </remarks>
    internal bool TryDirectDate(in DirectChild child, out DateTimeOffset date)
    {
        date = default;
        var bytes = child.Plain ? AsciiTrimmed(_body.AsSpan(child.PlainStart, child.PlainEnd - child.PlainStart)) : [];
        if (bytes.Length is < 20 or > LongestCommonDate || !Ascii.IsValid(bytes))
        {
            return false;
        }

        Span<char> chars = stackalloc char[LongestCommonDate];
        var written = Encoding.ASCII.GetChars(bytes, chars);
        try
        {
            if (CommonDateForms.Parse(chars[..written]) is { } parsed)
            {
                date = parsed;
                return true;
            }
        }
        catch (ArgumentException)
        {
            // DateParser turns this into "no date"; the string road will find it again and do so.
        }

        return false;
    }

    // ASCII whitespace off both ends; other whitespace is not ASCII, so such a run is the string road's anyway.
    private static ReadOnlySpan<byte> AsciiTrimmed(ReadOnlySpan<byte> bytes)
    {
        var start = 0;
        while (start < bytes.Length && bytes[start] is (byte)' ' or >= 0x09 and <= 0x0D)
        {
            start++;
        }

        var end = bytes.Length;
        while (end > start && bytes[end - 1] is (byte)' ' or >= 0x09 and <= 0x0D)
        {
            end--;
        }

        return bytes[start..end];
    }
}
