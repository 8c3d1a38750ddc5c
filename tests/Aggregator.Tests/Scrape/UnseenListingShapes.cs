using System.Globalization;
using System.Net;
using System.Text;

namespace Aggregator.Tests.Scrape;

/// <summary>
/// A second generator of listing pages, written apart from the detector and from <see cref="ListingShapes"/>, from how
/// news front pages, section pages and blogs are built today: utility-class CSS, CSS-module and Vue markup and plain
/// div soup; cards whose image, title and "read more" all link the story; titles that are not headings; a lead story;
/// mixed card sizes; lists split by ads and a newsletter box; infinite scroll with data- attributes; relative,
/// protocol-relative and &lt;base href&gt; links; tracking queries and fragments; one story in two sections; text dates
/// and none; German, Polish, Japanese and Arabic (right to left) pages; more navigation than articles. Truth by
/// construction; each page seeded from its name. Half the shapes are held out (<see cref="HeldOut"/>): their pages are
/// scored only in total, so a rule tuned on the other half is checked on layouts it was not tuned on.
/// </summary>
internal static class UnseenListingShapes
{
    public enum Skin { Utility, CssModules, Vue, Bem, Bare }

    public enum Shape
    {
        CardTripleLink, LeadAndRest, MixedGrid, AdsAndNewsletter, LoadMore, BaseHref, TwoSections, NavHeavy, WholeCardLink,
        DayGroupedStream, AuthorFirst, CommentLinks,
    }

    private sealed record Story(string Url, string Title, string Summary, DateTime Date, int Section, string Author);

    private sealed record Page(string Host, UnseenListingLanguage Language, Skin Skin, Random Random, int DateStyle, string Prefix);

    private static readonly string[] Authors = ["Mira Holt", "Jonas Brandt", "Ewa Nowak", "Sato Ken", "Leila Haddad", "Tom Ridley"];

    public static IEnumerable<ListingCase> All()
    {
        var skins = Enum.GetValues<Skin>();
        var shapes = Enum.GetValues<Shape>();
        for (var s = 0; s < shapes.Length; s++)
        {
            for (var k = 0; k < skins.Length; k++)
            {
                yield return Build(shapes[s], skins[k], UnseenListingLanguage.All[(s + k) % UnseenListingLanguage.All.Length]);
            }
        }
    }

    /// <summary>Held out when the FNV-1a hash of the shape's name is odd; decided by the name alone, never by a score.</summary>
    public static bool HeldOut(string pageName)
    {
        var shape = pageName.Split('/')[1].Split(' ')[0];
        var hash = 2166136261u;
        foreach (var c in shape)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return (hash & 1) == 1;
    }

    public static ListingCase Build(Shape shape, Skin skin, UnseenListingLanguage language)
    {
        var name = $"{skin}/{shape} ({language.Code})";
        var random = new Random(StableSeed(name));
        var host = $"{skin.ToString().ToLowerInvariant()}-{shape.ToString().ToLowerInvariant()}.news.example";
        var page = new Page(host, language, skin, random, random.Next(3), shape == Shape.BaseHref ? "/news" : string.Empty);
        var count = shape == Shape.NavHeavy ? 5 + random.Next(3) : 9 + random.Next(9);
        var stories = Stories(page, count + 8);
        var onPage = stories.Take(count).ToList();
        var also = new List<string>();
        var main = new StringBuilder();
        switch (shape)
        {
            case Shape.CardTripleLink:
                Grid(main, page, onPage, (p, s, _) => Card(p, s, image: true, readMore: true));
                break;
            case Shape.LeadAndRest:
                LeadAndRest(main, page, onPage, stories.Skip(count).Take(3).ToList(), also);
                break;
            case Shape.MixedGrid:
                Grid(main, page, onPage, (p, s, i) => (i % 5) switch
                {
                    0 => Card(p, s, image: true, readMore: false, size: "lg"),
                    1 or 2 => Card(p, s, image: true, readMore: false, size: "md", summary: false),
                    _ => Card(p, s, image: false, readMore: false, size: "sm", summary: false),
                });
                break;
            case Shape.AdsAndNewsletter:
                AdsAndNewsletter(main, page, onPage);
                break;
            case Shape.LoadMore:
                LoadMore(main, page, onPage);
                break;
            case Shape.BaseHref:
                Grid(main, page, onPage, (p, s, _) => Card(p, s, image: true, readMore: p.Random.Next(2) == 0));
                break;
            case Shape.TwoSections:
                TwoSections(main, page, onPage);
                break;
            case Shape.NavHeavy:
                main.Append(MegaMenu(page));
                Grid(main, page, onPage, (p, s, _) => Card(p, s, image: true, readMore: false));
                main.Append(TopicCloud(page, 40));
                break;
            case Shape.WholeCardLink:
                Grid(main, page, onPage, WholeCard);
                break;
            case Shape.DayGroupedStream:
                DayGroupedStream(main, page, onPage);
                break;
            case Shape.AuthorFirst:
                Grid(main, page, onPage, AuthorCard);
                break;
            case Shape.CommentLinks:
                Grid(main, page, onPage, (p, s, _) => Card(p, s, image: p.Random.Next(2) == 0, readMore: false, comments: true));
                break;
        }

        var mostRead = stories.Skip(count + 3).Take(5).ToList();
        also.AddRange(mostRead.Select(s => s.Url));
        var html = Chrome(page, shape, main.ToString(), mostRead);
        return new ListingCase(name, html, new Uri($"https://{host}/"), onPage.Select(s => (s.Url, s.Title)).ToList(), also);
    }

