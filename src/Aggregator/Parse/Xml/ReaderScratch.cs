namespace Aggregator.Parse.Xml;

/// <summary>
/// The working tables and buffers of one <see cref="Utf8FeedReader"/>, kept on the thread from one document to the
/// next as <see cref="KnownNames"/> is. Each document made them anew (about 9 KB for an ordinary feed: the
/// recent-value slots, the decode buffers, the direct road's child lists and author tables), and they lived as long
/// as the parse, so the collections a parse meets promoted them with the half-built feed (issue 23, h54e).
/// </summary>
/// <remarks>
/// Nothing in here outlives its document's meaning: the slots and lists say where things are in that document's
/// bytes, and a person is that document's author. So all of it is cleared when the reader gives it back, which also
/// spares the idle thread holding the last feed's strings (and, through the child list, its bytes).
/// </remarks>
internal sealed class ReaderScratch
{
    // A buffer grown past this (one very long text) is not kept for the next document: an idle thread holds little.
    private const int MaxKeptChars = 64 * 1024;

    [ThreadStatic]
    private static ReaderScratch? t_idle;

    /// <summary>Open elements, as where their names are in the body, to match end tags against.</summary>
    public Stack<(int Start, int Length)> Open { get; } = new();

    /// <summary>The attributes of the start tag being read.</summary>
    public List<(string Name, string Value)> Attributes { get; } = [];

    /// <summary>Plain attribute values by slot, as where their bytes are in the body.</summary>
    public (int Start, int Length, string Value)[] RecentValues { get; } = new (int, int, string)[32];

    /// <summary>Short plain texts of directly read children by slot, likewise.</summary>
    public (int Start, int Length, string Value)[] RecentTexts { get; } = new (int, int, string)[64];

    /// <summary>The decode buffer, empty until a text needs decoding; the reader grows it and hands it back.</summary>
    public char[] Chars { get; set; } = [];

    /// <summary>Where a direct child's text is put together from several runs; likewise.</summary>
    public char[] DirectChars { get; set; } = [];

    /// <summary>The direct road's children of one entry and the document's authors; made at the first entry that asks.</summary>
    public DirectChildren? DirectChildren { get; set; }

    /// <summary>The thread's scratch, or a new one when it has none idle (or a reader on it has it: a nested read).</summary>
    public static ReaderScratch Rent()
    {
        var scratch = t_idle ?? new ReaderScratch();
        t_idle = null;
        return scratch;
    }

    /// <summary>Clears everything the document put here and gives it back to the thread for its next one.</summary>
    public void Return()
    {
        Open.Clear();
        Attributes.Clear();
        Array.Clear(RecentValues);
        Array.Clear(RecentTexts);
        Chars = Chars.Length > MaxKeptChars ? [] : Chars;
        DirectChars = DirectChars.Length > MaxKeptChars ? [] : DirectChars;
        DirectChildren?.End();
        t_idle = this;
    }
}
