using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// Lazy-loading pages keep the real image URL in data-* attributes and a placeholder (or nothing) in
/// src; copy the real URL into src/srcset so the image survives without the page's JavaScript.
/// </summary>
internal static class LazyImages
{
    private static readonly string[] KnownLazyAttributes = ["data-src", "data-original", "data-lazy-src", "data-url", "data-hi-res-src"];

    public static void Fix(IElement root, IDocument doc)
    {
        foreach (var elem in Dom.ByTag(root, "img", "picture", "figure"))
        {
            var src = elem.GetAttribute("src");
            if (src is not null && ReadabilityPatterns.Base64DataUrl().Match(src) is { Success: true } b64)
            {
                if (string.Equals(b64.Groups[1].Value, "image/svg+xml", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                // A tiny inline placeholder next to a real image URL is just the lazy loader's stand-in.
                var hasRealImage = elem.Attributes.Any(a => a.Name != "src" && ReadabilityPatterns.ImageExtension().IsMatch(a.Value));
                if (hasRealImage && src.Length - b64.Length < 133)
                {
                    elem.RemoveAttribute("src");
                    src = null;
                }
            }

            var srcset = elem.GetAttribute("srcset");
            var isLazy = elem.ClassName?.Contains("lazy", StringComparison.OrdinalIgnoreCase) == true;
            if ((!string.IsNullOrWhiteSpace(src) || (!string.IsNullOrWhiteSpace(srcset) && srcset != "null")) && !isLazy)
            {
                continue;
            }

            var copied = false;
            foreach (var attr in elem.Attributes.ToList())
            {
                if (attr.Name is "src" or "srcset" or "alt")
                {
                    continue;
                }

                string? copyTo = null;
                if (ReadabilityPatterns.SrcsetWithWidth().IsMatch(attr.Value))
                {
                    copyTo = "srcset";
                }
                else if (ReadabilityPatterns.SingleImageUrl().IsMatch(attr.Value))
                {
                    copyTo = "src";
                }

                if (copyTo is null)
                {
                    continue;
                }

                copied |= copyTo == "src";
                if (Dom.Is(elem, "img") || Dom.Is(elem, "picture"))
                {
                    elem.SetAttribute(copyTo, attr.Value.Trim());
                }
                else if (Dom.ByTag(elem, "img", "picture").Count == 0)
                {
                    var img = doc.CreateElement("img");
                    img.SetAttribute(copyTo, attr.Value.Trim());
                    elem.AppendChild(img);
                }
            }

            // Extensionless CDN URLs in the usual lazy attributes still beat a missing src.
            if (!copied && Dom.Is(elem, "img") && string.IsNullOrWhiteSpace(elem.GetAttribute("src")))
            {
                var lazy = KnownLazyAttributes.Select(elem.GetAttribute).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
                if (lazy is not null)
                {
                    elem.SetAttribute("src", lazy.Trim());
                }
            }
        }
    }
}
