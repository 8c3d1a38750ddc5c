using System.Xml;

namespace Aggregator.Parse.Xml;

/// <summary>
/// Reads repaired XML text into a <see cref="FeedElement"/> tree with a strict reader that can neither
/// process a DTD nor resolve an external entity. Namespaces are resolved here rather than by the reader
/// so an undeclared prefix (dc:, media: without xmlns) is not fatal. Ill-formed input is recovered:
/// a broken item or entry is cut out and the document read again; otherwise what was read before the
/// error is kept. Depth and entry count are capped so hostile input costs bounded work.
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
        var warnings = new List<string>();
        var maxRecoveries = (int)Math.Clamp(RecoveryBudgetChars / Math.Max(1, text.Length), 1, MaxRecoveries);
        for (var attempt = 0; ; attempt++)
        {
            var build = BuildOnce(text, maxEntries);
            if (build.Error is null)
            {
                AddLimitWarnings(build, maxEntries, warnings);
                return new XmlReadResult(build.Root, warnings);
            }

            var error = build.Error;
            var where = $"line {error.LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            var offset = Offset(text, error.LineNumber, error.LinePosition);
            // A mismatched end tag is mended the way an HTML parser would, which keeps the entry. Not when the
            // error lies inside elements too deep to keep: the open names are then not the whole story.
            var canRecover = attempt < maxRecoveries && !build.ErrorBelowDepthCap;
            if (canRecover && MendEndTag(text, offset, build.OpenNames) is string mended)
            {
                warnings.Add($"mended ill-formed markup ({where}: {OneLine(error.Message)})");
                text = mended;
                continue;
            }

            if (canRecover && CutBrokenEntry(text, offset) is string cut)
            {
                warnings.Add($"dropped an ill-formed entry ({where}: {OneLine(error.Message)})");
                text = cut;
                continue;
            }

            warnings.Add($"ill-formed XML ({where}: {OneLine(error.Message)}){KeptSuffix}");
            AddLimitWarnings(build, maxEntries, warnings);
            return new XmlReadResult(build.Root, warnings);
        }
    }

    private static void AddLimitWarnings(Build build, int maxEntries, List<string> warnings)
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

    private sealed class Build
    {
        public FeedElement? Root { get; set; }
        public XmlException? Error { get; set; }
        public bool TooManyEntries { get; set; }
        public bool TooDeep { get; set; }
        /// <summary>The error struck while skipping elements nested past <see cref="MaxDepth"/>.</summary>
        public bool ErrorBelowDepthCap { get; set; }
        /// <summary>Qualified names of the elements open when the error struck, innermost first.</summary>
        public List<string> OpenNames { get; } = [];
    }

    private static Build BuildOnce(string text, int maxEntries)
    {
        var build = new Build();
        var elements = new Stack<FeedElement>();
        var scopes = new Stack<Dictionary<string, string>?>();
        var ignoring = 0;
        var entries = 0;
        try
        {
            using var reader = new XmlTextReader(new StringReader(text))
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                Namespaces = false,
                Normalization = true,
                WhitespaceHandling = WhitespaceHandling.All,
            };
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        var isEmpty = reader.IsEmptyElement;
                        if (ignoring > 0)
                        {
                            ignoring += isEmpty ? 0 : 1;
                            break;
                        }

                        if (build.Root is not null && elements.Count == 0)
                        {
                            // Content after the root element: not part of the document.
                            ignoring = isEmpty ? 0 : 1;
                            break;
                        }

                        var local = LocalPart(reader.Name);
                        var isEntry = elements.Count <= 3 && local is "item" or "entry";
                        if (elements.Count >= MaxDepth || (isEntry && entries >= maxEntries))
                        {
                            build.TooDeep |= elements.Count >= MaxDepth;
                            build.TooManyEntries |= isEntry && entries >= maxEntries;
                            ignoring = isEmpty ? 0 : 1;
                            break;
                        }

                        entries += isEntry ? 1 : 0;
                        var element = ReadElement(reader, elements, scopes);
                        if (elements.Count == 0)
                        {
                            build.Root = element;
                        }
                        else
                        {
                            elements.Peek().Add(element);
                        }

                        if (isEmpty)
                        {
                            scopes.Pop();
                        }
                        else
                        {
                            elements.Push(element);
                        }

                        break;
                    case XmlNodeType.EndElement:
                        if (ignoring > 0)
                        {
                            ignoring--;
                        }
                        else if (elements.Count > 0)
                        {
                            elements.Pop();
                            scopes.Pop();
                        }

                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                        if (ignoring == 0 && elements.Count > 0)
                        {
                            elements.Peek().AddText(reader.Value);
                        }

                        break;
                }
            }
        }
        catch (XmlException e)
        {
            build.Error = e;
            build.ErrorBelowDepthCap = ignoring > 0 && build.TooDeep;
            build.OpenNames.AddRange(elements.Select(open => open.Name));

            // An item cut off by the error is incomplete: drop it rather than store half an article.
            foreach (var open in elements)
            {
                if (open.LocalName is "item" or "entry")
                {
                    open.Parent?.Remove(open);
                }
            }
        }

        return build;
    }

    private static FeedElement ReadElement(XmlTextReader reader, Stack<FeedElement> elements, Stack<Dictionary<string, string>?> scopes)
    {
        var name = reader.Name;
        Dictionary<string, string>? scope = null;
        var attributes = new List<(string Name, string Value)>();
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                var attrName = reader.Name;
                if (attrName == "xmlns")
                {
                    (scope ??= [])[""] = reader.Value.Trim();
                }
                else if (attrName.StartsWith("xmlns:", StringComparison.Ordinal))
                {
                    (scope ??= [])[attrName[6..]] = reader.Value.Trim();
                }
                else
                {
                    attributes.Add((attrName, reader.Value));
                }
            }
            while (reader.MoveToNextAttribute());

            reader.MoveToElement();
        }

        scopes.Push(scope);
        var element = new FeedElement(Lookup(scopes, Prefix(name)), LocalPart(name), name, elements.Count > 0 ? elements.Peek() : null);
        if (scope is not null && scope.TryGetValue("", out var declaredDefault))
        {
            element.DeclaredDefaultNamespace = Ns.Canonical(declaredDefault);
        }

        foreach (var (attrName, value) in attributes)
        {
            // CDF writes xml:base as BASE on its CHANNEL and ITEM elements.
            if (attrName == "BASE" && element.LocalName is "CHANNEL" or "ITEM")
            {
                element.Attributes.Add(new FeedXmlAttr(Ns.Xml, "base", value));
                continue;
            }

            var prefix = Prefix(attrName);
            // Unprefixed attributes are in no namespace, whatever the default namespace is.
            var ns = prefix.Length == 0 ? "" : Lookup(scopes, prefix);
            element.Attributes.Add(new FeedXmlAttr(ns, LocalPart(attrName), value));
        }

        return element;
    }

    private static string Lookup(Stack<Dictionary<string, string>?> scopes, string prefix)
    {
        if (prefix == "xml")
        {
            return Ns.Xml;
        }

        foreach (var scope in scopes)
        {
            if (scope is not null && scope.TryGetValue(prefix, out var uri))
            {
                return Ns.Canonical(uri);
            }
        }

        return prefix.Length == 0 ? "" : Ns.ForUndeclaredPrefix(prefix);
    }

    private static string Prefix(string name)
    {
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? name[..colon] : "";
    }

    private static string LocalPart(string name)
    {
        var colon = name.LastIndexOf(':');
        return colon >= 0 ? name[(colon + 1)..] : name;
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

    // Cuts out the item or entry that contains the error offset, when both its ends can be found.
    private static string? CutBrokenEntry(string text, int offset)
    {
        foreach (var tag in new[] { "item", "entry" })
        {
            var start = LastStartTag(text, tag, offset);
            if (start < 0)
            {
                continue;
            }

            var close = "</" + tag + ">";
            var end = text.IndexOf(close, Math.Max(start + 1, offset - close.Length - 1), StringComparison.Ordinal);
            if (end < 0)
            {
                continue;
            }

            return string.Concat(text.AsSpan(0, start), text.AsSpan(end + close.Length));
        }

        return null;
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
