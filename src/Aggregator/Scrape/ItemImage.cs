using AngleSharp.Dom;

namespace Aggregator.Scrape;

/// <summary>An item's picture: the selector's, else the first image that is not an icon, avatar or button, lazy-loaded or not.</summary>
internal static class ItemImage
{
    private static readonly HashSet<string> NotPictureWords = new(StringComparer.Ordinal)
    {
        "avatar", "icon", "logo", "emoji", "gravatar", "actions", "print", "email", "button",
    };

    public static Uri? Read(IElement item, SelectorRule? rule, ListingPage page)
    {
        if (rule is not null)
        {
            if (rule.Find(item) is not { } element)
            {
                return null;
            }

            if (rule.Attribute is not null)
            {
                return page.Resolve(FirstCandidate(element.GetAttribute(rule.Attribute)));
            }

            var picture = element.LocalName == "img" ? element : ElementWalk.Descendants(element).FirstOrDefault(e => e.LocalName == "img");
            return picture is null ? null : ImageSource(picture, page);
        }

        foreach (var img in ElementWalk.Descendants(item))
        {
            if (img.LocalName == "img" && !IsDecoration(img, item, page) && ImageSource(img, page) is { } uri)
            {
                return uri;
            }
        }

        return null;
    }

    // Avatars, icons and the print/e-mail buttons some CMSs put in every item are not the item's picture.
    private static bool IsDecoration(IElement img, IElement item, ListingPage page)
    {
        for (IElement? node = img; node is not null && node != item; node = node.ParentElement)
        {
            if (page.HasClassWord(node, NotPictureWords) || page.Furniture(node) == FurnitureLevel.Excluded)
            {
                return true;
            }
        }

        return false;
    }

    // Lazy loaders put a placeholder (often a data: URI) in src and the picture in data-src or srcset.
    private static Uri? ImageSource(IElement img, ListingPage page)
    {
        string?[] candidates =
        [
            img.GetAttribute("src"), img.GetAttribute("data-src"), img.GetAttribute("data-lazy-src"), img.GetAttribute("data-original"),
            FirstCandidate(img.GetAttribute("data-srcset")), FirstCandidate(img.GetAttribute("srcset")),
        ];
        foreach (var candidate in candidates)
        {
            if (page.Resolve(candidate) is { } uri)
            {
                return uri;
            }
        }

        return null;
    }

    private static string? FirstCandidate(string? srcset)
    {
        var first = srcset?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return first?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
    }
}
