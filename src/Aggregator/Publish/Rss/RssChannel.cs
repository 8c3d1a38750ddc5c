using System.ServiceModel.Syndication;
using System.Xml;

namespace Aggregator.Publish.Rss;

/// <summary>A channel whose extension elements are written without the package's serializer (see <see cref="RssExtension"/>).</summary>
internal sealed class RssChannel : SyndicationFeed
{
    public List<RssExtension> Extensions { get; } = [];

    protected override void WriteElementExtensions(XmlWriter writer, string version) => RssExtension.WriteAll(writer, Extensions);
}
