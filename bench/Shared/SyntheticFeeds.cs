using System.Globalization;
using System.Security;
using System.Text;

namespace Aggregator.Bench.Shared;

/// <summary>RSS 2.0 and Atom 1.0 documents shaped like WordPress's feeds (content:encoded in CDATA, dc:creator, slash:comments).</summary>
public static class SyntheticFeeds
{
    /// <param name="fullContent">false: an excerpt-only feed (description, no content:encoded), as many sites publish.</param>
    public static string Rss(string title, Uri site, IEnumerable<SyntheticItem> items, bool fullContent = true)
    {
        var xml = new StringBuilder();
        xml.Append(CultureInfo.InvariantCulture, $"""
            <?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
            	xmlns:content="http://purl.org/rss/1.0/modules/content/"
            	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
            	xmlns:dc="http://purl.org/dc/elements/1.1/"
            	xmlns:atom="http://www.w3.org/2005/Atom"
            	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
            	xmlns:slash="http://purl.org/rss/1.0/modules/slash/">
            <channel>
            	<title>{Escape(title)}</title>
            	<atom:link href="{site}feed/" rel="self" type="application/rss+xml" />
            	<link>{site}</link>
            	<description>News and analysis</description>
            	<lastBuildDate>{SyntheticContent.Epoch:R}</lastBuildDate>
            	<language>en-US</language>
            	<sy:updatePeriod>hourly</sy:updatePeriod>
            	<sy:updateFrequency>1</sy:updateFrequency>
            	<generator>https://wordpress.org/?v=6.7</generator>

            """);
        foreach (var item in items)
        {
            xml.Append(CultureInfo.InvariantCulture, $"""
                	<item>
                		<title>{Escape(item.Title)}</title>
                		<link>{item.Link}</link>
                		<dc:creator><![CDATA[{item.Author}]]></dc:creator>
                		<pubDate>{item.Published:R}</pubDate>

                """);
            foreach (var category in item.Categories)
            {
                xml.Append(CultureInfo.InvariantCulture, $"\t\t<category><![CDATA[{category}]]></category>\n");
            }
            xml.Append(CultureInfo.InvariantCulture, $"\t\t<guid isPermaLink=\"false\">{Escape(item.SourceId)}</guid>\n");
            xml.Append(CultureInfo.InvariantCulture, $"\t\t<description><![CDATA[{item.Summary} [&#8230;]]]></description>\n");
            if (fullContent)
            {
                xml.Append(CultureInfo.InvariantCulture, $"\t\t<content:encoded><![CDATA[{item.ContentHtml}]]></content:encoded>\n");
            }
            xml.Append("\t\t<slash:comments>0</slash:comments>\n\t</item>\n");
        }
        return xml.Append("</channel>\n</rss>\n").ToString();
    }

    public static string Atom(string title, Uri site, IEnumerable<SyntheticItem> items, bool fullContent = true)
    {
        var xml = new StringBuilder();
        xml.Append(CultureInfo.InvariantCulture, $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-US" xml:base="{site}wp-atom.php">
            	<title type="text">{Escape(title)}</title>
            	<subtitle type="text">News and analysis</subtitle>
            	<updated>{SyntheticContent.Epoch:yyyy-MM-ddTHH:mm:ssZ}</updated>
            	<link rel="alternate" type="text/html" href="{site}" />
            	<id>{site}feed/atom/</id>
            	<link rel="self" type="application/atom+xml" href="{site}feed/atom/" />
            	<generator uri="https://wordpress.org/" version="6.7">WordPress</generator>

            """);
        foreach (var item in items)
        {
            xml.Append(CultureInfo.InvariantCulture, $"""
                	<entry>
                		<author><name>{Escape(item.Author)}</name></author>
                		<title type="html"><![CDATA[{item.Title}]]></title>
                		<link rel="alternate" type="text/html" href="{item.Link}" />
                		<id>{Escape(item.SourceId)}</id>
                		<updated>{item.Published:yyyy-MM-ddTHH:mm:ssZ}</updated>
                		<published>{item.Published:yyyy-MM-ddTHH:mm:ssZ}</published>

                """);
            foreach (var category in item.Categories)
            {
                xml.Append(CultureInfo.InvariantCulture, $"\t\t<category scheme=\"{site}\" term=\"{Escape(category)}\" />\n");
            }
            xml.Append(CultureInfo.InvariantCulture, $"\t\t<summary type=\"html\"><![CDATA[{item.Summary} [&#8230;]]]></summary>\n");
            if (fullContent)
            {
                xml.Append(CultureInfo.InvariantCulture, $"\t\t<content type=\"html\" xml:base=\"{item.Link}\"><![CDATA[{item.ContentHtml}]]></content>\n");
            }
            xml.Append("\t</entry>\n");
        }
        return xml.Append("</feed>\n").ToString();
    }

    /// <summary>Items number <paramref name="newest"/> down, newest first as feeds list them.</summary>
    public static IEnumerable<SyntheticItem> Newest(SyntheticContent content, Uri site, int outletIndex, int newest, int count, int sentences) =>
        Enumerable.Range(0, count).Select(i => content.Item(site, outletIndex, newest - i, sentences));

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";
}
