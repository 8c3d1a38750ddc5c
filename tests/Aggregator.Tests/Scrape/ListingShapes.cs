using System.Globalization;
using System.Net;
using System.Text;

namespace Aggregator.Tests.Scrape;

/// <summary>
/// Writes listing pages in the shapes real sites use, with the truth known by construction: year and month
/// archives with headings, a "latest" block above older lists, a card strip beside a grid, split columns, a
/// sidebar of recent posts, a second page of a paginated list, and pages with one or two articles; each in the
/// markup habits of WordPress, Hugo, Jekyll, Ghost and Drupal themes, inside the furniture every site has
/// (skip link, menus, tag cloud, category and author links, "read more" links, pagination, footer).
/// Our own code and words; no third-party page is copied.
/// </summary>
internal static class ListingShapes
{
    public enum Habit { WordPress, Hugo, Jekyll, Ghost, Drupal, Docusaurus, Pelican, Eleventy }

    public enum Shape
    {
        PlainList, YearArchive, MonthArchive, LatestAboveOlder, StripAndGrid, SplitColumns, SidebarRecent, Paginated, OneArticle, TwoArticles,
        EssayIndex, MagazineSections, Classifieds, PodcastEpisodes, PopularBeside,
    }

    private static readonly string[] Sections = ["World", "Politics", "Culture", "Science"];

    private static readonly string[] Towns = ["Ashford", "Bramley", "Kelso", "Lindow", "Marlow"];

    private static readonly string[] Words =
    [
        "release", "community", "maps", "rendering", "server", "funding", "workshop", "report", "security", "update",
        "data", "pipeline", "volunteers", "city", "council", "budget", "river", "festival", "climate", "school",
        "library", "editors", "roadmap", "styles", "vector", "tiles", "hosting", "costs", "grant", "survey",
        "notes", "lessons", "migration", "archive", "podcast", "episode", "interview", "design", "accessibility", "performance",
    ];

    private static readonly string[] Authors = ["Dana Whitfield", "Ravi Menon", "Ana Souza", "Lena Park"];

    private static readonly string[] Categories = ["News", "Releases", "Community", "Events"];

    private sealed record Post(string Url, string Title, string Summary, DateTime Date, string Author, string Category, int Id);

    public static IEnumerable<ListingCase> All()
    {
        foreach (var habit in Enum.GetValues<Habit>())
        {
            foreach (var shape in Enum.GetValues<Shape>())
            {
                yield return Build(habit, shape);
            }
        }
    }

