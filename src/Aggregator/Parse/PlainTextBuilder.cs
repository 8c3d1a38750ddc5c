using System.Text;

namespace Aggregator.Parse;

/// <summary>Collapses whitespace as text arrives: runs become one space, a line break absorbs the spaces around it.</summary>
internal sealed class PlainTextBuilder(int capacity)
{
    private readonly StringBuilder sb = new(capacity);
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
        if (char.IsWhiteSpace(c))
        {
            pendingSpace = true;
        }
        else if (!char.IsControl(c))
        {
            Flush();
            sb.Append(c);
        }
    }

    public void Space() => pendingSpace = true;

    public void LineBreak() => pendingBreak = true;

    public override string ToString() => sb.ToString();

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
