using System.Globalization;
using System.Security;
using System.Text;

namespace Aggregator.Bench.Shared;

/// <summary>
/// A WordPress category archive page (the Popular Resistance "Coups" page): skip link, menu, a
/// fundraising appeal printed twice, article cards with share widgets, a sidebar and a footer.
/// </summary>
public static class SyntheticListing
{
    /// <summary>The selectors an operator would write for <see cref="Page"/>.</summary>
    public static readonly (string Item, string Title, string Link, string Summary, string Published, string Author, string Image) Selectors =
        ("article.post", "h2.entry-title a", "h2.entry-title a@href", "div.entry-summary p", "time.entry-date@datetime", "span.author a", "img.wp-post-image@src");

    public static string Page(string outletName, string category, Uri site, IReadOnlyList<SyntheticItem> items)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en-US"><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Escape(category)} Archives - {Escape(outletName)}</title>
            <link rel="alternate" type="application/rss+xml" title="{Escape(outletName)} &raquo; Feed" href="{site}feed/" />
            <link rel='stylesheet' id='theme-style-css' href='{site}wp-content/themes/theme/style.css?ver=6.7' media='all' />
            <script src="{site}wp-includes/js/wp-emoji-release.min.js?ver=6.7" defer></script><script>window.dataLayer = window.dataLayer || [];</script>
            </head>
            <body class="archive category category-{category.ToLowerInvariant()} wp-embed-responsive hfeed">
            <div id="page" class="site"><a class="skip-link screen-reader-text" href="#content">Skip to content</a>
            <header id="masthead" class="site-header"><div class="site-branding"><p class="site-title"><a href="{site}" rel="home">{Escape(outletName)}</a></p>
            <p class="site-description">Educate, Organize, Mobilize</p></div>
            <nav id="site-navigation" class="main-navigation"><button class="menu-toggle">Menu</button><ul id="primary-menu" class="menu">

            """);
        foreach (var entry in new[] { "Home", "About", "Campaigns", "Coups", "Venezuela", "Resources", "Donate", "Contact" })
        {
            html.Append(CultureInfo.InvariantCulture, $"<li class=\"menu-item menu-item-type-taxonomy\"><a href=\"{site}category/{entry.ToLowerInvariant()}/\">{entry}</a></li>\n");
        }
        html.Append("</ul></nav></header>\n").Append(Appeal(site));
        html.Append(CultureInfo.InvariantCulture, $"""
            <div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
            <header class="page-header"><h1 class="page-title">{Escape(category)}</h1></header>

            """);
        for (var i = 0; i < items.Count; i++)
        {
            html.Append(Card(site, items[i], 1000 + i, category));
        }
        html.Append(CultureInfo.InvariantCulture, $"""
            <nav class="navigation pagination" aria-label="Posts"><div class="nav-links"><span aria-current="page" class="page-numbers current">1</span>
            <a class="page-numbers" href="{site}category/{category.ToLowerInvariant()}/page/2/">2</a><a class="next page-numbers" href="{site}category/{category.ToLowerInvariant()}/page/2/">Next</a></div></nav>
            </main></div>
            <aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul>

            """);
        foreach (var item in items.Take(5))
        {
            html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{item.Link}\">{Escape(item.Title)}</a></li>\n");
        }
        html.Append("</ul></section></aside></div>\n").Append(Appeal(site));
        html.Append(CultureInfo.InvariantCulture, $"""
            <footer id="colophon" class="site-footer"><div class="site-info"><a href="https://wordpress.org/">Proudly powered by WordPress</a>
            <span class="sep"> | </span>Theme by {Escape(outletName)}.</div></footer></div>
            <script src="{site}wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
            </body></html>

            """);
        return html.ToString();
    }

    private static string Card(Uri site, SyntheticItem item, int postId, string category) => string.Create(CultureInfo.InvariantCulture, $"""
        <article id="post-{postId}" class="post-{postId} post type-post status-publish format-standard has-post-thumbnail hentry category-{category.ToLowerInvariant()}">
        <div class="post-thumbnail"><a href="{item.Link}" aria-hidden="true" tabindex="-1"><img width="300" height="169" src="{site}wp-content/uploads/2026/10/post-{postId}-300x169.jpg" class="attachment-medium size-medium wp-post-image" alt="" decoding="async" loading="lazy" /></a></div>
        <header class="entry-header"><h2 class="entry-title"><a href="{item.Link}" rel="bookmark">{Escape(item.Title)}</a></h2>
        <div class="entry-meta"><span class="posted-on">Posted on <a href="{item.Link}" rel="bookmark"><time class="entry-date published" datetime="{item.Published:yyyy-MM-ddTHH:mm:sszzz}">{item.Published:MMMM d, yyyy}</time></a></span>
        <span class="byline"> by <span class="author vcard"><a class="url fn n" href="{site}author/editor/">{Escape(item.Author)}</a></span></span></div></header>
        <div class="entry-summary"><p>{Escape(item.Summary)} [&hellip;]</p></div>
        <footer class="entry-footer"><span class="cat-links">Posted in <a href="{site}category/{category.ToLowerInvariant()}/" rel="category tag">{Escape(category)}</a></span>
        <div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul>
        <li class="share-twitter"><a rel="nofollow noopener noreferrer" class="share-twitter sd-button" href="{item.Link}?share=twitter" target="_blank">Twitter</a></li>
        <li class="share-facebook"><a rel="nofollow noopener noreferrer" class="share-facebook sd-button" href="{item.Link}?share=facebook" target="_blank">Facebook</a></li>
        <li class="share-email"><a rel="nofollow noopener noreferrer" class="share-email sd-button" href="mailto:?subject=%5BShared%20Post%5D&amp;body={item.Link}">Email</a></li></ul></div>
        </footer></article>

        """);

    private static string Appeal(Uri site) => string.Create(CultureInfo.InvariantCulture, $"""
        <div class="fundraising-appeal"><h3>Urgent End Of Year Fundraising Campaign</h3>
        <p>Online donations are back! Keep independent media alive.</p><p><a class="button" href="{site}donate/">Donate</a></p></div>

        """);

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";
}