    public static ListingCase Build(Habit habit, Shape shape)
    {
        var random = new Random(((int)habit * 31) + (int)shape + 7);
        var host = $"{habit.ToString().ToLowerInvariant()}-{shape.ToString().ToLowerInvariant()}.example.org";
        var count = shape switch
        {
            Shape.OneArticle => 1,
            Shape.TwoArticles => 2,
            Shape.YearArchive or Shape.MonthArchive => 24 + random.Next(12),
            Shape.EssayIndex => 60 + random.Next(60),
            Shape.MagazineSections or Shape.Classifieds => 14 + random.Next(10),
            // A show that has only begun: two episodes, no repeated structure to speak of.
            Shape.PodcastEpisodes when habit is Habit.Hugo or Habit.Pelican => 2,
            _ => 8 + random.Next(8),
        };
        var posts = Restyle(habit, shape, host, Posts(habit, host, count + 12, random), random);
        var onPage = shape == Shape.Paginated ? posts.Skip(10).Take(count).ToList() : posts.Take(count).ToList();
        var also = new List<string>();
        var main = new StringBuilder();
        var pagePath = "/blog/";
        switch (shape)
        {
            case Shape.PlainList when habit == Habit.Pelican:
                // Pelican's default theme prints the newest article in full in an <aside id="featured">, the rest below it.
                var top = onPage[0];
                main.Append(CultureInfo.InvariantCulture, $"<aside id=\"featured\" class=\"body\"><article><h1 class=\"entry-title\"><a href=\"{top.Url}\">{E(top.Title)}</a></h1>");
                main.Append(CultureInfo.InvariantCulture, $"<footer class=\"post-info\"><abbr class=\"published\" title=\"{Iso(top.Date)}\">{Long(top.Date)}</abbr></footer><div class=\"entry-content\"><p>{E(top.Summary)}</p><p>{E(top.Summary)}</p></div></article></aside>");
                main.Append("<section class=\"body\"><h1>Other articles</h1><hr>");
                List(main, habit, onPage.Skip(1).ToList(), random);
                main.Append("</section>");
                break;
            case Shape.PlainList:
                List(main, habit, onPage, random);
                break;
            case Shape.EssayIndex:
                pagePath = "/essays/";
                main.Append("<h1>Essays</h1>");
                if (habit is Habit.WordPress or Habit.Pelican)
                {
                    // A hand-made index: one cell of links separated by line breaks, no list markup at all.
                    main.Append("<table width=\"435\"><tr><td><font size=\"2\" face=\"verdana\">");
                    main.AppendJoin("<br><br>", onPage.Select(p => $"<a href=\"{p.Url}\">{E(p.Title)}</a>"));
                    main.Append("</font></td></tr></table>");
                }
                else
                {
                    main.Append("<ul class=\"essays\">");
                    main.AppendJoin(string.Empty, onPage.Select(p => $"<li><a href=\"{new Uri(p.Url).AbsolutePath}\">{E(p.Title)}</a></li>"));
                    main.Append("</ul>");
                }

                break;
            case Shape.MagazineSections:
                pagePath = "/";
                var per = (onPage.Count + Sections.Length - 1) / Sections.Length;
                for (var s = 0; s < Sections.Length; s++)
                {
                    main.Append(CultureInfo.InvariantCulture, $"<section class=\"section-block section-{Slug(Sections[s])}\"><h2 class=\"section-heading\"><a href=\"/{Slug(Sections[s])}/\">{Sections[s]}</a></h2>");
                    List(main, habit, onPage.Skip(s * per).Take(per).ToList(), random);
                    main.Append("</section>");
                    if (s == 1)
                    {
                        main.Append(MostRead(posts.Skip(count).Take(5)));
                    }
                }

                break;
            case Shape.Classifieds:
                pagePath = "/ads/";
                main.Append("<h1>Classifieds</h1><ul class=\"filters\">");
                main.AppendJoin(string.Empty, Categories.Select((c, i) => $"<li><a href=\"/ads/?cat={Slug(c)}\">{c} ({10 + (i * 7)})</a></li>"));
                main.Append("</ul><p><a class=\"button\" href=\"/ads/new/\">Post an ad for free</a></p><div class=\"ad-results\">");
                foreach (var post in onPage)
                {
                    main.Append(CultureInfo.InvariantCulture, $"<div class=\"ad-item\"><a class=\"ad-thumb\" href=\"{post.Url}\"><img src=\"/img/ads/{post.Id}.jpg\" alt=\"\"></a><div class=\"ad-body\">");
                    main.Append(CultureInfo.InvariantCulture, $"<h3 class=\"ad-title\"><a href=\"{post.Url}\">{E(post.Title)}</a></h3><span class=\"ad-price\">€{20 + (post.Id % 400)}</span> ");
                    main.Append(CultureInfo.InvariantCulture, $"<span class=\"ad-location\">{Towns[post.Id % Towns.Length]}</span> <time datetime=\"{post.Date:yyyy-MM-dd}\">{Short(post.Date)}</time></div></div>");
                }

                main.Append("</div>");
                main.Append(Pagination(habit, 1));
                break;
            case Shape.PodcastEpisodes:
                pagePath = "/episodes/";
                main.Append("<h1>All episodes</h1><div class=\"subscribe-links\"><a href=\"https://podcasts.apple.com/podcast/id1234567\">Apple Podcasts</a> <a href=\"https://open.spotify.com/show/abcdef\">Spotify</a> <a href=\"/podcast.xml\">RSS</a></div>");
                foreach (var post in onPage)
                {
                    var mp3 = $"https://media.example.net/{host}/{post.Id}.mp3";
                    main.Append(CultureInfo.InvariantCulture, $"<div class=\"episode\"><h2 class=\"episode-title\"><a href=\"{post.Url}\">{E(post.Title)}</a></h2><p class=\"episode-meta\"><time datetime=\"{Iso(post.Date)}\">{Long(post.Date)}</time> · 52 min</p>");
                    main.Append(CultureInfo.InvariantCulture, $"<p>{E(post.Summary)}</p><audio controls preload=\"none\" src=\"{mp3}\"></audio><p><a href=\"{mp3}\" download>Download MP3</a> · <a href=\"{post.Url}\">Show notes</a></p></div>");
                }

                break;
            case Shape.PopularBeside:
                // Popular older posts in the listing's own teaser markup, and a list of topics, inside the main content.
                List(main, habit, onPage, random);
                main.Append("<section class=\"popular-posts\"><h2>Popular posts</h2>");
                List(main, habit, posts.Skip(count).Take(4).ToList(), random);
                main.Append("</section><div class=\"topics\"><h2>Topics</h2>");
                main.AppendJoin(" ", Words.Take(15).Select(w => $"<a href=\"/topics/{w}/\">{w}</a>"));
                main.Append("</div>");
                break;
            case Shape.YearArchive:
                pagePath = "/archives/";
                Archive(main, habit, onPage, byMonth: false);
                break;
            case Shape.MonthArchive:
                pagePath = "/archives/";
                Archive(main, habit, onPage, byMonth: true);
                break;
            case Shape.LatestAboveOlder:
                main.Append("<section class=\"latest\"><h2 class=\"section-title\">Latest</h2>");
                List(main, habit, onPage.Take(3).ToList(), random);
                main.Append("</section><section class=\"older\"><h2 class=\"section-title\">Older posts</h2><ul class=\"older-list\">");
                foreach (var post in onPage.Skip(3))
                {
                    main.Append(Compact(habit, post));
                }

                main.Append("</ul></section>");
                break;
            case Shape.StripAndGrid:
                main.Append("<div class=\"featured-strip\">");
                foreach (var post in onPage.Take(3))
                {
                    main.Append(Card(habit, post, "featured"));
                }

                main.Append("</div><h2>More stories</h2><div class=\"card-grid\">");
                foreach (var post in onPage.Skip(3))
                {
                    main.Append(Card(habit, post, "grid"));
                }

                main.Append("</div>");
                break;
            case Shape.SplitColumns:
                var half = (onPage.Count + 1) / 2;
                main.Append("<div class=\"row\"><div class=\"col-md-6 col-left\">");
                List(main, habit, onPage.Take(half).ToList(), random);
                main.Append("</div><div class=\"col-md-6 col-right\">");
                List(main, habit, onPage.Skip(half).ToList(), random);
                main.Append("</div></div>");
                break;
            case Shape.SidebarRecent:
            case Shape.Paginated:
                if (shape == Shape.Paginated)
                {
                    pagePath = "/blog/page/2/";
                }

                List(main, habit, onPage, random);
                main.Append(Pagination(habit, shape == Shape.Paginated ? 2 : 1));
                break;
            case Shape.OneArticle:
            case Shape.TwoArticles:
                pagePath = $"/category/{onPage[0].Category.ToLowerInvariant()}/";
                main.Append(CultureInfo.InvariantCulture, $"<h1 class=\"page-title\">Category: {onPage[0].Category}</h1>");
                List(main, habit, onPage, random);
                break;
        }

        // The sidebar lists the newest posts: on a later page of the list, and on a category page, they are not this page's.
        var recent = posts.Take(5).ToList();
        also.AddRange(recent.Where(p => !onPage.Contains(p)).Select(p => p.Url));
        var html = Chrome(habit, host, main.ToString(), recent, withSidebar: shape is Shape.SidebarRecent or Shape.Paginated or Shape.OneArticle or Shape.PlainList);
        return new ListingCase(
            $"{habit}/{shape}",
            html,
            new Uri($"https://{host}{pagePath}"),
            onPage.Select(p => (p.Url, p.Title)).ToList(),
            also);
    }

