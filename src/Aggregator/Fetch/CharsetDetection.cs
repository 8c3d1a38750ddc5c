using System.Text;
using UtfUnknown;

namespace Aggregator.Fetch;

/// <summary>
/// Guesses the charset of a body that names none and is not UTF-8 (UTF.Unknown, a port of Mozilla's uchardet, as
/// feedparser uses chardet). Only that rare body pays for it, and only for a window of it.
/// </summary>
public static class CharsetDetection
{
    /// <summary>The bytes looked at, from the first non-ASCII one: enough for a confident guess, bounded for a huge body.</summary>
    public const int WindowBytes = 40 * 1024;

    // Below this the detector is guessing among Latin charsets, where windows-1252 is the better default.
    private const float MinConfidence = 0.5f;

    /// <summary>The detected legacy charset, or null when the guess is weak, UTF-8, ASCII or not one .NET reads.</summary>
    public static Encoding? Detect(byte[] body)
    {
        var start = body.AsSpan().IndexOfAnyInRange((byte)0x80, (byte)0xFF);
        if (start < 0)
        {
            return null;
        }

        // Some ASCII before the first non-ASCII byte keeps a multi-byte character whole and gives context.
        start = Math.Max(0, start - 256);
        var result = CharsetDetector.DetectFromBytes(body, start, Math.Min(WindowBytes, body.Length - start));
        if (result.Detected is not { } detected || detected.Confidence < MinConfidence || detected.EncodingName is null)
        {
            return null;
        }

        var encoding = detected.Encoding ?? BodyDecoder.GetEncodingOrNull(detected.EncodingName);
        if (encoding is null || encoding.CodePage is 65001 or 20127 || encoding is UnicodeEncoding or UTF32Encoding)
        {
            return null;
        }

        // As for a label (WHATWG): ISO-8859-1 is read as its superset windows-1252, GB2312 as GB18030.
        return encoding.CodePage switch
        {
            28591 => BodyDecoder.Windows1252,
            936 => BodyDecoder.GetEncodingOrNull("gb18030") ?? encoding,
            _ => encoding,
        };
    }
}
