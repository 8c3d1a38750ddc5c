using System.Xml;

namespace Aggregator.Parse.Xml;

/// <summary>
/// Reads repaired XML text into a <see cref="FeedElement"/> tree (<see cref="FeedTreeBuilder"/>). Ill-formed
/// input is recovered: a broken item or entry is cut out and the document read again; otherwise what was
/// read before the error is kept.
/// </summary>
public static class FeedXmlReader
{
    /// <summary>Elements nested deeper than this are read past but not kept.</summary>
    public const int MaxDepth = 256;

    private const int MaxRecoveries = 20;

    // Each recovery reads the document again; this bounds the characters re-read to about 5 million, which keeps
    // the allocations of a hostile document within a small multiple of its size.
    private const long RecoveryBudgetChars = 5_000_000;

    /// <summary>Ends the warning for an error that could not be cut out.</summary>
    public const string KeptSuffix = "; kept what was read before it";

    public static XmlReadResult Read(string text, int maxEntries)
    {
        DocumentReads.Count();
        var warnings = new List<string>();
        var maxRecoveries = (int)Math.Clamp(RecoveryBudgetChars / Math.Max(1, text.Length), 1, MaxRecoveries);
        for (var attempt = 0; ; attempt++)
        {
            var build = FeedTreeBuilder.Build(() => FeedTreeBuilder.ForRepairedText(new StringReader(text)), maxEntries, repaired: true);
            if (build.Error is null)
            {
                AddLimitWarnings(build, maxEntries, warnings);
                return new XmlReadResult(build.Root, warnings);
            }

            var error = build.Error;
            var where = $"line {error.LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            var offset = Offset(text, error.LineNumber, error.LinePosition);
            if (EndOfInput(text, offset))
            {
                AddLimitWarnings(build, maxEntries, warnings);
                if (build.OpenEntry is { Parent: { } parent } cut && !build.ErrorBelowDepthCap)
                {
                    // The body ended inside this entry (a Content-Length shorter than the feed, a connection closed
                    // early): what was read of it is a damaged article, not an ill-formed one, so it is dropped and
                    // counted (the entry start tags outnumber the entries read: FeedParser.WithLoss) under a label of
                    // its own (EntryLoss.CutOff), the ones before kept.
                    parent.Remove(cut);
                    warnings.Add($"the body ended inside an {cut.LocalName} ({where}), which was dropped as cut off");
                    return new XmlReadResult(build.Root, warnings) { CutOffEntries = 1 };
                }
                else
                {
                    // End tags missing at the end: nothing to mend (the last one read closed what it named), nothing cut.
                    warnings.Add($"ill-formed XML ({where}: {OneLine(error.Message)}){KeptSuffix}");
                }

                return new XmlReadResult(build.Root, warnings);
            }

            // A mismatched end tag is mended the way an HTML parser would, which keeps the entry. Not when the
            // error lies inside elements too deep to keep: the open names are then not the whole story.
            var canRecover = attempt < maxRecoveries && !build.ErrorBelowDepthCap;
            if (canRecover && MendEndTag(text, offset, build.OpenNames) is string mended)
            {
                warnings.Add($"mended ill-formed markup ({where}: {OneLine(error.Message)})");
                text = mended;
                continue;
            }

            if (canRecover && SalvageBrokenEntry(text, offset) is string salvaged)
            {
                warnings.Add($"read what could be made out of an ill-formed entry ({where}: {OneLine(error.Message)})");
                text = salvaged;
                continue;
            }

            warnings.Add($"ill-formed XML ({where}: {OneLine(error.Message)}){KeptSuffix}");
            AddLimitWarnings(build, maxEntries, warnings);
            return new XmlReadResult(build.Root, warnings);
        }
    }

    /// <summary>
    /// Reads a document that did not go through <see cref="XmlRepair"/> as if it had; null at the first error or
    /// at anything the repair would have read otherwise, so the caller can take the lenient road instead.
    /// <paramref name="entryClosed"/>: as for <see cref="FeedTreeBuilder.Build"/>.
    /// </summary>
    public static XmlReadResult? TryReadWellFormed(Func<XmlReader> openReader, int maxEntries, Func<FeedElement, bool>? entryClosed = null)
    {
        DocumentReads.Count();
        var tree = FeedTreeBuilder.Build(openReader, maxEntries, repaired: false, entryClosed);
        return tree.Error is null ? Complete(tree, maxEntries) : null;
    }

