using System.Globalization;
using System.Text;
using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// What one outlet prints around every article: a real outlet's pages share their furniture (newsletter boxes, "related"
/// lists, the fixed part of a byline, the footer's appeal), and the article text is what differs between them. Remembers
/// a fingerprint of each block of the outlet's last <see cref="PagesRemembered"/> extracted pages and takes out of a new
/// page the blocks that at least <see cref="MinOtherPages"/> other pages also had. No wording or markup is assumed, so it
/// reaches furniture the precision pass's rules have no word for; it cannot help an outlet's first pages.
/// Thread-safe: an outlet's pages are extracted in parallel, and each page is judged against the pages recorded before it.
/// </summary>
public sealed class OutletFurniture
{
    /// <summary>
    /// A block one other page shares may be a quotation or a fact box two stories of a series have in common; furniture is
    /// on every page, so two other pages already make it very likely.
    /// </summary>
    public const int MinOtherPages = 2;

    /// <summary>
    /// Enough pages for furniture to recur, few enough that a block a template dropped long ago is forgotten, and the
    /// memory bounded: about 60 fingerprints of 8 bytes per page.
    /// </summary>
    public const int PagesRemembered = 64;

    /// <summary>
    /// Never the whole article: when the repeated blocks are most of a page's text, the container chosen is the furniture
    /// (an index page, a misread layout) or the outlet repeats its articles; either way the page is left as extracted.
    /// </summary>
    internal const double MaxShareRemoved = 0.8;

    private readonly Lock gate = new();
    private readonly List<string> order = [];
    private readonly Dictionary<string, HashSet<ulong>> pages = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, int> counts = [];

    /// <summary>Pages remembered now.</summary>
    public int Pages
    {
        get
        {
            lock (gate)
            {
                return pages.Count;
            }
        }
    }

    /// <summary>
    /// Records the blocks of <paramref name="article"/> as the page <paramref name="pageKey"/>'s, then removes those the
    /// outlet's other pages repeat (unless that would take most of the text). A page fetched again replaces its own
    /// record, so it never counts as its own repetition. Returns the blocks removed.
    /// </summary>
    internal int Remove(IElement article, string pageKey, BoilerplateTally? tally = null)
    {
        var blocks = BoilerplateFilter.LeafBlocks(article)
            .Select(b => (Block: b, Text: Dom.InnerText(b)))
            .Select(b => (b.Block, b.Text, Key: Fingerprint(b.Text)))
            .Where(b => b.Key != 0)
            .ToList();
        var repeated = Record(pageKey, blocks.Select(b => b.Key).ToHashSet());
        var chosen = blocks
            .Where((b, i) => repeated.Contains(b.Key) && (!IsHeading(b.Block) || i + 1 == blocks.Count || repeated.Contains(blocks[i + 1].Key)))
            .ToList();
        if (chosen.Count == 0 || chosen.Sum(b => b.Text.Length) > Dom.InnerText(article).Length * MaxShareRemoved)
        {
            return 0;
        }

        foreach (var (block, text, _) in chosen)
        {
            tally?.Add(BoilerplateKind.OutletFurniture, text);
            block.Remove();
        }

        return chosen.Count;
    }

    /// <summary>
    /// An outlet's articles share their subheadings ("Background", "See also", "Conclusion") as they share furniture, but
    /// the article's heading heads text of its own: a repeated heading goes only with the repeated block under it.
    /// </summary>
    private static bool IsHeading(IElement block) => block.LocalName is "h1" or "h2" or "h3" or "h4" or "h5" or "h6";

    /// <summary>The page's blocks that at least <see cref="MinOtherPages"/> other remembered pages have; then remembers the page.</summary>
    private HashSet<ulong> Record(string pageKey, HashSet<ulong> keys)
    {
        lock (gate)
        {
            if (pages.Remove(pageKey, out var previous))
            {
                Forget(previous);
                order.Remove(pageKey);
            }

            var repeated = keys.Where(k => counts.GetValueOrDefault(k) >= MinOtherPages).ToHashSet();
            pages[pageKey] = keys;
            order.Add(pageKey);
            foreach (var key in keys)
            {
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }

            while (order.Count > PagesRemembered)
            {
                pages.Remove(order[0], out var old);
                order.RemoveAt(0);
                Forget(old!);
            }

            return repeated;
        }
    }

    private void Forget(HashSet<ulong> keys)
    {
        foreach (var key in keys)
        {
            if (--counts[key] == 0)
            {
                counts.Remove(key);
            }
        }
    }

    /// <summary>
    /// FNV-1a (a step per character rather than per byte) over the block's words, lower-cased, with every run of digits as one "0": "Updated 5 hours ago" and
    /// "Updated 12 hours ago" are the same furniture. 0 for a block with no letter: with digits read that way every
    /// number alone (a list's numbering, a rating, a reference's ISBN) would be the same block.
    /// </summary>
    internal static ulong Fingerprint(string text)
    {
        const ulong offset = 14695981039346656037;
        const ulong prime = 1099511628211;
        var hash = offset;
        var any = false;
        var letters = false;
        var inWord = false;
        var inDigits = false;
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            var isDigit = category == UnicodeCategory.DecimalDigitNumber;
            if (!Rune.IsLetterOrDigit(rune))
            {
                inWord = inDigits = false;
                continue;
            }

            if (!inWord && any)
            {
                hash = (hash ^ ' ') * prime;
            }

            inWord = any = true;
            if (isDigit)
            {
                if (!inDigits)
                {
                    hash = (hash ^ '0') * prime;
                }

                inDigits = true;
                continue;
            }

            inDigits = false;
            letters = true;
            var value = Rune.ToLowerInvariant(rune).Value;
            hash = (hash ^ (uint)value) * prime;
        }

        return letters ? hash | 1 : 0;
    }
}
