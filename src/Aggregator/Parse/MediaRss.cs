using Aggregator.Model;
using Aggregator.Parse.Xml;

namespace Aggregator.Parse;

/// <summary>Media RSS (media:content, media:thumbnail, media:group), which RSS and Atom entries both carry.</summary>
public static class MediaRss
{
    /// <summary>media:content files (top level and inside media:group), as enclosures.</summary>
    public static IEnumerable<Enclosure> Contents(FeedElement item, Uri? baseUri)
    {
        foreach (var content in ContentElements(item))
        {
            if (UriResolver.Resolve(content.Attr("url"), baseUri) is Uri url)
            {
                yield return new Enclosure(url, content.Attr("type")?.Trim(), XmlValues.PositiveNumber(content.Attr("fileSize")));
            }
        }
    }

    /// <summary>The entry's picture: media:thumbnail, else an image media:content (each also inside media:group).</summary>
    public static Uri? Image(FeedElement item, Uri? baseUri)
    {
        var groups = item.Children(Ns.Media, "group").Prepend(item);
        foreach (var scope in groups)
        {
            if (UriResolver.Resolve(scope.Child(Ns.Media, "thumbnail")?.Attr("url"), baseUri) is Uri thumb)
            {
                return thumb;
            }
        }

        foreach (var content in ContentElements(item))
        {
            var isImage = content.Attr("medium") == "image" || (content.Attr("type")?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ?? false);
            if (isImage && UriResolver.Resolve(content.Attr("url"), baseUri) is Uri url)
            {
                return url;
            }
        }

        return null;
    }

    /// <summary>media:title, also inside media:group.</summary>
    public static FeedElement? Title(FeedElement item) =>
        item.Child(Ns.Media, "title") ?? item.Children(Ns.Media, "group").Select(g => g.Child(Ns.Media, "title")).FirstOrDefault(t => t is not null);

    /// <summary>media:description, also inside media:group.</summary>
    public static FeedElement? Description(FeedElement item) =>
        item.Child(Ns.Media, "description") ?? item.Children(Ns.Media, "group").Select(g => g.Child(Ns.Media, "description")).FirstOrDefault(t => t is not null);

    private static IEnumerable<FeedElement> ContentElements(FeedElement item) =>
        item.Children(Ns.Media, "content").Concat(item.Children(Ns.Media, "group").SelectMany(g => g.Children(Ns.Media, "content")));
}
