using System.Text;

namespace Aggregator.Fetch;

/// <summary>
/// How a body's bytes become text, decided by <see cref="BodyDecoder.Choose"/>: an encoding applied after
/// <paramref name="Skip"/> bytes (a byte-order mark), or, when <paramref name="Encoding"/> is null, UTF-8 with
/// the bytes that are not UTF-8 read as windows-1252 (<see cref="BodyDecoder.DecodeMixed"/>).
/// </summary>
public sealed record BodyCharset(Encoding? Encoding, int Skip, string Label, IReadOnlyList<string> Warnings)
{
    /// <summary>True when the choice already checked that the whole body is well-formed UTF-8, so no reader need again.</summary>
    public bool CheckedUtf8 { get; init; }

    /// <summary>The whole body as text.</summary>
    public string GetString(byte[] body) =>
        Encoding is null ? BodyDecoder.DecodeMixed(body) : Encoding.GetString(body, Skip, body.Length - Skip);
}
