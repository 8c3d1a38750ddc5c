using System.Xml;

namespace Aggregator.Configuration;

/// <summary>The feeds an OPML export from another reader lists (folders flattened), in file order.</summary>
public static class OpmlOutlines
{
    public sealed record Outline(string Title, Uri FeedUrl);

    /// <returns>The outlines, or null with a one-line reason when the file is not OPML.</returns>
    public static IReadOnlyList<Outline>? Read(Stream opml, out string? problem)
    {
        problem = null;
        var outlines = new List<Outline>();
        // No DTD, no resolver: an OPML file from elsewhere is as untrusted as any feed.
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        try
        {
            using var reader = XmlReader.Create(opml, settings);
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "opml")
            {
                problem = "not an OPML file (no <opml> root element)";
                return null;
            }
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "outline")
                {
                    continue;
                }
                var xmlUrl = reader.GetAttribute("xmlUrl") ?? reader.GetAttribute("xmlurl");
                if (xmlUrl is null || !Uri.TryCreate(xmlUrl.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                {
                    continue;
                }
                var title = reader.GetAttribute("title") ?? reader.GetAttribute("text");
                outlines.Add(new Outline(string.IsNullOrWhiteSpace(title) ? url.Host : title.Trim(), url));
            }
        }
        catch (XmlException e)
        {
            problem = $"not well-formed OPML: {e.Message}";
            return null;
        }
        return outlines;
    }
}