    private static List<Post> Posts(Habit habit, string host, int count, Random random)
    {
        var posts = new List<Post>();
        var date = new DateTime(2025, 11, 20, 9, 30, 0, DateTimeKind.Utc);
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var words = Enumerable.Range(0, 4 + random.Next(5)).Select(_ => Words[random.Next(Words.Length)]).ToList();
            var title = char.ToUpperInvariant(words[0][0]) + string.Join(' ', words)[1..];
            var slug = string.Join('-', words);
            if (!slugs.Add(slug))
            {
                slug += "-" + i.ToString(CultureInfo.InvariantCulture);
                slugs.Add(slug);
            }

            var id = 1000 + (count - i);
            var path = habit switch
            {
                Habit.WordPress => $"/{date:yyyy}/{date:MM}/{slug}/",
                Habit.Hugo => $"/posts/{slug}/",
                Habit.Jekyll => $"/{date:yyyy}/{date:MM}/{date:dd}/{slug}.html",
                Habit.Ghost => $"/{slug}/",
                Habit.Docusaurus => $"/blog/{date:yyyy}/{date:MM}/{date:dd}/{slug}",
                Habit.Pelican => $"/{slug}.html",
                Habit.Eleventy => $"/blog/{slug}/",
                _ => i % 2 == 0 ? $"/node/{id}" : $"/blog/{slug}",
            };
            var summary = $"In this post we look at the {words[^1]} and the {Words[random.Next(Words.Length)]} work of the last weeks, what changed for {Words[random.Next(Words.Length)]} and what comes next.";
            posts.Add(new Post($"https://{host}{path}", title, summary, date, Authors[random.Next(Authors.Length)], Categories[random.Next(Categories.Length)], id));
            date = date.AddDays(-(3 + random.Next(40))).AddHours(random.Next(5));
        }

