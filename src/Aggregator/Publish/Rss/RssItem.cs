using System.ServiceModel.Syndication;
using System.Xml;

namespace Aggregator.Publish.Rss;

/// <summary>An item whose extension elements are written without the package's serializer (see <see cref="RssExtension"/>).</summary>
internal sealed class RssItem : SyndicationItem
{
    public List<RssExtension> Extensions { get; } = [];

    protected override void WriteElementExtensions(XmlWriter writer, string version) => RssExtension.WriteAll(writer, Extensions);
}
