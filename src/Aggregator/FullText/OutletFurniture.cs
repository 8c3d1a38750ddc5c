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
    private readonly Dictionary<string, (long Sequence, HashSet<ulong> Keys)> pages = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, int> counts = [];
    private long next;

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
        var sections = Sections(blocks.Select(b => (b.Key, IsHeading(b.Block))).ToList());
        var keys = blocks.Select(b => b.Key).Concat(sections.SelectMany(s => s.Pairs ?? [])).ToHashSet();
        var repeated = Record(pageKey, keys);
        var chosen = blocks
            .Where((b, i) => sections[i].Pairs is not { } pairs
                ? repeated.Contains(b.Key)
                : pairs.Any(repeated.Contains) && sections[i].Under is var under && (under.Count == 0 || repeated.Contains(blocks[under[0]].Key)))
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
    /// The fingerprints the page <paramref name="pageKey"/> was remembered by, with its place in the outlet's order
    /// (null once forgotten): what a store keeps so a restarted worker remembers the page (<see cref="Restore"/>).
    /// </summary>
    public (long Sequence, ulong[] Keys)? Recorded(string pageKey)
    {
        lock (gate)
        {
            return pages.TryGetValue(pageKey, out var page) ? (page.Sequence, page.Keys.ToArray()) : null;
        }
    }

    /// <summary>
    /// Remembers a page recorded before (by an earlier process, as <see cref="Recorded"/> gave it) without judging it; pages
    /// restored in any order keep the order of their sequences, and the newest <see cref="PagesRemembered"/> stay.
    /// </summary>
    public void Restore(string pageKey, long sequence, IEnumerable<ulong> keys)
    {
        lock (gate)
        {
            if (pages.Remove(pageKey, out var previous))
            {
                Forget(previous.Keys);
                order.Remove(pageKey);
            }

            var set = keys.ToHashSet();
            pages[pageKey] = (sequence, set);
            var at = order.FindLastIndex(k => pages[k].Sequence <= sequence) + 1;
            order.Insert(at, pageKey);
            Count(set);
            next = Math.Max(next, sequence + 1);
            ForgetOldest();
        }
    }

    /// <summary>
    /// An outlet's articles share their subheadings ("Background", "See also", "Conclusion") as they share furniture, but
    /// the article's heading heads text of its own: a repeated heading goes only with the repeated block under it.
    /// </summary>
    private static bool IsHeading(IElement block) => block.LocalName is "h1" or "h2" or "h3" or "h4" or "h5" or "h6";

    /// <summary>
    /// For each heading, the blocks under it (up to the next heading) and the fingerprints of the heading paired with each
    /// of them (with an end mark when there are none); null for every other block. A heading is furniture when one of its
    /// pairs is on enough other pages (a list under it may turn, as "More on this" does), not when the heading and the
    /// block under it each are: counted apart, a heading
    /// many articles share ("Conclusion") over a block a few others share (filler) went or stayed with the order the
    /// pages came in, since it took the right pages to have been seen first. A pair is repeated only where the two
    /// appear together, which an outlet's furniture does and two articles' own text does not.
    /// </summary>
    private static List<(List<int> Under, List<ulong>? Pairs)> Sections(List<(ulong Key, bool Heading)> blocks)
    {
        var sections = new List<(List<int> Under, List<ulong>? Pairs)>(blocks.Count);
        for (var i = 0; i < blocks.Count; i++)
        {
            if (!blocks[i].Heading)
            {
                sections.Add(([], null));
                continue;
            }

            var under = new List<int>();
            for (var j = i + 1; j < blocks.Count && !blocks[j].Heading; j++)
            {
                under.Add(j);
            }

            var pairs = under.Count == 0 ? [Pair(blocks[i].Key, 0)] : under.Select(j => Pair(blocks[i].Key, blocks[j].Key)).ToList();
            sections.Add((under, pairs));
        }

        return sections;
    }

    /// <summary>A heading's fingerprint combined with one under it; stable across processes, since stores keep it.</summary>
    private static ulong Pair(ulong heading, ulong under)
    {
        var mixed = heading ^ ((under + 0x9E3779B97F4A7C15) * 0xBF58476D1CE4E5B9);
        mixed ^= mixed >> 31;
        mixed *= 0x94D049BB133111EB;
        mixed ^= mixed >> 29;
        return mixed | 1;
    }

    /// <summary>The page's fingerprints that at least <see cref="MinOtherPages"/> other remembered pages have; then remembers the page.</summary>
    private HashSet<ulong> Record(string pageKey, HashSet<ulong> keys)
    {
        lock (gate)
        {
            if (pages.Remove(pageKey, out var previous))
            {
                Forget(previous.Keys);
                order.Remove(pageKey);
            }

            var repeated = keys.Where(k => counts.GetValueOrDefault(k) >= MinOtherPages).ToHashSet();
            pages[pageKey] = (next++, keys);
            order.Add(pageKey);
            Count(keys);
            ForgetOldest();
            return repeated;
        }
    }

    private void Count(HashSet<ulong> keys)
    {
        foreach (var key in keys)
        {
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
    }

    private void ForgetOldest()
    {
        while (order.Count > PagesRemembered)
        {
            pages.Remove(order[0], out var old);
            order.RemoveAt(0);
            Forget(old.Keys);
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
