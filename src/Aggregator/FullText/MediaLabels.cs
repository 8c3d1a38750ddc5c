using System.Text.RegularExpressions;

namespace Aggregator.FullText;

/// <summary>
/// What is left of a picture, video or gallery once its media is gone: the "Photo", "Image", "Video" label over it
/// and a player's controls ("Play Video", "Fullscreen", "Loaded: 0%"). They name a thing the text version has not got.
/// Singular only: "Images" or "Videos" over a list is a section heading of the article.
/// </summary>
internal static partial class MediaLabels
{
    private const int MaxLength = 40;

    [GeneratedRegex(
        @"^\W*(image|photo|picture|video|bild|foto|vídeo|vidéo|play|play video|watch video|watch|view photo|view image|view gallery|enlarge|enlarge image|expand|fullscreen|full screen|exit fullscreen|mute|unmute|pause|replay|bild vergrößern|vergrößern|agrandir|ampliar)\W*$"
        + @"|^\W*(loaded|progress|current time|duration|remaining time)\s*:?\s*[\d:.%\s/-]*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Label();

    public static bool IsMediaLabel(string text) => text.Length is > 0 and <= MaxLength && Label().IsMatch(text);
}
