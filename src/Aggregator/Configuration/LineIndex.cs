using System.Text;

namespace Aggregator.Configuration;

/// <summary>
/// Turns byte offsets into the UTF-8 text (what Utf8JsonReader reports) into the line and column
/// an editor shows, so a problem points at the character the operator has to fix.
/// </summary>
internal sealed class LineIndex
{
    private readonly ReadOnlyMemory<byte> _utf8;
    private readonly List<int> _lineStarts = [0];

    public LineIndex(ReadOnlyMemory<byte> utf8)
    {
        _utf8 = utf8;
        var span = utf8.Span;
        for (var start = 0; span[start..].IndexOf((byte)'\n') is var newline and >= 0; start += newline + 1)
        {
            _lineStarts.Add(start + newline + 1);
        }
    }

    public TextPosition At(long byteOffset)
    {
        var offset = (int)Math.Clamp(byteOffset, 0, _utf8.Length);
        var found = _lineStarts.BinarySearch(offset);
        var line = found >= 0 ? found : ~found - 1;
        return new TextPosition(line + 1, ColumnOf(_lineStarts[line], offset));
    }

    /// <summary>For the reader's own error positions, which are a 0-based line and a byte within it.</summary>
    public TextPosition At(long zeroBasedLine, long byteInLine)
    {
        var line = (int)Math.Clamp(zeroBasedLine, 0, _lineStarts.Count - 1);
        var start = _lineStarts[line];
        var offset = (int)Math.Clamp(start + byteInLine, start, _utf8.Length);
        return new TextPosition(line + 1, ColumnOf(start, offset));
    }

    // UTF-16 code units, as .NET strings and most editors (VS Code) count them.
    private int ColumnOf(int lineStart, int offset) =>
        Encoding.UTF8.GetCharCount(_utf8.Span[lineStart..offset]) + 1;
}
