using System.Text;

namespace Aggregator.Parse;

/// <summary>
/// The scan's text. Collapsing (<see cref="TextLayout.Blocks"/>), whitespace folds as text arrives: runs become one
/// space, a line break absorbs the spaces around it. Otherwise (<see cref="TextLayout.Inline"/>, whose caller decodes
/// and collapses afterwards) text is kept as written and a break is a space.
/// </summary>
internal sealed class PlainTextBuilder(int capacity, bool collapse = true)
{
    // The thread's scratch builder: a new one per scan was a buffer the size of the HTML, thrown away at once (issue 23).
    private readonly StringBuilder sb = ScratchBuilder.Rent(capacity);
    private bool pendingSpace;
    private bool pendingBreak;

    public void Append(string s)
    {
        foreach (var c in s)
        {
            Append(c);
        }
    }

    public void Append(char c)
    {
        if (!collapse)
        {
            sb.Append(c);
        }
        else if (char.IsWhiteSpace(c))
        {
            pendingSpace = true;
        }
        else if (!char.IsControl(c))
        {
            Flush();
            sb.Append(c);
        }
    }

    public void Space()
    {
        if (collapse)
        {
            pendingSpace = true;
        }
        else
        {
            sb.Append(' ');
        }
    }

    public void LineBreak()
    {
        if (collapse)
        {
            pendingBreak = true;
        }
        else
        {
            sb.Append(' ');
        }
    }

    /// <summary>The text; the builder goes back to the thread, so call this once, last.</summary>
    public override string ToString() => ScratchBuilder.ToStringAndReturn(sb);

    private void Flush()
    {
        if (sb.Length > 0)
        {
            if (pendingBreak)
            {
                sb.Append('\n');
            }
            else if (pendingSpace)
            {
                sb.Append(' ');
            }
        }

        pendingBreak = false;
        pendingSpace = false;
    }
}
