using System.Globalization;
using System.Net;
using System.Text;

namespace Aggregator.Tests.FullText;

/// <summary>The furniture the outside check named as its false positives, and trafilatura's list beside them.</summary>
internal enum FurnitureKind
{
    Caption,
    BylineAndDate,
    Related,
    Newsletter,
    Share,
    Embed,
    AuthorBio,
    Comments,
    Legal,
}

/// <summary>One block of furniture on a generated page: its kind, which markup variant printed it, and its text lines.</summary>
internal sealed record FurnitureBlock(FurnitureKind Kind, string Variant, IReadOnlyList<string> Lines);

/// <summary>A generated article page: its HTML, the article body a reader should get, and the furniture printed around it.</summary>
internal sealed record FurniturePage(string Name, Uri Url, string Html, string Body, IReadOnlyList<FurnitureBlock> Furniture);

/// <summary>
/// Article pages written by a seeded generator, not taken from any corpus: a third check that neither corpus's quirks can
/// tune. Each page has a headline, a body of generated sentences (a subheading, a quote, a list of facts among them: the
/// article's own text that looks a little like furniture) and, around and inside it, furniture of the kinds the outside
/// check counted against us, each printed in one of four ways: with its HTML5 or schema.org meaning (figcaption, time,
/// rel=author, aside, nav), with a class name that says what it is, plain (a wrapper with a neutral class name, only its
/// wording and shape tell), or bare (ordinary paragraphs in the story's own flow, as a careless template sets them). The truth is known by construction, so precision and recall are exact, per kind and per way of printing.
/// </summary>
internal static class FurniturePages
{
    public const string Semantic = "semantic";

    public const string Named = "named";

    public const string Plain = "plain";

    public const string Bare = "bare";

    private static readonly string[] Variants = [Semantic, Named, Plain, Bare];

    // A small vocabulary of the generator's own; sentences are put together from it, so no page repeats another's prose.
    private static readonly string[] Subjects =
    [
        "the harbour council", "a group of farmers", "the regional water board", "local teachers", "the city's transit office",
        "two hospital directors", "the fishing cooperative", "residents of the northern district", "the provincial auditor",
        "a coalition of small shops", "the university's engineering school", "volunteers at the food bank",
    ];

    private static readonly string[] Verbs =
    [
        "approved", "questioned", "delayed", "welcomed", "criticised", "reviewed", "extended", "rejected", "funded", "studied",
    ];

    private static readonly string[] Objects =
    [
        "a plan to rebuild the old bridge", "the budget for next winter", "new rules on night deliveries",
        "a study of flooding along the river", "the closure of two rural clinics", "a proposal to widen the ring road",
        "the contract for school meals", "a pilot scheme for electric buses", "changes to the market's opening hours",
        "the sale of land near the station",
    ];

    private static readonly string[] Tails =
    [
        "after a meeting that ran late into the evening", "despite objections from several neighbours",
        "although the final cost remains unclear", "following months of public hearings", "as prices rose across the region",
        "while a review of earlier decisions continues", "before the end of the financial year", "in a vote that split the chamber",
    ];

    private static readonly string[] Speakers = ["Mara Lindqvist", "Tomas Okafor", "Ilse Brandt", "Ravi Menon", "Noor Haddad", "Pavel Novak"];

    private static readonly string[] Roles = ["a spokeswoman for the council", "the board's chair", "an economist at the university", "a local shop owner"];

    private static readonly string[] Outlets = ["Northshore Courier", "Valley Ledger", "Harbour Daily", "Plains Gazette"];

    private static readonly string[] Agencies = ["The Associated Press", "Reuters", "Agence France-Presse"];

    private static readonly string[] Weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    private static readonly string[] Months = ["January", "March", "May", "July", "September", "November"];

    private static readonly string[] Places = ["the old quay", "the council chamber", "the river bank", "the new depot", "the market square"];

    private static readonly string[] Topics = ["transport", "local politics", "the environment", "health", "schools"];