    private static int StableSeed(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash & 0x7fffffff;
    }

    private static List<Story> Stories(Page page, int count)
    {
        var stories = new List<Story>();
        var date = new DateTime(2025, 11, 30, 18, 40, 0, DateTimeKind.Utc);
        var urlStyle = page.Random.Next(4);
        for (var i = 0; i < count; i++)
        {
            var title = page.Language.Headline(page.Random);
            var section = page.Random.Next(page.Language.Sections.Length);
            var sectionSlug = page.Language.SectionSlugs[section];
            var id = 480_000 + page.Random.Next(500_000);
            var slug = page.Language.SlugsFromWords ? SlugOf(title) : id.ToString(CultureInfo.InvariantCulture);
            var path = (page.Language.SlugsFromWords ? urlStyle : 3 + (urlStyle % 2)) switch
            {
                0 => $"/{date:yyyy}/{date:MM}/{date:dd}/{slug}/",
                1 => $"/{sectionSlug}/{slug}-{id}",
                2 => $"/{sectionSlug}/{slug},{id}.html",
                3 => $"/articles/{date:yyyyMMdd}/k{id}.html",
                _ => $"/{sectionSlug}/{date:yyyy}/{date:M}/{date:d}/{id}",
            };
            stories.Add(new Story($"https://{page.Host}{page.Prefix}{path}", title, page.Language.Summary(page.Random), date, section, Authors[page.Random.Next(Authors.Length)]));
            date = date.AddMinutes(-(20 + page.Random.Next(600)));
        }

        return stories;
    }

    private static string SlugOf(string title)
    {
        var plain = new StringBuilder();
        foreach (var c in title.Replace('ł', 'l').Replace('Ł', 'L').Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                plain.Append(char.ToLowerInvariant(c));
            }
            else if (c == ' ' && plain.Length > 0 && plain[^1] != '-')
            {
                plain.Append('-');
            }
        }

