using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace Aggregator.Tests.FullText;

/// <summary>One article page of a <see cref="TemplateOutlet"/>: its HTML and the article body a reader should get.</summary>
internal sealed record TemplatePage(string Slug, string Title, string Html, string Body);

/// <summary>
/// An outlet of article pages printed from one template, as a real outlet's are: a header with the site's menu, then
/// inside the same container as the story (where Readability keeps it) a fixed byline part, a date line, a newsletter box,
/// a "more on this" list of the outlet's other headlines, and the appeal printed twice as the Popular Resistance sample
/// shows it; a footer. The article bodies are all distinct: sentences of the samples' teasers, seven per page, none
/// used twice. Nothing here is named so that the precision pass's markup rules would know it (no "newsletter",
/// "related" or "share" class), so what the template adds is only found by comparing pages.
/// </summary>
internal static partial class TemplateOutlet
{
    private const int SentencesPerPage = 7;

    private static readonly string[] Weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    [GeneratedRegex(@"(?<=[.!?”])\s+(?=[A-Z“""])")]
    private static partial Regex SentenceBreak();

    /// <summary>Pages the samples' sentences make: as many as have seven sentences each.</summary>
    public static IReadOnlyList<TemplatePage> Build(Uri site)
    {
        var (sentences, appeal) = ReadSamples();
        var count = sentences.Count / SentencesPerPage;
        var titles = Enumerable.Range(0, count).Select(p => Title(sentences[p * SentencesPerPage])).ToList();
        var pages = new List<TemplatePage>();
        for (var p = 0; p < count; p++)
        {
            var own = sentences.GetRange(p * SentencesPerPage, SentencesPerPage);
            // Three paragraphs of three, two and two sentences.
            var paragraphs = new[] { own.GetRange(0, 3), own.GetRange(3, 2), own.GetRange(5, 2) }.Select(s => string.Join(' ', s)).ToList();
            var slug = $"story-{p + 1}";
            // The list shows four of the outlet's six most-read stories, turning with the day, never the page itself.
            var more = Enumerable.Range(0, 6).Select(i => (p + i) % 6).Where(i => i != p).Take(4)
                .Select(i => $"""<li><a href="{site}story-{i + 1}.html">{Encode(titles[i])}</a></li>""");
            var html = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"""
                    <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{Encode(titles[p])} | Popular Resistance</title></head><body>
                    <div class="top"><a href="{site}">Skip to content</a>
                    <ul class="menu"><li><a href="{site}coups">Coups</a></li><li><a href="{site}climate">Climate</a></li><li><a href="{site}labor">Labor</a></li><li><a href="{site}about">About</a></li><li><a href="{site}donate">Donate</a></li></ul></div>
                    <div class="main"><div class="post">
                    <h1>{Encode(titles[p])}</h1>
                    <p class="m">Published {Weekdays[p % 7]} / Popular Resistance</p>
                    <p>By the Popular Resistance staff. Reporting for this story is paid for by readers like you.</p>
                    """)
                .Append(string.Concat(paragraphs.Select(t => $"<p>{Encode(t)}</p>\n")))
                .Append("""
                    <div class="box-a"><h4>Get the day's stories every morning</h4><p>One email a day with every story we publish, and nothing else. You can leave whenever you like.</p></div>
                    <div class="box-b"><h3>More on this</h3><ul>
                    """)
                .Append(string.Concat(more))
                .Append("</ul></div>\n")
                .Append(string.Concat(Enumerable.Repeat(Appeal(appeal), 2)))
                .Append("""
                    </div></div>
                    <div class="bottom"><p>Popular Resistance is an independent, reader-funded outlet. Republish our stories freely with a link back.</p></div>
                    </body></html>
                    """)
                .ToString();
            pages.Add(new TemplatePage(slug, titles[p], html, string.Join("\n\n", paragraphs)));
        }

        return pages;
    }

    /// <summary>
    /// The samples' teasers cut into sentences, and the block the Popular Resistance listing prints twice (from the first
    /// line it repeats to its end). Read at test time from ../shared/samples.
    /// </summary>
    private static (List<string> Sentences, List<string> Appeal) ReadSamples()
    {
        var sentences = new List<string>();
        var appeal = new List<string>();
        foreach (var file in Directory.GetFiles(TestPaths.Samples, "*.txt").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var repeatsFrom = lines.FindIndex(l => !seen.Add(l));
            var cut = repeatsFrom < 0 ? lines.Count : lines.IndexOf(lines[repeatsFrom]);
            if (repeatsFrom >= 0 && appeal.Count == 0)
            {
                appeal.AddRange(lines[cut..].Distinct(StringComparer.Ordinal));
            }

            // Titles and labels are short lines; the teasers are the paragraphs.
            sentences.AddRange(lines[..cut].Where(l => l.Length > 200).SelectMany(l => SentenceBreak().Split(l)).Where(s => s.Length >= 40));
        }

        Assert.True(sentences.Count >= 5 * SentencesPerPage && appeal.Count > 0, "samples missing: " + TestPaths.Samples);
        return (sentences, appeal);
    }

    private static string Appeal(List<string> lines) =>
        $"<h3>{Encode(lines[0])}</h3>\n" + string.Concat(lines.Skip(1).Select(l => $"<p>{Encode(l)}</p>\n"));

    /// <summary>A headline from the first words of the page's first sentence.</summary>
    private static string Title(string sentence)
    {
        var words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words.Take(9)).TrimEnd(',', '.', ';', ':');
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