    /// <summary>The pages one seed makes: every kind of furniture on most pages, its way of printing turning page by page.</summary>
    public static IReadOnlyList<FurniturePage> Build(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i => Page(i, random)).ToList();
    }

    private static FurniturePage Page(int index, Random random)
    {
        var outlet = Outlets[index % Outlets.Length];
        var site = new Uri($"http://127.0.0.1/{Slug(outlet)}/");
        var url = new Uri(site, $"news/story-{index + 1}.html");
        var title = Capitalise(Pick(random, Subjects)) + " " + Pick(random, Verbs) + " " + Pick(random, Objects);
        var author = Pick(random, Speakers);
        var furniture = new List<FurnitureBlock>();
        var body = new List<string>();

        // Which kinds this page holds, and how each is printed: every kind is left out of every fifth page or so, and the
        // three ways of printing turn with the page number, shifted per kind, so each kind meets each way on a quarter of pages.
        string? VariantOf(FurnitureKind kind)
        {
            var k = (int)kind;
            return (index * 7 + k * 3) % 5 == 0 ? null : Variants[(index + k) % Variants.Length];
        }

        string Emit(FurnitureKind kind, Func<string, (string Html, string[] Lines)> print)
        {
            var variant = VariantOf(kind);
            if (variant is null)
            {
                return string.Empty;
            }

            var (html, lines) = print(variant);
            furniture.Add(new FurnitureBlock(kind, variant, lines));
            return html;
        }

        string Para(string text)
        {
            body.Add(text);
            return $"<p>{Encode(text)}</p>\n";
        }

        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{Encode(title)} | {Encode(outlet)}</title></head><body>
            <header class="g1"><a href="{site}">{Encode(outlet)}</a><ul class="g2"><li><a href="{site}news">News</a></li><li><a href="{site}sport">Sport</a></li><li><a href="{site}opinion">Opinion</a></li><li><a href="{site}about">About us</a></li></ul></header>
            <main class="g3"><article class="g4">
            <h1>{Encode(title)}</h1>

            """);
        html.Append(Emit(FurnitureKind.BylineAndDate, v => Byline(v, author, index, random)));
        html.Append(Para(Sentences(random, 3)));
        html.Append(Emit(FurnitureKind.Share, v => Share(v, url)));
        html.Append(Para(Sentences(random, 3)));
        html.Append(Emit(FurnitureKind.Caption, v => Caption(v, site, index, random)));
        html.Append(Para(Quote(random)));
        html.Append(Para(Sentences(random, 2)));
        var subheading = Capitalise(Pick(random, Tails));
        body.Add(subheading);
        html.Append(CultureInfo.InvariantCulture, $"<h2>{Encode(subheading)}</h2>\n");
        html.Append(Para(Sentences(random, 3)));
        html.Append(Emit(FurnitureKind.Related, v => Related(v, site, random)));
        html.Append(Para(Sentences(random, 2)));
        var facts = Enumerable.Range(0, 3).Select(_ => Capitalise(Pick(random, Subjects)) + " " + Pick(random, Verbs) + " " + Pick(random, Objects) + ".").ToList();
        body.AddRange(facts);
        html.Append("<ul>").Append(string.Concat(facts.Select(f => $"<li>{Encode(f)}</li>"))).Append("</ul>\n");
        html.Append(Emit(FurnitureKind.Embed, v => Embed(v, index)));
        html.Append(Para(Sentences(random, 3)));
        html.Append(Emit(FurnitureKind.Newsletter, v => Newsletter(v, outlet)));
        html.Append(Para(Sentences(random, 2)));
        html.Append(Emit(FurnitureKind.AuthorBio, v => AuthorBio(v, author, outlet, random)));
        html.Append(Emit(FurnitureKind.Legal, v => Legal(v, outlet)));
        html.Append("</article>\n");
        html.Append(Emit(FurnitureKind.Comments, v => Comments(v, random)));
        html.Append(CultureInfo.InvariantCulture, $"""
            </main>
            <footer class="g5"><p>{Encode(outlet)}, 12 Quay Street. <a href="{site}contact">Contact</a> · <a href="{site}privacy">Privacy</a></p></footer>
            </body></html>
            """);
        return new FurniturePage($"{Slug(outlet)}-{index + 1}", url, html.ToString(), string.Join("\n\n", body), furniture);
    }

    private static (string, string[]) Byline(string variant, string author, int index, Random random)
    {
        var day = Weekdays[index % Weekdays.Length];
        var date = $"{Pick(random, Months)} {3 + index % 25}, 2026";
        var agency = Pick(random, Agencies);
        return variant switch
        {
            Semantic => ($"""<div class="k1"><address><a rel="author" href="/authors/{Slug(author)}">{author}</a></address> <time datetime="2026-12-07T08:00:00Z">{date}</time></div>""" + "\n",
                [author, date]),
            Named => ($"""<div class="byline">By {author}, {agency}</div><div class="post-date">Updated {date}</div>""" + "\n",
                [$"By {author}, {agency}", $"Updated {date}"]),
            Plain => ($"<p>Published {day}</p>\n<p>{agency}</p>\n", [$"Published {day}", agency]),
            _ => ($"<p>By {author} | {date} | {agency}</p>\n", [$"By {author} | {date} | {agency}"]),
        };
    }

    private static (string, string[]) Share(string variant, Uri url)
    {
        var u = WebUtility.UrlEncode(url.ToString());
        return variant switch
        {
            Semantic => ($"""<nav aria-label="Share this article"><a href="https://www.facebook.com/sharer/sharer.php?u={u}">Facebook</a> <a href="https://twitter.com/intent/tweet?url={u}">X</a> <a href="mailto:?body={u}">Email</a></nav>""" + "\n",
                ["Facebook X Email"]),
            Named => ($"""<div class="share-tools"><a href="https://www.facebook.com/sharer/sharer.php?u={u}">Share on Facebook</a> <a href="https://twitter.com/intent/tweet?url={u}">Share on X</a></div>""" + "\n",
                ["Share on Facebook Share on X"]),
            Bare => ($"""<p>Share: <a href="https://www.facebook.com/sharer/sharer.php?u={u}">Facebook</a> <a href="https://twitter.com/intent/tweet?url={u}">X</a></p>""" + "\n",
                ["Share: Facebook X"]),
            _ => ($"""<div class="k2"><span>Share this story:</span> <a href="https://www.facebook.com/sharer/sharer.php?u={u}">Facebook</a> <a href="https://www.linkedin.com/shareArticle?url={u}">LinkedIn</a> <a href="mailto:?body={u}">Email</a></div>""" + "\n",
                ["Share this story: Facebook LinkedIn Email"]),
        };
    }

    private static (string, string[]) Caption(string variant, Uri site, int index, Random random)
    {
        var place = Pick(random, Places);
        var caption = $"{Pick(random, Speakers)} speaks to reporters at {place} on {Weekdays[(index + 2) % 7]}.";
        var credit = $"Photo: {Pick(random, Speakers)}/{Pick(random, Agencies)}";
        var img = $"""<img src="{site}img/photo-{index + 1}.jpg" alt="">""";
        return variant switch
        {
            Semantic => ($"<figure>{img}<figcaption>{Encode(caption)} {Encode(credit)}</figcaption></figure>\n", [$"{caption} {credit}"]),
            Named => ($"""<div class="wp-caption">{img}<p class="wp-caption-text">{Encode(caption)}</p><span class="photo-credit">{Encode(credit)}</span></div>""" + "\n",
                [caption, credit]),
            Bare => ($"<p>{img}</p>\n<p>{Encode(caption)} {Encode(credit)}</p>\n", [$"{caption} {credit}"]),
            _ => ($"""<div class="k3">{img}<span>{Encode(caption)} ({Encode(credit)})</span></div>""" + "\n", [$"{caption} ({credit})"]),
        };
    }

    private static (string, string[]) Related(string variant, Uri site, Random random)
    {
        // "How …": a headline never a piece of a body sentence, so a leak is told from the article's own words.
        var headlines = Enumerable.Range(0, 3).Select(_ => "How " + Pick(random, Subjects) + " " + Pick(random, Verbs) + " " + Pick(random, Objects)).ToList();
        var topic = Pick(random, Topics);
        var items = string.Concat(headlines.Select((h, i) => $"""<li><a href="{site}news/other-{i}.html">{Encode(h)}</a></li>"""));
        return variant switch
        {
            Semantic => ($"<aside><h3>Related</h3><ul>{items}</ul></aside>\n", ["Related", .. headlines]),
            Named => ($"""<div class="related-stories"><h4>More from {Encode(topic)}</h4><ul>{items}</ul></div>""" + "\n",
                [$"More from {topic}", .. headlines]),
            Bare => ($"""<p><a href="{site}news/other-8.html">{Encode(headlines[1])}</a></p>""" + "\n", [headlines[1]]),
            _ => ($"""<p class="k4"><strong>Read more:</strong> <a href="{site}news/other-9.html">{Encode(headlines[0])}</a></p>""" + "\n",
                [$"Read more: {headlines[0]}"]),
        };
    }

    private static (string, string[]) Embed(string variant, int index)
    {
        var status = $"https://twitter.com/harbourcouncil/status/{1_700_000_000_000_000_000L + index}";
        var video = $"https://www.youtube.com/watch?v=clip{index:D4}";
        return variant switch
        {
            Semantic => ($"""<figure class="k5"><iframe src="https://www.youtube.com/embed/clip{index:D4}"></iframe><p><a href="{video}">{video}</a></p></figure>""" + "\n", [video]),
            Named => ($"""<div class="embed-twitter"><p><a href="{status}">{status}</a></p></div>""" + "\n", [status]),
            Plain => ($"""<p><a href="{status}">{status}</a></p>""" + "\n", [status]),
            _ => ($"""<blockquote><p>Work on the quay starts {Weekdays[index % 7]}. Expect closures on the ring road all week.</p>— Harbour Council (@harbourcouncil) <a href="{status}">December {1 + index % 28}, 2026</a></blockquote>""" + "\n",
                [$"— Harbour Council (@harbourcouncil) December {1 + index % 28}, 2026"]),
        };
    }

    private static (string, string[]) Newsletter(string variant, string outlet)
    {
        var heading = "Get the morning briefing";
        var pitch = $"The day's most important stories from the {outlet}, in your inbox before breakfast.";
        var form = """<form action="/subscribe"><input type="email" name="email" placeholder="Your email"><button>Sign up</button></form>""";
        return variant switch
        {
            Semantic => ($"<aside><h4>{heading}</h4><p>{Encode(pitch)}</p>{form}</aside>\n", [heading, pitch]),
            Named => ($"""<div class="newsletter-signup"><h4>{heading}</h4><p>{Encode(pitch)}</p>{form}</div>""" + "\n", [heading, pitch]),
            Bare => ($"<p>Want the morning briefing? Sign up for our newsletter: {Encode(pitch)}</p>\n", [$"Want the morning briefing? Sign up for our newsletter: {pitch}"]),
            _ => ($"""<div class="k6"><p><strong>Sign up for our newsletter.</strong> {Encode(pitch)}</p>{form}</div>""" + "\n",
                [$"Sign up for our newsletter. {pitch}"]),
        };
    }

    private static (string, string[]) AuthorBio(string variant, string author, string outlet, Random random)
    {
        var bio = $"{author} is a reporter for the {outlet} covering {Pick(random, Topics)}. Before joining the paper, she worked for a radio station in the north.";
        return variant switch
        {
            Semantic => ($"""<aside itemprop="author" itemscope itemtype="https://schema.org/Person"><p itemprop="description">{Encode(bio)}</p></aside>""" + "\n", [bio]),
            Named => ($"""<div class="author-bio"><p>{Encode(bio)}</p></div>""" + "\n", [bio]),
            Plain => ($"<p><em>{Encode(bio)}</em></p>\n", [bio]),
            _ => ($"<p>{Encode(bio)}</p>\n", [bio]),
        };
    }

    private static (string, string[]) Legal(string variant, string outlet)
    {
        var note = $"© 2026 {outlet}. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.";
        return variant switch
        {
            Semantic => ($"<footer><small>{Encode(note)}</small></footer>\n", [note]),
            Named => ($"""<div class="copyright"><p>{Encode(note)}</p></div>""" + "\n", [note]),
            Plain => ($"<p><small>{Encode(note)}</small></p>\n", [note]),
            _ => ($"<p>{Encode(note)}</p>\n", [note]),
        };
    }

    private static (string, string[]) Comments(string variant, Random random)
    {
        var comment = $"I was at {Pick(random, Places)} that day and nobody asked us what we thought of it.";
        var list = $"<ol><li><p><b>{Pick(random, Speakers)}</b></p><p>{Encode(comment)}</p></li></ol>";
        return variant switch
        {
            Semantic => ($"""<section aria-label="Comments"><h2>2 comments</h2>{list}</section>""" + "\n", ["2 comments", comment]),
            Named => ($"""<div id="comments" class="comments-area"><h3>Leave a reply</h3>{list}</div>""" + "\n", ["Leave a reply", comment]),
            Bare => ($"""<div class="k8"><p><b>{Pick(random, Speakers)}</b> wrote: {Encode(comment)}</p><p><b>{Pick(random, Speakers)}</b> wrote: Same here, and the buses were late again.</p></div>""" + "\n",
                [$"wrote: {comment}", "wrote: Same here, and the buses were late again."]),
            _ => ($"""<div class="k7"><h3>What readers say</h3>{list}<form><textarea name="c"></textarea><button>Post</button></form></div>""" + "\n",
                ["What readers say", comment]),
        };
    }

    private static string Sentences(Random random, int count) =>
        string.Join(' ', Enumerable.Range(0, count).Select(_ => Sentence(random)));

    private static string Sentence(Random random) =>
        $"{Capitalise(Pick(random, Subjects))} {Pick(random, Verbs)} {Pick(random, Objects)}, {Pick(random, Tails)}.";

    private static string Quote(Random random) =>
        $"“We {Pick(random, Verbs)} {Pick(random, Objects)} because nobody else would,” said {Pick(random, Speakers)}, {Pick(random, Roles)}, {Pick(random, Tails)}.";

    private static string Pick(Random random, string[] words) => words[random.Next(words.Length)];

    private static string Capitalise(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    private static string Slug(string s) => s.ToLowerInvariant().Replace(' ', '-');

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
