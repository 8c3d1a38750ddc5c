using System.Text;
using System.Xml;

namespace Aggregator.Publish;

/// <summary>
/// The one gate every string passes before a writer emits it: whatever XML 1.0 forbids is dropped,
/// so a stray control character in an outlet's text can never make a whole topic feed unreadable.
/// </summary>
public static class XmlSafe
{
    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        // Everything is cleaned first; if anything slips through, fail loudly rather than emit a broken feed.
        CheckCharacters = true,
        Indent = false,
        NewLineHandling = NewLineHandling.Replace,
        NewLineChars = "\n",
        CloseOutput = false,
    };

    /// <summary>An XmlWriter with the settings every XML writer here shares (UTF-8 without BOM, characters checked).</summary>
    public static XmlWriter CreateWriter(Stream output) => XmlWriter.Create(output, Settings);

    /// <summary>
    /// Drops C0 controls except tab/LF/CR, DEL and C1 controls, lone surrogates and U+FFFE/U+FFFF.
    /// C1 controls are legal XML 1.0 but never real text (usually mis-decoded windows-1252), and XML 1.1 and JSON readers balk at them.
    /// Returns the same instance when nothing needs dropping, which is the usual case.
    /// </summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        int first = FirstForbidden(text);
        if (first < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        sb.Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    sb.Append(c).Append(text[i + 1]);
                    i++;
                }

                continue;
            }

            if (IsAllowedBmp(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Writes an element with cleaned text content.</summary>
    public static void WriteSafeElement(this XmlWriter writer, string localName, string ns, string? value)
    {
        writer.WriteStartElement(localName, ns);
        writer.WriteString(Clean(value));
        writer.WriteEndElement();
    }

    /// <summary>Writes an attribute with a cleaned value.</summary>
    public static void WriteSafeAttribute(this XmlWriter writer, string localName, string? value) =>
        writer.WriteAttributeString(localName, Clean(value));

    private static int FirstForbidden(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }

                return i;
            }

            if (!IsAllowedBmp(c))
            {
                return i;
            }
        }

        return -1;
    }

    // A lone low surrogate lands here too (high surrogates are handled by the callers), and is dropped.
    private static bool IsAllowedBmp(char c) => c switch
    {
        '\t' or '\n' or '\r' => true,
        < '\u0020' => false,
        >= '\u007F' and <= '\u009F' => false,
        >= '\uD800' and <= '\uDFFF' => false,
        '\uFFFE' or '\uFFFF' => false,
        _ => true,
    };
}
