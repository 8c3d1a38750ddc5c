using System.Text;
using System.Text.RegularExpressions;
using Aggregator.Dedup;
using Aggregator.Normalize;
using Aggregator.Parse;
using Xunit;
using Xunit.Abstractions;

namespace Aggregator.Tests.Normalize;

/// <summary>
/// An entry's HTML becomes plain text three times on its way to the store (bench/cpu-profile.md, h50d): the sanitizer
/// keeps the text a reader sees (here: a full HTML5 parse of its output, <see cref="BrowserTextOracle"/>), Dedup reads
/// the sanitized HTML again with <see cref="TagStripper"/> (the fingerprint's and signature's text) and the search text
/// reads it again with <see cref="HtmlText.ToPlainText"/>. Before any of them is made from another, this shows where they
/// differ, over every summary and content of the feed corpora and over generated markup with the usual traps, and holds
/// each difference to a known rule: a difference nobody can name is one a merge would carry into stored values unseen.
/// </summary>
/// <remarks>
/// Words are compared after one fold (<see cref="TextNormalizer.Fold"/>), so only the scanners' rules show; where the two
/// folds themselves differ is counted apart. A difference is meaningful when the words differ: a word joined in one text
/// and split in the other, or words one text has and the other lacks, change a fingerprint or a search hit. Line breaks
/// alone change neither the search text nor the folded words, but Dedup's boilerplate rules read lines.
/// </remarks>
public partial class EntryPlainTextsDifferentialTests(ITestOutputHelper output)
{
    private static readonly Uri Base = new("https://example.org/news/");

    [Theory]
    [InlineData("feedparser", 600)]
    [InlineData("miniflux", 300)]
    [InlineData("gofeed", 80)]
    public void EveryEntryOfTheCorpus_ItsThreePlainTexts_DifferOnlyByKnownRules(string corpus, int atLeast)
    {
        var folder = Path.Combine(TestPaths.Corpora, corpus);
        var tally = new Tally();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (Path.GetExtension(file) is not (".xml" or ".rss" or ".atom" or ".rdf" or ".json"))
            {
                continue;
            }

            var fields = CorpusFeedFields.Of(File.ReadAllBytes(file)).ToList();
            // The feed's title, then each entry's title, summary and content: only summaries and contents are HTML here.
            for (var i = 1; i < fields.Count; i++)
            {
                if ((i - 1) % 3 != 0 && !string.IsNullOrWhiteSpace(fields[i]))
                {
                    tally.Add(Path.GetRelativePath(folder, file), fields[i]!);
                }
            }
        }

