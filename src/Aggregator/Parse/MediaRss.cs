using Aggregator.Model;
using Aggregator.Parse.Xml;

namespace Aggregator.Parse;

/// <summary>
/// Media RSS (media:content, media:thumbnail, media:group), which RSS and Atom entries both carry. Each lookup runs
/// for every entry, and most entries carry no Media RSS: plain loops over the children, which allocate nothing then.
/// </summary>
public static class MediaRss
{
    /// <summary>media:content files (top level, then inside each media:group), as enclosures.</summary>
    public static IReadOnlyList<Enclosure> Contents(FeedElement item, Uri? baseUri)
    {
        List<Enclosure>? enclosures = null;
        foreach (var content in item.Children(Ns.Media, "content"))
        {
            AddEnclosure(ref enclosures, content, baseUri);
        }

        foreach (var group in item.Children(Ns.Media, "group"))
        {
            foreach (var content in group.Children(Ns.Media, "content"))
            {
                AddEnclosure(ref enclosures, content, baseUri);
            }
        }

        return enclosures ?? (IReadOnlyList<Enclosure>)[];
    }

    /// <summary>The entry's picture: media:thumbnail, else an image media:content (each also inside media:group).</summary>
    public static Uri? Image(FeedElement item, Uri? baseUri)
    {
        if (Thumbnail(item, baseUri) is Uri thumb)
        {
            return thumb;
        }

        foreach (var group in item.Children(Ns.Media, "group"))
        {
            if (Thumbnail(group, baseUri) is Uri groupThumb)
            {
                return groupThumb;
            }
        }

        if (ImageContent(item, baseUri) is Uri image)
        {
            return image;
        }

        foreach (var group in item.Children(Ns.Media, "group"))
        {
            if (ImageContent(group, baseUri) is Uri groupImage)
            {
                return groupImage;
            }
        }

        return null;
    }

    /// <summary>media:title, also inside media:group.</summary>
    public static FeedElement? Title(FeedElement item) => ChildOrInGroup(item, "title");

    /// <summary>media:description, also inside media:group.</summary>
    public static FeedElement? Description(FeedElement item) => ChildOrInGroup(item, "description");

    private static void AddEnclosure(ref List<Enclosure>? enclosures, FeedElement content, Uri? baseUri)
    {
        if (UriResolver.Resolve(content.Attr("url"), baseUri) is Uri url)
        {
            (enclosures ??= []).Add(new Enclosure(url, content.Attr("type")?.Trim(), XmlValues.PositiveNumber(content.Attr("fileSize"))));
        }
    }

    private static Uri? Thumbnail(FeedElement scope, Uri? baseUri) => UriResolver.Resolve(scope.Child(Ns.Media, "thumbnail")?.Attr("url"), baseUri);

    // The first media:content directly in scope that is an image and has a usable URL.
    private static Uri? ImageContent(FeedElement scope, Uri? baseUri)
    {
        foreach (var content in scope.Children(Ns.Media, "content"))
        {
            var isImage = content.Attr("medium") == "image" || (content.Attr("type")?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ?? false);
            if (isImage && UriResolver.Resolve(content.Attr("url"), baseUri) is Uri url)
            {
                return url;
            }
        }

        return null;
    }

    private static FeedElement? ChildOrInGroup(FeedElement item, string local)
    {
        if (item.Child(Ns.Media, local) is { } direct)
        {
            return direct;
        }

        foreach (var group in item.Children(Ns.Media, "group"))
        {
            if (group.Child(Ns.Media, local) is { } inGroup)
            {
                return inGroup;
            }
        }

        return null;
    }
}