        return posts;
    }

    private static void List(StringBuilder main, Habit habit, List<Post> posts, Random random)
    {
        var (open, close) = habit switch
        {
            Habit.WordPress => ("<div class=\"posts-list\">", "</div>"),
            Habit.Hugo => ("<div class=\"post-list\">", "</div>"),
            Habit.Jekyll => ("<ul class=\"post-list\">", "</ul>"),
            Habit.Ghost => ("<div class=\"post-feed\">", "</div>"),
            Habit.Docusaurus => ("<div class=\"blog-posts\">", "</div>"),
            Habit.Pelican => ("<ol id=\"posts-list\" class=\"hfeed\">", "</ol>"),
            Habit.Eleventy => ("<ol reversed class=\"postlist\">", "</ol>"),
            _ => ("<div class=\"view view-blog view-id-blog\"><div class=\"view-content\">", "</div></div>"),
        };
        main.Append(open);
        foreach (var post in posts)
        {
            main.Append(Teaser(habit, post, random.Next(3) == 0));
        }

        main.Append(close);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Iso(DateTime date) => date.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    private static string Long(DateTime date) => date.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);

    private static string Short(DateTime date) => date.ToString("MMM d, yyyy", CultureInfo.InvariantCulture);

    private static string Slug(string text) => text.ToLowerInvariant();

    /// <summary>The habit's full teaser: heading link, date, author and category links, summary, "read more".</summary>
    private static string Teaser(Habit habit, Post p, bool withImage) => habit switch
    {
        Habit.WordPress =>
            $"<article id=\"post-{p.Id}\" class=\"post-{p.Id} post type-post status-publish format-standard hentry category-{Slug(p.Category)}\">"
            + (withImage ? $"<a class=\"post-thumbnail\" href=\"{p.Url}\" aria-hidden=\"true\"><img width=\"300\" height=\"169\" src=\"/wp-content/uploads/{p.Id}-300x169.jpg\" class=\"wp-post-image\" alt=\"\"></a>" : "")
            + $"<header class=\"entry-header\"><h2 class=\"entry-title\"><a href=\"{p.Url}\" rel=\"bookmark\">{E(p.Title)}</a></h2>"
            + $"<div class=\"entry-meta\"><span class=\"posted-on\">Posted on <a href=\"{p.Url}\" rel=\"bookmark\"><time class=\"entry-date published\" datetime=\"{Iso(p.Date)}\">{Long(p.Date)}</time></a></span>"
            + $"<span class=\"byline\"> by <span class=\"author vcard\"><a class=\"url fn n\" href=\"/author/{Slug(p.Author.Split(' ')[0])}/\">{p.Author}</a></span></span></div></header>"
            + $"<div class=\"entry-summary\"><p>{E(p.Summary)} <a class=\"more-link\" href=\"{p.Url}\">Continue reading<span class=\"screen-reader-text\"> \"{E(p.Title)}\"</span></a></p></div>"
            + $"<footer class=\"entry-footer\"><span class=\"cat-links\">Posted in <a href=\"/category/{Slug(p.Category)}/\" rel=\"category tag\">{p.Category}</a></span> <span class=\"comments-link\"><a href=\"{p.Url}#respond\">Leave a comment<span class=\"screen-reader-text\"> on {E(p.Title)}</span></a></span></footer></article>",
        Habit.Hugo =>
            "<article class=\"post-entry\">"
            + (withImage ? $"<figure class=\"entry-cover\"><img loading=\"lazy\" src=\"{p.Url}cover.jpg\" alt=\"\"></figure>" : "")
            + $"<header class=\"entry-header\"><h2 class=\"entry-hint-parent\">{E(p.Title)}</h2></header><div class=\"entry-content\"><p>{E(p.Summary)}</p></div>"
            + $"<footer class=\"entry-footer\"><span title=\"{Iso(p.Date)}\">{Long(p.Date)}</span>&nbsp;·&nbsp;3 min&nbsp;·&nbsp;{p.Author}</footer>"
            + $"<a class=\"entry-link\" aria-label=\"post link to {E(p.Title)}\" href=\"{p.Url}\"></a></article>",
        Habit.Jekyll =>
            $"<li><span class=\"post-meta\">{Short(p.Date)}</span><h3><a class=\"post-link\" href=\"{p.Url}\">{E(p.Title)}</a></h3><p>{E(p.Summary)}</p></li>",
        Habit.Ghost =>
            $"<article class=\"post-card post tag-{Slug(p.Category)}{(withImage ? "" : " no-image")}\">"
            + (withImage ? $"<a class=\"post-card-image-link\" href=\"{p.Url}\"><img class=\"post-card-image\" src=\"/content/images/{p.Id}.jpg\" alt=\"{E(p.Title)}\" loading=\"lazy\"></a>" : "")
            + $"<div class=\"post-card-content\"><a class=\"post-card-content-link\" href=\"{p.Url}\"><header class=\"post-card-header\"><div class=\"post-card-tags\"><span class=\"post-card-primary-tag\">{p.Category}</span></div>"
            + $"<h2 class=\"post-card-title\">{E(p.Title)}</h2></header><div class=\"post-card-excerpt\">{E(p.Summary)}</div></a>"
            + $"<footer class=\"post-card-meta\"><time class=\"post-card-meta-date\" datetime=\"{p.Date:yyyy-MM-dd}\">{p.Date.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}</time><span class=\"post-card-meta-length\">4 min read</span></footer></div></article>",
        Habit.Docusaurus =>
            $"<article class=\"margin-bottom--xl\" itemprop=\"blogPost\" itemscope itemtype=\"http://schema.org/BlogPosting\"><header><h2 class=\"title_xvU1\" itemprop=\"headline\"><a itemprop=\"url\" href=\"{new Uri(p.Url).AbsolutePath}\">{E(p.Title)}</a></h2>"
            + $"<div class=\"container_iJTo margin-vert--md\"><time datetime=\"{Iso(p.Date)}\" itemprop=\"datePublished\">{Long(p.Date)}</time> · 5 min read</div>"
            + $"<div class=\"avatar margin-bottom--sm\"><a href=\"https://github.com/{Slug(p.Author.Split(' ')[0])}\" target=\"_blank\" rel=\"noopener noreferrer\" class=\"avatar__photo-link\"><img class=\"avatar__photo\" src=\"https://github.com/{Slug(p.Author.Split(' ')[0])}.png\" alt=\"{p.Author}\"></a><div class=\"avatar__intro\"><div class=\"avatar__name\"><a href=\"https://github.com/{Slug(p.Author.Split(' ')[0])}\"><span>{p.Author}</span></a></div><small class=\"avatar__subtitle\">Maintainer</small></div></div></header>"
            + $"<div class=\"markdown\" itemprop=\"articleBody\"><p>{E(p.Summary)}</p></div>"
            + $"<footer class=\"row docusaurus-mt-lg\"><div class=\"col\"><b>Tags:</b><ul class=\"tags_jXut padding--none margin-left--sm\"><li class=\"tag_QGVx\"><a class=\"tag_zVej tagRegular_sFm0\" href=\"/blog/tags/{Slug(p.Category)}\">{p.Category}</a></li></ul></div>"
            + $"<div class=\"col text--right col--3\"><a aria-label=\"Read more about {E(p.Title)}\" href=\"{new Uri(p.Url).AbsolutePath}\"><b>Read More</b></a></div></footer></article>",
        Habit.Pelican =>
            $"<li><article class=\"hentry\"><header><h2 class=\"entry-title\"><a href=\"{p.Url}\" rel=\"bookmark\" title=\"Permalink to {E(p.Title)}\">{E(p.Title)}</a></h2></header>"
            + $"<div class=\"entry-content\"><footer class=\"post-info\"><abbr class=\"published\" title=\"{Iso(p.Date)}\">Published: {p.Date.ToString("ddd dd MMMM yyyy", CultureInfo.InvariantCulture)}</abbr>"
            + $"<address class=\"vcard author\">By <a class=\"url fn\" href=\"/author/{Slug(p.Author.Replace(' ', '-'))}.html\">{p.Author}</a></address><p>In <a href=\"/category/{Slug(p.Category)}.html\">{p.Category}</a>.</p></footer>"
            + $"<p>{E(p.Summary)}</p><a class=\"readmore\" href=\"{p.Url}\">read more</a></div></article></li>",
        Habit.Eleventy => Compact(habit, p),
        _ =>
            $"<article role=\"article\" about=\"{new Uri(p.Url).AbsolutePath}\" class=\"node node--type-article node--promoted node--view-mode-teaser\">"
            + $"<h2 class=\"node__title\"><a href=\"{new Uri(p.Url).AbsolutePath}\" rel=\"bookmark\"><span class=\"field field--name-title\">{E(p.Title)}</span></a></h2>"
            + $"<footer class=\"node__meta\"><div class=\"node__submitted\">Submitted by <span class=\"field--name-uid\"><a href=\"/user/{p.Id % 7 + 1}\" class=\"username\">{p.Author}</a></span> on <span class=\"field--name-created\">{p.Date.ToString("ddd, MM/dd/yyyy - HH:mm", CultureInfo.InvariantCulture)}</span></div></footer>"
            + $"<div class=\"node__content\"><div class=\"field field--name-body\"><p>{E(p.Summary)}</p></div>"
            + $"<ul class=\"links inline\"><li class=\"node-readmore\"><a href=\"{new Uri(p.Url).AbsolutePath}\" rel=\"tag\" title=\"{E(p.Title)}\" hreflang=\"en\">Read more<span class=\"visually-hidden\"> about {E(p.Title)}</span></a></li></ul></div></article>",
    };

    /// <summary>One line of an archive: the title link and its date.</summary>
    private static string Compact(Habit habit, Post p) => habit switch
    {
        Habit.WordPress => $"<li><a href=\"{p.Url}\">{E(p.Title)}</a> <span class=\"post-date\">{Long(p.Date)}</span></li>",
        Habit.Hugo => $"<li><time datetime=\"{p.Date:yyyy-MM-dd}\">{p.Date:yyyy-MM-dd}</time> <a href=\"{new Uri(p.Url).AbsolutePath}\">{E(p.Title)}</a></li>",
        Habit.Jekyll => $"<li><span class=\"date\">{p.Date.ToString("dd MMM", CultureInfo.InvariantCulture)}</span> &raquo; <a href=\"{new Uri(p.Url).AbsolutePath}\">{E(p.Title)}</a></li>",
        Habit.Ghost => $"<li class=\"archive-item\"><a class=\"archive-link\" href=\"{p.Url}\"><span class=\"archive-title\">{E(p.Title)}</span><time datetime=\"{p.Date:yyyy-MM-dd}\">{Short(p.Date)}</time></a></li>",
        Habit.Docusaurus => $"<li><a href=\"{new Uri(p.Url).AbsolutePath}\">{p.Date.ToString("MMMM d", CultureInfo.InvariantCulture)} - {E(p.Title)}</a></li>",
        Habit.Pelican => $"<li><a href=\"{p.Url}\">{E(p.Title)}</a> <span class=\"date\">{Short(p.Date)}</span></li>",
        Habit.Eleventy => $"<li class=\"postlist-item\"><a href=\"{new Uri(p.Url).AbsolutePath}\" class=\"postlist-link\">{E(p.Title)}</a> <time class=\"postlist-date\" datetime=\"{p.Date:yyyy-MM-dd}\">{p.Date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}</time></li>",
        _ => $"<li class=\"views-row\"><div class=\"views-field views-field-title\"><span class=\"field-content\"><a href=\"{new Uri(p.Url).AbsolutePath}\" hreflang=\"en\">{E(p.Title)}</a></span></div><div class=\"views-field views-field-created\"><span class=\"field-content\">{p.Date.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture)}</span></div></li>",
    };

    private static string Card(Habit habit, Post p, string kind) =>
        $"<div class=\"card card-{kind}\"><a class=\"card-image\" href=\"{p.Url}\"><img src=\"/img/{p.Id}.jpg\" alt=\"\"></a><div class=\"card-body\">"
        + $"<span class=\"card-kicker\"><a href=\"/{(habit == Habit.Drupal ? "taxonomy/term" : "category")}/{Slug(p.Category)}\">{p.Category}</a></span>"
        + $"<h3 class=\"card-title\"><a href=\"{p.Url}\">{E(p.Title)}</a></h3>"
        + (kind == "grid" ? $"<p class=\"card-text\">{E(p.Summary)}</p>" : "")
        + $"<time datetime=\"{p.Date:yyyy-MM-dd}\">{Short(p.Date)}</time></div></div>";

    /// <summary>Year (or month) archives the way each habit writes them: headings that are structure, not articles.</summary>
    private static void Archive(StringBuilder main, Habit habit, List<Post> posts, bool byMonth)
    {
        string Key(Post p) => byMonth ? p.Date.ToString("MMMM yyyy", CultureInfo.InvariantCulture) : p.Date.Year.ToString(CultureInfo.InvariantCulture);
        string Link(Post p) => byMonth ? $"/{p.Date:yyyy}/{p.Date:MM}/" : $"/{p.Date:yyyy}/";
        main.Append("<h1 class=\"page-title\">Archives</h1>");
        foreach (var group in posts.GroupBy(Key))
        {
            var first = group.First();
            switch (habit)
            {
                case Habit.WordPress:
                    main.Append(CultureInfo.InvariantCulture, $"<div class=\"archive-group\"><h2 class=\"archive-heading\"><a href=\"{Link(first)}\">{group.Key}</a></h2><ul class=\"archive-list\">");
                    main.AppendJoin(string.Empty, group.Select(p => Compact(habit, p)));
                    main.Append("</ul></div>");
                    break;
                case Habit.Hugo when !byMonth:
                    // PaperMod: years, months inside them, entries whose link is an empty overlay named by aria-label.
                    main.Append(CultureInfo.InvariantCulture, $"<div class=\"archive-year\"><h2 class=\"archive-year-header\" id=\"{group.Key}\"><a class=\"archive-header-link\" href=\"#{group.Key}\">{group.Key}</a><sup class=\"archive-count\">&nbsp;&nbsp;{group.Count()}</sup></h2>");
                    foreach (var month in group.GroupBy(p => p.Date.ToString("MMMM", CultureInfo.InvariantCulture)))
                    {
                        main.Append(CultureInfo.InvariantCulture, $"<div class=\"archive-month\"><h3 class=\"archive-month-header\" id=\"{group.Key}-{month.Key}\"><a class=\"archive-header-link\" href=\"#{group.Key}-{month.Key}\">{month.Key}</a><sup class=\"archive-count\">&nbsp;&nbsp;{month.Count()}</sup></h3><div class=\"archive-posts\">");
                        foreach (var p in month)
                        {
                            main.Append(CultureInfo.InvariantCulture, $"<div class=\"archive-entry\"><h3 class=\"archive-entry-title entry-hint-parent\">{E(p.Title)}</h3><div class=\"archive-meta\"><span title=\"{Iso(p.Date)}\">{Long(p.Date)}</span>&nbsp;·&nbsp;2 min</div><a class=\"entry-link\" aria-label=\"post link to {E(p.Title)}\" href=\"{p.Url}\"></a></div>");
                        }

                        main.Append("</div></div>");
                    }

                    main.Append("</div>");
                    break;
                case Habit.Hugo:
                    main.Append(CultureInfo.InvariantCulture, $"<section class=\"list-section\"><h2>{group.Key}</h2><ul>");
                    main.AppendJoin(string.Empty, group.Select(p => Compact(habit, p)));
                    main.Append("</ul></section>");
                    break;
                case Habit.Jekyll:
                    main.Append(CultureInfo.InvariantCulture, $"<h2 id=\"y{group.Key.Replace(' ', '-')}\">{group.Key}</h2><ul class=\"posts\">");
                    main.AppendJoin(string.Empty, group.Select(p => Compact(habit, p)));
                    main.Append("</ul>");
                    break;
                case Habit.Ghost:
                    main.Append(CultureInfo.InvariantCulture, $"<section class=\"archive-section\"><h3 class=\"archive-title\"><a href=\"{Link(first)}\">{group.Key}</a> <span class=\"count\">{group.Count()} posts</span></h3><ol class=\"archive-items\">");
                    main.AppendJoin(string.Empty, group.Select(p => Compact(habit, p)));
                    main.Append("</ol></section>");
                    break;
                case Habit.Pelican:
                    main.Append(CultureInfo.InvariantCulture, $"<h2>{group.Key}</h2><dl>");
                    main.AppendJoin(string.Empty, group.Select(p => $"<dt>{p.Date.ToString("ddd dd MMMM yyyy", CultureInfo.InvariantCulture)}</dt><dd><a href=\"{p.Url}\">{E(p.Title)}</a></dd>"));
                    main.Append("</dl>");
                    break;
                case Habit.Docusaurus:
                    main.Append(CultureInfo.InvariantCulture, $"<div class=\"col col--4 margin-vert--lg\"><h3 class=\"anchor\" id=\"y{group.Key.Replace(' ', '-')}\">{group.Key}</h3><ul>");
                    main.AppendJoin(string.Empty, group.Select(p => Compact(habit, p)));
                    main.Append("</ul></div>");
                    break;
                case Habit.Eleventy:
                    main.Append(CultureInfo.InvariantCulture, $"<h2>{group.Key}</h2><ol reversed class=\"postlist\">");
                    main.AppendJoin(string.Empty, group.Select(p => Compact(habit, p)));
                    main.Append("</ol>");
                    break;
                default:
                    main.Append(CultureInfo.InvariantCulture, $"<div class=\"item-list\"><h3>{group.Key}</h3><ul>");
                    main.AppendJoin(string.Empty, group.Select(p => Compact(habit, p)));
                    main.Append("</ul></div>");
                    break;
            }
        }
    }

    /// <summary>The URLs and titles of shapes whose items are not blog posts: ads, episodes, essays.</summary>
    private static List<Post> Restyle(Habit habit, Shape shape, string host, List<Post> posts, Random random) => shape switch
    {
        Shape.Classifieds => posts.Select(p => p with { Url = $"https://{host}/ads/{p.Id}-{SlugOf(p.Title)}", Title = $"For sale: {p.Title}" }).ToList(),
        Shape.PodcastEpisodes => posts.Select((p, i) => p with { Url = $"https://{host}/episodes/{posts.Count - i}-{SlugOf(p.Title)}/", Title = $"Episode {posts.Count - i}: {p.Title}" }).ToList(),
        // Essay titles are often one or two words ("Cities", "Good taste"), so their slugs are too.
        Shape.EssayIndex => posts.Select(p => p.Title.Split(' ').Take(1 + random.Next(4)).ToList() is var words && string.Join(' ', words) is var title
            ? p with { Title = title, Url = habit is Habit.WordPress or Habit.Pelican ? $"https://{host}/{SlugOf(title)}.html" : $"https://{host}/essays/{SlugOf(title)}/" }
            : p).DistinctBy(p => p.Url).ToList(),
        _ => posts,
    };

    private static string SlugOf(string title) => title.ToLowerInvariant().Replace(' ', '-');

    /// <summary>A box of the most read stories: the site's older articles, not this page's listing.</summary>
    private static string MostRead(IEnumerable<Post> older) =>
        "<div class=\"most-read\"><h2>Most read</h2><ol>" + string.Concat(older.Select(p => $"<li><a href=\"{p.Url}\">{E(p.Title)}</a></li>")) + "</ol></div>";

    private static string Pagination(Habit habit, int current)
    {
        var pages = string.Join(string.Empty, Enumerable.Range(1, 5).Select(n => n == current
            ? $"<span aria-current=\"page\" class=\"page-numbers current\">{n}</span>"
            : habit == Habit.Drupal ? $"<li class=\"pager__item\"><a href=\"?page={n - 1}\" title=\"Go to page {n}\">{n}</a></li>"
            : $"<a class=\"page-numbers\" href=\"/blog/page/{n}/\">{n}</a>"));
        return habit switch
        {
            Habit.Drupal => $"<nav class=\"pager\" role=\"navigation\"><ul class=\"pager__items\">{pages}<li class=\"pager__item pager__item--next\"><a href=\"?page={current}\" rel=\"next\">Next page ›</a></li></ul></nav>",
            Habit.Ghost => $"<div class=\"load-more\"><a class=\"older-posts\" href=\"/page/{current + 1}/\">Load older posts from the archive →</a></div>",
            Habit.Jekyll => $"<div class=\"pagination\"><a href=\"/blog/page{current + 1}/\" class=\"older\">Older posts</a> <span class=\"page_number\">Page {current} of 5</span></div>",
            _ => $"<div class=\"nav-links\">{pages}<a class=\"next page-numbers\" href=\"/blog/page/{current + 1}/\">Next page of older stories</a></div>",
        };
    }

    private static string Chrome(Habit habit, string host, string main, List<Post> recent, bool withSidebar)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Blog – {host}</title><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed.xml\"></head>");
        sb.Append(CultureInfo.InvariantCulture, $"<body class=\"{habit.ToString().ToLowerInvariant()} blog has-sidebar\"><a class=\"skip-link screen-reader-text\" href=\"#content\">Skip to content</a>");
        sb.Append(CultureInfo.InvariantCulture, $"<header class=\"site-header\"><p class=\"site-title\"><a href=\"/\" rel=\"home\">{host}</a></p><nav class=\"main-navigation\" aria-label=\"Main\"><ul class=\"menu\">");
        sb.Append("<li><a href=\"/\">Home</a></li><li><a href=\"/blog/\">Blog</a></li><li><a href=\"/projects/community-mapping-programme/\">Our community mapping programme for schools</a></li><li><a href=\"/about/\">About us</a></li><li><a href=\"/contact/\">Contact</a></li></ul></nav></header>");
        sb.Append("<div id=\"page\" class=\"site-content\"><main id=\"content\" class=\"site-main\">");
        sb.Append(main);
        sb.Append("</main>");
        if (withSidebar)
        {
            sb.Append("<aside id=\"secondary\" class=\"widget-area\"><section class=\"widget widget_recent_entries\"><h2 class=\"widget-title\">Recent Posts</h2><ul>");
            foreach (var post in recent)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{post.Url}\">{E(post.Title)}</a></li>");
            }

            sb.Append("</ul></section><section class=\"widget widget_tag_cloud\"><h2 class=\"widget-title\">Tags</h2><div class=\"tagcloud\">");
            foreach (var word in Words.Take(12))
            {
                sb.Append(CultureInfo.InvariantCulture, $"<a href=\"/tag/{word}/\" class=\"tag-cloud-link\">{word}</a> ");
            }

            sb.Append("</div></section><section class=\"widget widget_newsletter\"><h2 class=\"widget-title\">Get the newsletter</h2><p>Once a month, the news of the project in your inbox, and nothing else.</p></section></aside>");
        }

        sb.Append("</div><footer class=\"site-footer\"><div class=\"footer-links\"><ul><li><a href=\"/code-of-conduct-and-community-guidelines/\">Code of conduct and community guidelines</a></li>");
        sb.Append("<li><a href=\"/privacy-policy/\">Privacy policy</a></li><li><a href=\"/feed.xml\">RSS feed of all posts</a></li></ul></div><p class=\"copyright\">© 2025 The project. Text licensed CC-BY 4.0.</p></footer></body></html>");
        return sb.ToString();
    }
}