    /// <summary>
    /// As <see cref="TryReadWellFormed"/>, for a UTF-8 document read from its bytes (<see cref="Utf8FeedReader"/>);
    /// also null when that reader leaves the document to <see cref="XmlReader"/>, and then
    /// <paramref name="entryClosed"/> may have been told of entries that must be forgotten.
    /// </summary>
    public static XmlReadResult? TryReadWellFormedUtf8(byte[] body, int start, bool checkedUtf8, int maxEntries, Func<FeedElement, bool>? entryClosed = null) =>
        TryReadWellFormedUtf8(body, start, checkedUtf8, maxEntries, entryClosed, out _);

    /// <summary>
    /// As above; <paramref name="illFormed"/> tells a null for a fault in the document (which XmlReader would stop at
    /// too) from one at the edge of <see cref="Utf8FeedReader"/>'s subset.
    /// </summary>
    public static XmlReadResult? TryReadWellFormedUtf8(byte[] body, int start, bool checkedUtf8, int maxEntries, Func<FeedElement, bool>? entryClosed, out bool illFormed) =>
        TryReadWellFormedUtf8(body, start, checkedUtf8, maxEntries, entryClosed, out illFormed, direct: null);

    /// <summary>As above, with entries <paramref name="direct"/> maps straight from their children.</summary>
    internal static XmlReadResult? TryReadWellFormedUtf8(byte[] body, int start, bool checkedUtf8, int maxEntries, Func<FeedElement, bool>? entryClosed, out bool illFormed, IDirectEntries? direct) =>
        Utf8FeedReader.TryRead(body, start, checkedUtf8, maxEntries, entryClosed, out illFormed, direct) is { } tree ? Complete(tree, maxEntries) : null;

    // A tree read to its end, with the warnings of the limits it met.
    private static XmlReadResult Complete(FeedTree tree, int maxEntries)
    {
        var warnings = new List<string>();
        AddLimitWarnings(tree, maxEntries, warnings);
        return new XmlReadResult(tree.Root, warnings) { EntryTags = tree.EntryTags };
    }

    private static void AddLimitWarnings(FeedTree build, int maxEntries, List<string> warnings)
    {
        if (build.TooManyEntries)
        {
            warnings.Add($"more than {maxEntries.ToString(System.Globalization.CultureInfo.InvariantCulture)} entries; kept the first ones");
        }

        if (build.TooDeep)
        {
            warnings.Add($"elements nested deeper than {MaxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture)} were ignored");
        }
    }

    /// <summary>
    /// The error is the end of the input: nothing but whitespace follows it, or it lies in a comment, CDATA section or
    /// processing instruction that runs to the end unterminated. Not when such a section holds an entry's start or end
    /// tag: then it swallowed the rest of the feed, and the body did not end inside the entry it began in.
    /// </summary>
    private static bool EndOfInput(string text, int offset)
    {
        var section = -1;
        foreach (var (opener, terminator) in (ReadOnlySpan<(string, string)>)[("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", "?>")])
        {
            var at = text.LastIndexOf(opener, StringComparison.Ordinal);
            if (at >= 0 && text.IndexOf(terminator, at + opener.Length, StringComparison.Ordinal) < 0 && (section < 0 || at < section))
            {
                section = at;
            }
        }

        if (section >= 0)
        {
            // An entry's start or end tag inside it: the document went on past where the section began.
            return offset >= section && NextStartTag(text, "item", section) < 0 && NextStartTag(text, "entry", section) < 0
                && text.IndexOf("</item", section, StringComparison.Ordinal) < 0 && text.IndexOf("</entry", section, StringComparison.Ordinal) < 0;
        }

        return text.AsSpan(offset).IsWhiteSpace();
    }

    private static int Offset(string text, int line, int position)
    {
        var offset = 0;
        for (var l = 1; l < line && offset >= 0; l++)
        {
            offset = text.IndexOf('\n', offset);
            offset = offset < 0 ? -1 : offset + 1;
        }

        return offset < 0 ? text.Length : Math.Min(text.Length, offset + Math.Max(0, position - 1));
    }

