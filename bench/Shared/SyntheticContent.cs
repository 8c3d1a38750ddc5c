using System.Globalization;
using System.Text;

namespace Aggregator.Bench.Shared;

/// <summary>
/// Deterministic articles built from <see cref="SampleText"/>: the same (outlet, number) always gives
/// the same item, so a re-poll sees the same bytes and only the items a round changes differ.
/// Titles and sentences are new walks through the samples' word chain (<see cref="SampleText.NewSentence"/>),
/// so 100,000 items are 100,000 distinct stories, as across real outlets; re-using the samples'
/// 90 sentences would make the near-duplicate index see every article as a copy of hundreds.
/// </summary>
public sealed class SyntheticContent(SampleText text)
{
    public static readonly DateTimeOffset Epoch = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] CategoryPool =
    [
        "Venezuela", "Coups", "Latin America", "Imperialism", "Pakistan", "Bangladesh", "Solidarity",
        "Elections", "Media", "Labour", "Sanctions", "Marxist theory", "Students", "Africa", "Asia",
    ];

    private static readonly string[] Authors = ["Alan Woods", "Popular Resistance", "Jorge Martín", "Ana Muñoz", "Editorial Board", "Rawal Asad"];

    public SampleText Text => text;

    /// <param name="sentences">Body length in sentences (about 180 bytes each).</param>
    public SyntheticItem Item(Uri site, int outletIndex, int number, int sentences)
    {
        var random = new Random(unchecked((outletIndex * 1_000_003) + number));
        var title = Title(random);
        // Higher numbers are newer; every date is in the past, since the pipeline clamps future dates to the fetch time.
        var published = Epoch.AddMinutes(((number - 100_000) * 97L) - (outletIndex % 60));
        var slug = Slug(title);
        var link = new Uri(site, string.Create(CultureInfo.InvariantCulture, $"/{published:yyyy/MM/dd}/{slug}/"));
        var body = new List<string>(sentences);
        for (var i = 0; i < sentences; i++)
        {
            body.Add(text.NewSentence(random));
        }
        var categories = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => CategoryPool[random.Next(CategoryPool.Length)]).Distinct().ToList();
        return new SyntheticItem(
            SourceId: string.Create(CultureInfo.InvariantCulture, $"{site.Host}/?p={(outletIndex * 100_000) + number}"),
            Link: link,
            Title: title,
            Author: Authors[random.Next(Authors.Length)],
            Published: published,
            Categories: categories,
            Summary: body[0],
            ContentHtml: ContentHtml(site, link, body, random));
    }

    private string Title(Random random)
    {
        var words = text.NewSentence(random).Split(' ').Take(6 + random.Next(6)).Select(w => w.Trim(',', '.', ';', ':', '“', '”', '"'));
        var title = string.Join(' ', words);
        return char.ToUpperInvariant(title[0]) + title[1..];
    }

    /// <summary>WordPress-like body: paragraphs, a tracked link, a lazy image with srcset, now and then a script and an embed.</summary>
    private static string ContentHtml(Uri site, Uri link, List<string> sentences, Random random)
    {
        var html = new StringBuilder();
        for (var i = 0; i < sentences.Count; i += 3)
        {
            html.Append("<p>");
            for (var j = i; j < Math.Min(i + 3, sentences.Count); j++)
            {
                var sentence = System.Security.SecurityElement.Escape(sentences[j]);
                html.Append(j == i + 1 ? $"<strong>{sentence}</strong>" : sentence).Append(' ');
            }
            html.Append("</p>\n");
            if (i == 0 && random.Next(3) == 0)
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<figure class=\"wp-block-image\" style=\"margin:0\"><img loading=\"lazy\" src=\"/wp-content/uploads/2026/10/photo-{random.Next(9999)}.jpg\" srcset=\"/wp-content/uploads/2026/10/photo-300.jpg 300w, /wp-content/uploads/2026/10/photo-1024.jpg 1024w\" alt=\"\" width=\"1024\" height=\"576\"/></figure>\n");
            }
        }
        html.Append(CultureInfo.InvariantCulture,
            $"<p>The post <a href=\"{link}?utm_source=rss&amp;utm_medium=rss&amp;utm_campaign=feed\" rel=\"nofollow\">appeared first</a> on <a href=\"{site}\">{site.Host}</a>.</p>\n");
        if (random.Next(5) == 0)
        {
            html.Append("<script>window.dataLayer=window.dataLayer||[];</script><iframe src=\"https://www.youtube.com/embed/dQw4w9WgXcQ\" width=\"560\" height=\"315\"></iframe>\n");
        }
        return html.ToString();
    }

    private static string Slug(string title)
    {
        var slug = new StringBuilder(title.Length);
        foreach (var c in title.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }
        return slug.ToString().Trim('-');
    }
}
