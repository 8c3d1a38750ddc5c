using Aggregator.Model;

namespace Aggregator.Parse;

/// <summary>
/// An entry's HTML body as a rule read it: a string, or the UTF-8 it was written as when those bytes are the text
/// (the byte reader's plain children), which the entry keeps undecoded (see <see cref="Utf8Text"/>). At most one is set.
/// </summary>
internal readonly record struct HtmlBody(string? Text, Utf8Text? Utf8)
{
    public bool IsNull => Text is null && Utf8 is null;

    public static implicit operator HtmlBody(string? text) => new(text, null);

    /// <summary>The first picture of the body (<see cref="HtmlImages.First(string?, Uri?)"/>), read from its bytes when it has them.</summary>
    public Uri? FirstImage(Uri? baseUri) => Utf8 is not null ? HtmlImages.First(Utf8.Bytes, baseUri) : HtmlImages.First(Text, baseUri);
}