        return plain.ToString().Trim('-');
    }

    /// <summary>How the page writes a link to one of its stories: absolute, root-relative, protocol-relative, or relative
    /// to &lt;base href&gt;; now and then with a tracking query or a fragment, as teaser modules add them.</summary>
    private static string Href(Page page, Story story, string? fragment = null)
    {
        var uri = new Uri(story.Url);
        var href = page.Prefix.Length > 0
            ? uri.AbsolutePath[(page.Prefix.Length + 1)..]
            : page.Random.Next(4) switch
            {
                0 => story.Url,
                1 => "//" + uri.Host + uri.AbsolutePath,
                _ => uri.AbsolutePath,
            };
        if (page.Random.Next(4) == 0)
        {
            href += "?utm_source=homepage&utm_medium=teaser&utm_campaign=" + page.Random.Next(90).ToString(CultureInfo.InvariantCulture);
        }

        return fragment is null ? href : href + "#" + fragment;
    }

    /// <summary>A class attribute for a role, in the skin's habit: utility classes, hashed CSS-module names, Vue's
    /// scoped data-v attribute, BEM blocks, or nothing at all.</summary>
    private static string Cls(Page page, string role) => page.Skin switch
    {
        Skin.Utility => " class=\"" + role switch
        {
            "grid" => "grid grid-cols-1 gap-6 md:grid-cols-2 lg:grid-cols-3",
            "card" or "card-md" => "flex flex-col gap-2 rounded-lg bg-white p-4 shadow-sm",
            "card-lg" => "flex flex-col gap-3 rounded-lg bg-white p-6 shadow md:col-span-2",
            "card-sm" => "flex flex-col gap-1 border-b border-gray-200 py-2",
            "title" => "text-lg font-semibold leading-snug text-gray-900 hover:underline",
            "kicker" => "text-xs font-bold uppercase tracking-wide text-red-700",
            "meta" => "flex items-center gap-2 text-sm text-gray-500",
            "summary" => "mt-1 line-clamp-3 text-sm text-gray-700",
            "nav" => "flex items-center gap-4 text-sm font-medium",
            "box" => "my-8 rounded-lg bg-gray-100 p-6",
            _ => "flex items-center gap-2",
        } + "\"",
        Skin.CssModules => $" class=\"{Capital(role)}_{role.Replace("-", string.Empty, StringComparison.Ordinal)}__{ModuleHash(page, role)}\"",
        Skin.Vue => $" data-v-{ModuleHash(page, "scope")}3a class=\"{role}\"",
        Skin.Bem => $" class=\"c-{role} c-{role}--{page.Language.Code}\"",
        _ => string.Empty,
    };

    private static string Capital(string role) => char.ToUpperInvariant(role[0]) + role[1..].Replace("-", string.Empty, StringComparison.Ordinal);

    private static string ModuleHash(Page page, string role) =>
        (StableSeed(page.Host + role) % 46_656).ToString("x5", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Date(Page page, Story story) => page.DateStyle switch
    {
        0 => $"<time datetime=\"{story.Date:yyyy-MM-dd'T'HH:mm:ss'Z'}\">{E(page.Language.LongDate(story.Date))}</time>",
        1 => $"<span{Cls(page, "date")}>{E(page.Random.Next(2) == 0 ? page.Language.HoursAgo(1 + page.Random.Next(20)) : page.Language.LongDate(story.Date))}</span>",
        _ => string.Empty,
    };

    private static string Image(Page page, Story story) =>
        $"<a href=\"{Href(page, story)}\" tabindex=\"-1\" aria-hidden=\"true\"><img src=\"//cdn.{page.Host}/img/{StableSeed(story.Url) % 99_999}.webp\" alt=\"\" loading=\"lazy\" width=\"640\" height=\"360\"></a>";

    /// <summary>A headline link in the skin's habit: only the BEM skin puts it in a heading.</summary>
    private static string Title(Page page, Story story, string? fragment = null) => page.Skin switch
    {
        Skin.Bem => $"<h3 class=\"c-teaser__headline\"><a href=\"{Href(page, story, fragment)}\">{E(story.Title)}</a></h3>",
        Skin.CssModules => $"<a href=\"{Href(page, story, fragment)}\"{Cls(page, "link")}><span{Cls(page, "title")}>{E(story.Title)}</span></a>",
        Skin.Bare => $"<div><a href=\"{Href(page, story, fragment)}\">{E(story.Title)}</a></div>",
        _ => $"<a href=\"{Href(page, story, fragment)}\"{Cls(page, "title")}>{E(story.Title)}</a>",
    };

    private static string Kicker(Page page, Story story) =>
        $"<a href=\"/{page.Language.SectionSlugs[story.Section]}/\"{Cls(page, "kicker")}>{E(page.Language.Sections[story.Section])}</a>";

    private static string Meta(Page page, Story story) =>
        $"<div{Cls(page, "meta")}><span>{E(page.Language.By)} <a href=\"/author/{SlugOf(story.Author)}\">{E(story.Author)}</a></span>{Date(page, story)}</div>";

    private static string Card(Page page, Story story, bool image, bool readMore, string size = "", bool summary = true, bool comments = false)
    {
        var card = new StringBuilder();
        card.Append(CultureInfo.InvariantCulture, $"<div{Cls(page, size.Length == 0 ? "card" : "card-" + size)} data-id=\"{StableSeed(story.Url)}\">");
        if (image)
        {
            card.Append(Image(page, story));
        }

        card.Append(Kicker(page, story)).Append(Title(page, story));
        if (summary)
        {
            card.Append(CultureInfo.InvariantCulture, $"<p{Cls(page, "summary")}>{E(story.Summary)}</p>");
        }

        card.Append(Meta(page, story));
        if (comments)
        {
            card.Append(CultureInfo.InvariantCulture, $"<a href=\"{Href(page, story, "comments")}\"{Cls(page, "comments")}>💬 {page.Random.Next(2, 240)}</a>");
        }

        if (readMore)
        {
            card.Append(CultureInfo.InvariantCulture, $"<a href=\"{Href(page, story, page.Random.Next(2) == 0 ? "continue" : null)}\"{Cls(page, "more")}>{E(page.Language.ReadMore)} →</a>");
        }

        return card.Append("</div>").ToString();
    }

    /// <summary>The React habit: the whole card is one link, its title a span among the image, kicker and summary.</summary>
    private static string WholeCard(Page page, Story story, int index) =>
        $"<div{Cls(page, "card")}><a href=\"{Href(page, story)}\"{Cls(page, "card-link")}>"
        + $"<img src=\"https://cdn.{page.Host}/i/{index}.jpg\" alt=\"\"><span{Cls(page, "kicker")}>{E(page.Language.Sections[story.Section])}</span>"
        + $"<span{Cls(page, "title")}>{E(story.Title)}</span><span{Cls(page, "summary")}>{E(story.Summary)}</span>{Date(page, story)}</a></div>";

    /// <summary>Opinion columns: the columnist's photo and name link first, the piece's title after them.</summary>
    private static string AuthorCard(Page page, Story story, int index) =>
        $"<div{Cls(page, "column")}><a href=\"/author/{SlugOf(story.Author)}\"><img src=\"/authors/{SlugOf(story.Author)}.png\" alt=\"{E(story.Author)}\"></a>"
        + $"<a href=\"/author/{SlugOf(story.Author)}\"{Cls(page, "author")}>{E(story.Author)}</a>{Title(page, story)}{Date(page, story)}</div>";

    private static void Grid(StringBuilder main, Page page, List<Story> stories, Func<Page, Story, int, string> card)
    {
        main.Append(CultureInfo.InvariantCulture, $"<div{Cls(page, "grid")}>");
        for (var i = 0; i < stories.Count; i++)
        {
            main.Append(card(page, stories[i], i));
        }

        main.Append("</div>");
    }

    private static void LeadAndRest(StringBuilder main, Page page, List<Story> stories, List<Story> related, List<string> also)
    {
        var lead = stories[0];
        main.Append(CultureInfo.InvariantCulture, $"<div{Cls(page, "lead")}>{Image(page, lead)}<div{Cls(page, "lead-body")}>{Kicker(page, lead)}");
        main.Append(CultureInfo.InvariantCulture, $"<a href=\"{Href(page, lead)}\"{Cls(page, "lead-title")}>{E(lead.Title)}</a><p{Cls(page, "lead-summary")}>{E(lead.Summary)} {E(lead.Summary)}</p>{Meta(page, lead)}");
        // Related links under the lead are the site's stories, but not the list's.
        main.Append(CultureInfo.InvariantCulture, $"<ul{Cls(page, "related")}>");
        foreach (var r in related)
        {
            main.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{Href(page, r)}\">{E(r.Title)}</a></li>");
            also.Add(r.Url);
        }

        main.Append("</ul></div></div>");
        Grid(main, page, stories.Skip(1).ToList(), (p, s, _) => Card(p, s, image: p.Random.Next(3) > 0, readMore: false, size: "sm"));
    }

    private static void AdsAndNewsletter(StringBuilder main, Page page, List<Story> stories)
    {
        for (var start = 0; start < stories.Count; start += 4)
        {
            Grid(main, page, stories.Skip(start).Take(4).ToList(), (p, s, _) => Card(p, s, image: true, readMore: false));
            if (start + 4 >= stories.Count)
            {
                break;
            }

            main.Append(start == 4
                ? $"<div{Cls(page, "box")}><p><b>{E(page.Language.Newsletter)}</b></p><form action=\"/newsletter/subscribe\" method=\"post\"><input type=\"email\" name=\"email\"><button>{E(page.Language.Subscribe)}</button></form><a href=\"/privacy\">Privacy</a> · <a href=\"/newsletters/\">{E(page.Language.Newsletter)}</a></div>"
                : $"<div class=\"ad-slot\" data-ad-unit=\"/1234/home/mid{start}\"><span>{E(page.Language.Advertisement)}</span><a href=\"https://ads.example.net/click?c={start}&amp;dest=shop\" rel=\"sponsored\"><img src=\"https://ads.example.net/b{start}.png\" alt=\"{E(page.Language.Advertisement)}\"></a><a href=\"https://partner.example.com/deal-{start}\" rel=\"sponsored\">{E(page.Language.Advertisement)}: {E(page.Language.Headline(page.Random))}</a></div>");
        }
    }

    private static void LoadMore(StringBuilder main, Page page, List<Story> stories)
    {
        main.Append(CultureInfo.InvariantCulture, $"<div{Cls(page, "feed")} data-infinite-scroll=\"true\" data-next=\"/api/stream?page=2&amp;size={stories.Count}\" data-component=\"ArticleStream\">");
        for (var i = 0; i < stories.Count; i++)
        {
            var s = stories[i];
            main.Append(CultureInfo.InvariantCulture,
                $"<div{Cls(page, "stream-item")} data-position=\"{i + 1}\" data-article-id=\"{StableSeed(s.Url)}\" data-track='{{\"event\":\"teaser_click\",\"slot\":{i}}}'>{Title(page, s)}<p{Cls(page, "summary")}>{E(s.Summary)}</p>{Date(page, s)}</div>");
        }

        main.Append("</div>");
        main.Append(CultureInfo.InvariantCulture, $"<button type=\"button\" data-load-more data-page=\"2\"{Cls(page, "load-more")}>{E(page.Language.LoadMore)}</button>");
        main.Append(CultureInfo.InvariantCulture, $"<noscript><a href=\"?page=2\">{E(page.Language.LoadMore)}</a></noscript>");
    }

    /// <summary>A front page: top stories, then section blocks that repeat two of them, as editors place one story twice.</summary>
    private static void TwoSections(StringBuilder main, Page page, List<Story> stories)
    {
        var top = stories.Take(4).ToList();
        main.Append(CultureInfo.InvariantCulture, $"<section{Cls(page, "block")}><div{Cls(page, "block-title")}>{E(page.Language.TopStories)}</div>");
        Grid(main, page, top, (p, s, _) => Card(p, s, image: true, readMore: false));
        main.Append("</section>");
        var rest = stories.Skip(4).ToList();
        for (var b = 0; b < 3; b++)
        {
            var block = rest.Skip(b * ((rest.Count + 2) / 3)).Take((rest.Count + 2) / 3).ToList();
            if (b < 2)
            {
                block.Insert(1, top[b + 1]);
            }

            var section = page.Language.Sections[b + 1];
            main.Append(CultureInfo.InvariantCulture, $"<section{Cls(page, "block")}><a href=\"/{page.Language.SectionSlugs[b + 1]}/\"{Cls(page, "block-title")}>{E(section)} ›</a>");
            Grid(main, page, block, (p, s, _) => Card(p, s, image: false, readMore: false, summary: false));
            main.Append("</section>");
        }
    }

    /// <summary>A live stream of headlines grouped under "today" and the day before, times beside them.</summary>
    private static void DayGroupedStream(StringBuilder main, Page page, List<Story> stories)
    {
        foreach (var day in stories.GroupBy(s => s.Date.Date))
        {
            main.Append(CultureInfo.InvariantCulture, $"<div{Cls(page, "day")}><div{Cls(page, "day-label")}>{E(page.Language.LongDate(day.Key))}</div>");
            foreach (var s in day)
            {
                main.Append(CultureInfo.InvariantCulture, $"<div{Cls(page, "row")}><span{Cls(page, "time")}>{s.Date:HH:mm}</span>{Kicker(page, s)}{Title(page, s)}</div>");
            }

            main.Append("</div>");
        }
    }

    private static string MegaMenu(Page page)
    {
        var menu = new StringBuilder($"<div{Cls(page, "mega-menu")} data-menu=\"main\">");
        for (var i = 0; i < page.Language.Sections.Length; i++)
        {
            menu.Append(CultureInfo.InvariantCulture, $"<div{Cls(page, "menu-column")}><a href=\"/{page.Language.SectionSlugs[i]}/\"{Cls(page, "menu-head")}>{E(page.Language.Sections[i])}</a>");
            for (var j = 0; j < 12; j++)
            {
                var word = page.Language.Words[(i * 5 + j) % page.Language.Words.Length];
                menu.Append(CultureInfo.InvariantCulture, $"<div><a href=\"/{page.Language.SectionSlugs[i]}/{j}-{(page.Language.SlugsFromWords ? SlugOf(word) : "topic")}/\">{E(word)}</a></div>");
            }

            menu.Append("</div>");
        }

        return menu.Append("</div>").ToString();
    }

    private static string TopicCloud(Page page, int count)
    {
        var cloud = new StringBuilder($"<div{Cls(page, "topics")}>");
        for (var i = 0; i < count; i++)
        {
            var a = page.Language.Words[i % page.Language.Words.Length];
            var b = page.Language.Words[(i * 7 + 3) % page.Language.Words.Length];
            cloud.Append(CultureInfo.InvariantCulture, $"<a href=\"/topic/{i}\"{Cls(page, "topic")}>{E(a)} {E(b)}</a>");
        }

        return cloud.Append("</div>").ToString();
    }

    private static string Chrome(Page page, Shape shape, string main, List<Story> mostRead)
    {
        var lang = page.Language;
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"{lang.Code}\"{(lang.RightToLeft ? " dir=\"rtl\"" : string.Empty)}><head><meta charset=\"utf-8\">");
        html.Append(CultureInfo.InvariantCulture, $"<title>{E(lang.Latest)} | {page.Host}</title><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
        if (shape == Shape.BaseHref)
        {
            html.Append(CultureInfo.InvariantCulture, $"<base href=\"https://{page.Host}{page.Prefix}/\">");
        }

        html.Append("<link rel=\"stylesheet\" href=\"/_assets/app.css\"></head><body>");
        html.Append(page.Skin == Skin.Vue ? "<div id=\"app\" data-server-rendered=\"true\">" : page.Skin == Skin.CssModules ? "<div id=\"__next\">" : "<div>");
        html.Append(CultureInfo.InvariantCulture, $"<div{Cls(page, "cookie")}>Cookies <a href=\"/privacy#cookies\">Privacy</a><button>OK</button></div>");
        html.Append(CultureInfo.InvariantCulture, $"<div{Cls(page, "header")}><a href=\"/\"{Cls(page, "logo")}><img src=\"/logo.svg\" alt=\"{page.Host}\"></a><div{Cls(page, "nav")}>");
        for (var i = 0; i < lang.Sections.Length; i++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<a href=\"/{lang.SectionSlugs[i]}/\"{Cls(page, "nav-link")}>{E(lang.Sections[i])}</a>");
        }

        html.Append("</div><a href=\"/subscribe?ref=header\">").Append(E(lang.Subscribe)).Append("</a><a href=\"/account/login\">Login</a></div>");
        html.Append(CultureInfo.InvariantCulture, $"<div{Cls(page, "trending")}>");
        for (var i = 0; i < 6; i++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<a href=\"/topic/{lang.SectionSlugs[i]}-{i}\">#{E(lang.Words[i * 3])}</a>");
        }

        html.Append(CultureInfo.InvariantCulture, $"</div><div{Cls(page, "layout")}><div{Cls(page, "main")}>").Append(main).Append("</div>");
        html.Append(CultureInfo.InvariantCulture, $"<div{Cls(page, "aside")}><div{Cls(page, "aside-title")}>{E(lang.MostRead)}</div><ol>");
        foreach (var s in mostRead)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{Href(page, s)}\">{E(s.Title)}</a></li>");
        }

        html.Append("</ol></div></div>");
        html.Append(CultureInfo.InvariantCulture, $"<div{Cls(page, "footer")}>");
        foreach (var (href, text) in new[] { ("/about", "About"), ("/contact", "Contact"), ("/imprint", "Imprint"), ("/privacy", "Privacy"), ("/terms", "Terms"), ("/jobs", "Jobs"), ("/rss", "RSS") })
        {
            html.Append(CultureInfo.InvariantCulture, $"<a href=\"{href}\">{text}</a>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<a href=\"https://social.example/@{page.Host}\">Social</a><a href=\"https://video.example/c/{page.Host}\">Video</a></div></div>");
        if (page.Skin == Skin.CssModules)
        {
            html.Append("<script id=\"__NEXT_DATA__\" type=\"application/json\">{\"props\":{\"pageProps\":{\"section\":\"home\"}},\"page\":\"/\",\"buildId\":\"b1\"}</script>");
        }

        return html.Append("</body></html>").ToString();
    }
}