        tally.Print(output, corpus);
        Assert.True(tally.Compared >= atLeast, $"only {tally.Compared} summaries and contents in {folder}");
        Assert.Empty(tally.Unexplained);
    }

    [Fact]
    public void GeneratedMarkupWithTraps_ItsThreePlainTexts_DifferOnlyByKnownRules()
    {
        var tally = new Tally();
        var random = new Random(23);
        for (var n = 0; n < 2_000; n++)
        {
            tally.Add($"generated {n}", TrapMarkup.Generate(random));
        }

        tally.Print(output, "generated");
        // A few generated fields are nothing but what the sanitizer drops (a no-break space, a script): nothing to compare.
        Assert.True(tally.Compared >= 1_950, $"only {tally.Compared} generated fields kept any text");
        Assert.Empty(tally.Unexplained);
        // The generator must reach the rules it is there for, or it tests nothing.
        Assert.Contains(Reason.TagInsideWord, tally.ByReason.Keys);
        Assert.Contains(Reason.ImageAlt, tally.ByReason.Keys);
        Assert.Contains(Reason.Figcaption, tally.ByReason.Keys);
    }

    /// <summary>Each known rule on its own, with the words each of the three texts makes of it.</summary>
    [Theory]
    // A tag inside a word: Dedup's stripper leaves a space for every tag, the reader and the search text do not.
    [InlineData("<p>H<sub>2</sub>O is water</p>", "h 2 o is water", "h2o is water", "h2o is water")]
    [InlineData("<p>The <b>bold</b>er move</p>", "the bold er move", "the bolder move", "the bolder move")]
    // An image: the reader and the search text have its alt text, Dedup does not.
    [InlineData("<p>Before<img src=\"a.png\" alt=\"A chart\">after</p>", "before after", "before a chart after", "before a chart after")]
    // A caption: Dedup drops it as furniture another copy may lack, the reader and the search text keep it.
    [InlineData("<figure><img src=\"a.png\"><figcaption>Photo of the river</figcaption></figure><p>Text</p>", "text", "photo of the river text", "photo of the river text")]
    // Entities, non-ASCII and a comment: the same words in all three.
    [InlineData("<p>Caf&eacute; &amp; cr&#232;me<!-- note --> d&#x2019;or</p>", "cafe creme d or", "cafe creme d or", "cafe creme d or")]
    // Script and style are dropped by the sanitizer, so no scanner sees them.
    [InlineData("<p>One</p><script>var two = 2;</script><style>p { color: red }</style><p>three</p>", "one three", "one three", "one three")]
    // An attribute with '>' in it, and an unclosed tag, read alike.
    [InlineData("<p title=\"a > b\">Left <i>right", "left right", "left right", "left right")]
    public void EachKnownRule_GivesTheseWords(string html, string dedupWords, string readerWords, string searchWords)
    {
        var texts = PlainTexts.Of(html);

        Assert.Equal(dedupWords, TextNormalizer.Fold(texts.Dedup));
        Assert.Equal(readerWords, TextNormalizer.Fold(texts.Reader));
        Assert.Equal(searchWords, TextNormalizer.Fold(texts.Search));
    }

    /// <summary>The three plain texts of one entry field, each made from the sanitized HTML as the pipeline makes it.</summary>
    internal sealed record PlainTexts(string Sanitized, string Reader, string Dedup, string Search)
    {
        public static PlainTexts Of(string html)
        {
            var sanitized = HtmlSanitizer.Sanitize(html, Base);
            return new(sanitized, BrowserTextOracle.Text(sanitized), TagStripper.ToPlainText(sanitized), HtmlText.ToPlainText(sanitized, TextLayout.Blocks));
        }
    }

    internal enum Reason
    {
        TagInsideWord,
        ImageAlt,
        Figcaption,
        TableCell,
        Unexplained,
    }

    /// <summary>How two plain texts compare, word for word after one fold.</summary>
    internal enum Kind
    {
        SameWords,
        SameLinesToo,
        JoinedOrSplit,
        OtherWords,
    }

    /// <summary>What the comparisons found, per pair of texts, with the first examples of each reason.</summary>
    private sealed partial class Tally
    {
        public int Compared { get; private set; }

        public Dictionary<string, Dictionary<Kind, int>> ByPair { get; } = [];

        public Dictionary<Reason, int> ByReason { get; } = [];

        public List<string> Unexplained { get; } = [];

        private readonly Dictionary<Reason, List<string>> examples = [];
        private int foldsDiffer;
        private int fingerprintWouldChange;
        private int searchWouldChange;

        public void Add(string where, string html)
        {
            var texts = PlainTexts.Of(html);
            if (texts.Sanitized.Length == 0)
            {
                return;
            }

            Compared++;
            var reader = TextNormalizer.Fold(texts.Reader);
            var dedup = TextNormalizer.Fold(texts.Dedup);
            var search = TextNormalizer.Fold(texts.Search);
            Count("reader · search", Compare(texts.Reader, texts.Search, reader, search));
            Count("reader · dedup", Compare(texts.Reader, texts.Dedup, reader, dedup));
            Count("dedup · search", Compare(texts.Dedup, texts.Search, dedup, search));

            // What a merge would change: Dedup's folded body made from the search text's plain text, and the search
            // text made from Dedup's; and whether the two folds agree on the same text.
            if (BodyFolding.FoldBody(texts.Sanitized) != TextNormalizer.Fold(Boilerplate.Strip(texts.Search)))
            {
                fingerprintWouldChange++;
            }

            if (TextFolding.Fold(texts.Search) != TextFolding.Fold(texts.Dedup))
            {
                searchWouldChange++;
            }

            if (TextFolding.Fold(texts.Search) != search)
            {
                foldsDiffer++;
            }

            var reasons = new List<Reason>();
            if (reader != search)
            {
                // The search text's scanner claims a full parse's text (HtmlTextTests): any difference here is unexplained.
                reasons.Add(Reason.Unexplained);
            }
            else if (dedup != search)
            {
                reasons.AddRange(Explain(texts.Sanitized, dedup, search));
            }

            foreach (var reason in reasons)
            {
                ByReason[reason] = ByReason.GetValueOrDefault(reason) + 1;
                var list = examples.TryGetValue(reason, out var l) ? l : examples[reason] = [];
                var example = $"{where}: sanitized «{Clip(texts.Sanitized)}» dedup «{Clip(dedup)}» search «{Clip(search)}» reader «{Clip(reader)}»";
                if (list.Count < 3)
                {
                    list.Add(example);
                }

                if (reason == Reason.Unexplained)
                {
                    Unexplained.Add(example);
                }
            }
        }

        public void Print(ITestOutputHelper output, string corpus)
        {
            output.WriteLine($"{corpus}: {Compared} summaries and contents");
            foreach (var (pair, kinds) in ByPair)
            {
                output.WriteLine($"  {pair}: " + string.Join(", ", Enum.GetValues<Kind>().Select(k => $"{k} {kinds.GetValueOrDefault(k)}")));
            }

            output.WriteLine($"  Dedup's folded body made from the search's plain text would differ for {fingerprintWouldChange}");
            output.WriteLine($"  the search text made from Dedup's plain text would differ for {searchWouldChange}");
            output.WriteLine($"  the search fold and Dedup's fold differ on the same plain text for {foldsDiffer}");
            foreach (var (reason, count) in ByReason.OrderBy(r => r.Key))
            {
                output.WriteLine($"  reason {reason}: {count}");
                foreach (var example in examples[reason])
                {
                    output.WriteLine($"    {example}");
                }
            }
        }

        private void Count(string pair, Kind kind)
        {
            var kinds = ByPair.TryGetValue(pair, out var k) ? k : ByPair[pair] = [];
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
        }

        private static Kind Compare(string plainA, string plainB, string wordsA, string wordsB) =>
            wordsA != wordsB
                ? wordsA.Replace(" ", "", StringComparison.Ordinal) == wordsB.Replace(" ", "", StringComparison.Ordinal) ? Kind.JoinedOrSplit : Kind.OtherWords
                : Lines(plainA).SequenceEqual(Lines(plainB)) ? Kind.SameLinesToo : Kind.SameWords;

        /// <summary>The folded words of each non-empty line: what Dedup's line rules see.</summary>
        private static IEnumerable<string> Lines(string plain) =>
            plain.Split('\n').Select(TextNormalizer.Fold).Where(l => l.Length > 0);

        /// <summary>
        /// Why Dedup's words differ from the search text's, from the sanitized HTML: each rule is removed from the markup
        /// in turn (the Dedup reading of it applied to both) until the two agree; what is left unexplained is reported.
        /// </summary>
        private static List<Reason> Explain(string sanitized, string dedup, string search)
        {
            var found = new List<Reason>();
            var html = sanitized;
            foreach (var (reason, rewrite) in Rules)
            {
                var rewritten = rewrite(html);
                if (rewritten == html)
                {
                    continue;
                }

                html = rewritten;
                found.Add(reason);
                if (TextNormalizer.Fold(TagStripper.ToPlainText(html)) == TextNormalizer.Fold(HtmlText.ToPlainText(html, TextLayout.Blocks)))
                {
                    return found;
                }
            }

            found.Add(Reason.Unexplained);
            return found;
        }

        // Each rule rewrites the sanitized HTML so both scanners read it alike in that respect.
        private static readonly (Reason Reason, Func<string, string> Rewrite)[] Rules =
        [
            (Reason.Figcaption, html => FigcaptionElement().Replace(html, "")),
            (Reason.ImageAlt, html => ImageTag().Replace(html, " ")),
            (Reason.TableCell, html => CellTag().Replace(html, " ")),
            // Every tag that is not a block becomes a space, as Dedup reads it: what it joined is then split in both.
            (Reason.TagInsideWord, html => InlineTag().Replace(html, " ")),
        ];

        private static string Clip(string text) => text.Length <= 160 ? text.ReplaceLineEndings("⏎") : text[..160].ReplaceLineEndings("⏎") + "…";

        [GeneratedRegex("<figcaption[^>]*>.*?</figcaption>", RegexOptions.Singleline)]
        private static partial Regex FigcaptionElement();

        [GeneratedRegex("<img\\b[^>]*>")]
        private static partial Regex ImageTag();

        [GeneratedRegex("</?t[dh]\\b[^>]*>")]
        private static partial Regex CellTag();

        [GeneratedRegex("</?(?!(?:p|br|div|li|ul|ol|h[1-6]|blockquote|tr|td|th|table|section|article|header|footer|figure|hr|pre|dd|dt|aside)\\b)[a-z][a-z0-9]*\\b[^>]*>")]
        private static partial Regex InlineTag();
    }

    /// <summary>Article-like HTML with the traps a scanner can fall into, from a seed.</summary>
    private static class TrapMarkup
    {
        private static readonly string[] Words =
        [
            "river", "Guaidó", "ﬁnal", "naïve", "Straße", "東京", "Москва", "αθήνα", "x²", "e\u0301te", "50%", "AT&amp;T",
            "&eacute;t&eacute;", "&#8217;s", "&#x1F600;", "&nbsp;", "&lt;b&gt;", "a&amp;lt;b", "&bogus;", "&amp", "co-op",
        ];

        private static readonly string[] Inline = ["b", "i", "em", "strong", "a href=\"/x\"", "span", "sub", "sup", "code", "q", "small"];

        private static readonly string[] Blocks = ["p", "div", "blockquote", "li", "h2", "pre", "td", "dd"];

        public static string Generate(Random random)
        {
            var sb = new StringBuilder();
            var paragraphs = random.Next(1, 6);
            for (var p = 0; p < paragraphs; p++)
            {
                var block = Blocks[random.Next(Blocks.Length)];
                sb.Append('<').Append(block).Append('>');
                var words = random.Next(1, 14);
                for (var w = 0; w < words; w++)
                {
                    sb.Append(random.Next(12) == 0 ? "" : w > 0 ? Separator(random) : "");
                    AppendWord(sb, random);
                }

                // An unclosed block now and then: the sanitizer's parse closes it.
                if (random.Next(6) != 0)
                {
                    sb.Append("</").Append(block).Append('>');
                }

                sb.Append(random.Next(3) == 0 ? "\n" : "");
            }

            return sb.ToString();
        }

        private static string Separator(Random random) => random.Next(8) switch
        {
            0 => "\n",
            1 => "\t ",
            2 => " \u00A0",
            _ => " ",
        };

        private static void AppendWord(StringBuilder sb, Random random)
        {
            var word = Words[random.Next(Words.Length)];
            switch (random.Next(14))
            {
                case 0:
                    // A tag inside the word.
                    var tag = Inline[random.Next(Inline.Length)];
                    var cut = Math.Max(1, word.Length / 2);
                    sb.Append(word, 0, cut).Append('<').Append(tag).Append('>').Append(word, cut, word.Length - cut).Append("</").Append(tag.Split(' ')[0]).Append('>');
                    return;
                case 1:
                    sb.Append("<img src=\"/i.png\" alt=\"").Append(random.Next(2) == 0 ? "a > b chart" : "Photo: Reuters").Append("\">").Append(word);
                    return;
                case 2:
                    sb.Append("<figure><img src=\"/f.png\"><figcaption>").Append(word).Append(" caption</figcaption></figure>");
                    return;
                case 3:
                    sb.Append(word).Append("<!-- a > comment -->");
                    return;
                case 4:
                    sb.Append("<script>if (a < b) { x = \"</p>\"; }</script>").Append(word);
                    return;
                case 5:
                    sb.Append("<style>p > b { color: red }</style>").Append(word);
                    return;
                case 6:
                    sb.Append("<![CDATA[").Append(word).Append("]]>");
                    return;
                case 7:
                    sb.Append("<span title=\"x > y\" data-a='1>2'>").Append(word).Append("</span>");
                    return;
                case 8:
                    // An inline element left open.
                    sb.Append("<em>").Append(word);
                    return;
                case 9:
                    sb.Append(word).Append("<br>");
                    return;
                case 10:
                    sb.Append("a < ").Append(word);
                    return;
                default:
                    sb.Append(word);
                    return;
            }
        }
    }
}
