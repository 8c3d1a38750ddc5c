using System.Globalization;
using System.Text;

namespace Aggregator.Tests.Normalize.Browser;

/// <summary>
/// A plain HTML5 document showing entries the way a feed reader does: each entry's markup inside an
/// article, no Content-Security-Policy, so the sanitizer is the only defence being tested.
/// </summary>
internal static class ReaderPage
{
    public static string Build(IEnumerable<(int Index, string Markup)> entries)
    {
        var sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Reader</title></head><body><main><article>\n");
        foreach (var (index, markup) in entries)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<div id=\"v{index}\">").Append(markup).Append("</div>\n");
        }

        return sb.Append("</article></main></body></html>\n").ToString();
    }
}
