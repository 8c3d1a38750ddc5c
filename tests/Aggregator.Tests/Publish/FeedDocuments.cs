using System.Text;
using System.Xml;
using System.Xml.Linq;
using Xunit;

namespace Aggregator.Tests.Publish;

/// <summary>Parses writer output back the strict way: a reader that rejects anything XML 1.0 forbids.</summary>
internal static class FeedDocuments
{
    public static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    public static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    public static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";

    private static readonly XmlReaderSettings Strict = new()
    {
        CheckCharacters = true,
        DtdProcessing = DtdProcessing.Prohibit,
        ConformanceLevel = ConformanceLevel.Document,
    };

    public static XDocument ParseXml(byte[] bytes)
    {
        Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "output must not start with a BOM");
        // Throws on anything that is not valid UTF-8.
        _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        using var stream = new MemoryStream(bytes);
        using var reader = XmlReader.Create(stream, Strict);
        return XDocument.Load(reader);
    }

    public static string Text(byte[] bytes) => new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);

    /// <summary>Every character of every text node and attribute is one XML 1.0 allows and not a control character.</summary>
    public static void AssertOnlyAllowedCharacters(XDocument document)
    {
        foreach (XElement element in document.Descendants())
        {
            foreach (XAttribute attribute in element.Attributes())
            {
                AssertAllowed(attribute.Value);
            }

            foreach (XText text in element.Nodes().OfType<XText>())
            {
                AssertAllowed(text.Value);
            }
        }
    }

    public static void AssertAllowed(string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    Assert.Fail($"lone high surrogate at {i} in {value}");
                }

                i++;
                continue;
            }

            bool allowed = c is '\t' or '\n' or '\r'
                || (c >= '\u0020' && c < '\u007F')
                || (c > '\u009F' && !char.IsSurrogate(c) && c is not '\uFFFE' and not '\uFFFF');
            if (!allowed)
            {
                Assert.Fail($"forbidden U+{(int)c:X4} at {i} in {value}");
            }
        }
    }
}
