using Aggregator.Model;
using Microsoft.AspNetCore.StaticFiles;

namespace Aggregator.Publish;

/// <summary>
/// RSS enclosures and JSON Feed attachments require a media type; when the source gave none, guess from the extension.
/// </summary>
public static class EnclosureTypes
{
    private const string Fallback = "application/octet-stream";
    private static readonly FileExtensionContentTypeProvider Provider = new();

    public static string MediaType(Enclosure enclosure)
    {
        if (!string.IsNullOrWhiteSpace(enclosure.MediaType))
        {
            return XmlSafe.Clean(enclosure.MediaType.Trim());
        }

        return Provider.TryGetContentType(enclosure.Url.AbsolutePath, out string? guessed) ? guessed : Fallback;
    }
}