    /// <summary>
    /// Rewrites the item or entry that contains the error offset, when both its ends can be found, as the child
    /// elements that can still be made out in it (<see cref="EntrySalvage"/>): the entry stays, as it does for a
    /// lenient reader, with what could be read of it.
    /// </summary>
    private static string? SalvageBrokenEntry(string text, int offset)
    {
        foreach (var tag in new[] { "item", "entry" })
        {
            var start = LastStartTag(text, tag, offset);
            if (start < 0)
            {
                continue;
            }

            // The entry ends at its own end tag, or where the next one starts when that end tag is missing.
            var close = "</" + tag + ">";
            var end = text.IndexOf(close, start + 1, StringComparison.Ordinal);
            var next = NextStartTag(text, tag, start + 1);
            var stop = next >= 0 && (end < 0 || next < end) ? next : end < 0 ? -1 : end + close.Length;
            // The error must lie inside this entry (at its end tag at the latest), or the entry is not what is broken.
            if (stop < 0 || offset > stop)
            {
                continue;
            }

            var salvaged = EntrySalvage.Rewrite(text.AsSpan(start, stop - start), tag);
            return string.Concat(text.AsSpan(0, start), salvaged, text.AsSpan(stop));
        }

        return null;
    }

    private static int NextStartTag(string text, string tag, int from)
    {
        var open = "<" + tag;
        for (var i = text.IndexOf(open, from, StringComparison.Ordinal); i >= 0; i = text.IndexOf(open, i + 1, StringComparison.Ordinal))
        {
            var after = i + open.Length < text.Length ? text[i + open.Length] : '\0';
            if (after is '>' or ' ' or '\t' or '\r' or '\n' or '/')
            {
                return i;
            }
        }

        return -1;
    }

    private static int LastStartTag(string text, string tag, int before)
    {
        var open = "<" + tag;
        var i = Math.Min(before, text.Length - 1);
        while (i >= 0)
        {
            i = text.LastIndexOf(open, i, StringComparison.Ordinal);
            if (i < 0)
            {
                return -1;
            }

            var after = i + open.Length < text.Length ? text[i + open.Length] : '\0';
            if (after is '>' or ' ' or '\t' or '\r' or '\n' or '/')
            {
                return i;
            }

            i--;
        }

        return -1;
    }

    /// <summary>
    /// At an end tag that does not close the innermost open element: when it closes an outer one, the
    /// inner ones are closed first (&lt;b&gt; left open in a description); when it closes nothing open,
    /// it is taken as the innermost's own end tag misspelt (&lt;/titel&gt;) when the names are close,
    /// and dropped as a stray otherwise (renaming a stray would close the wrong element and cascade).
    /// </summary>
    private static string? MendEndTag(string text, int offset, List<string> openNames)
    {
        if (openNames.Count == 0 || text.Length == 0)
        {
            return null;
        }

        var from = Math.Min(offset, text.Length - 1);
        var lt = text.LastIndexOf("</", from, Math.Min(from + 1, 256), StringComparison.Ordinal);
        var gt = lt < 0 ? -1 : text.IndexOf('>', lt);
        if (lt < 0 || gt < 0 || gt + 1 < offset)
        {
            return null;
        }

        var name = text[(lt + 2)..gt].Trim();
        var depth = openNames.IndexOf(name);
        if (depth == 0)
        {
            return null;
        }

        if (depth > 0)
        {
            var closers = string.Concat(openNames.Take(depth).Select(open => "</" + open + ">"));
            return string.Concat(text.AsSpan(0, lt), closers, text.AsSpan(lt));
        }

        var replacement = IsTypo(name, openNames[0]) ? "</" + openNames[0] + ">" : "";
        return string.Concat(text.AsSpan(0, lt), replacement, text.AsSpan(gt + 1));
    }

    private static bool IsTypo(string written, string meant)
    {
        if (written.Equals(meant, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (Math.Abs(written.Length - meant.Length) > 2 || written.Length > 64 || meant.Length > 64)
        {
            return false;
        }

        // Levenshtein distance of at most 2.
        var previous = Enumerable.Range(0, meant.Length + 1).ToArray();
        for (var i = 1; i <= written.Length; i++)
        {
            var current = new int[meant.Length + 1];
            current[0] = i;
            for (var j = 1; j <= meant.Length; j++)
            {
                var cost = written[i - 1] == meant[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            previous = current;
        }

        return previous[meant.Length] <= 2;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
