using System.Xml;

namespace Aggregator.Bench.Shared;

/// <summary>
/// The floor for any XML reader on this runtime: one XmlReader pass over the same bytes that reads
/// every node, every attribute value and every text value (so strings are materialized as a parser's
/// must be), and builds nothing.
/// </summary>
public static class XmlScan
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        CheckCharacters = false,
        IgnoreComments = true,
    };

    /// <returns>Characters of text and attribute values seen, so the JIT cannot drop the work.</returns>
    public static long Scan(byte[] body)
    {
        using var stream = new MemoryStream(body, writable: false);
        using var reader = XmlReader.Create(stream, Settings);
        long chars = 0;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    while (reader.MoveToNextAttribute())
                    {
                        chars += reader.Value.Length;
                    }
                    break;
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.SignificantWhitespace:
                    chars += reader.Value.Length;
                    break;
            }
        }
        return chars;
    }
}
