namespace Aggregator.Parse.Xml;

/// <summary>Namespace URIs the readers know, and the prefixes feeds use for them without declaring.</summary>
public static class Ns
{
    public const string Atom10 = "http://www.w3.org/2005/Atom";
    public const string Atom03 = "http://purl.org/atom/ns#";
    public const string Rss10 = "http://purl.org/rss/1.0/";
    public const string Rss090 = "http://my.netscape.com/rdf/simple/0.9/";
    /// <summary>The other address Netscape's RSS 0.90 documents gave their namespace.</summary>
    public const string Rss090Channel = "http://channel.netscape.com/rdf/simple/0.9/";
    /// <summary>The RSS 0.91 module of RSS 1.0, whose elements feedparser reads as RSS's own.</summary>
    public const string Rss091Module = "http://purl.org/rss/1.0/modules/rss091#";
    /// <summary>Userland's RSS namespaces: ".../rss", ".../rss2", ".../rss2.1".</summary>
    public const string UserlandRssPrefix = "http://backend.userland.com/rss";
    public const string Rss20Harvard = "http://blogs.law.harvard.edu/tech/rss";
    public const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public const string Dc = "http://purl.org/dc/elements/1.1/";
    public const string DcTerms = "http://purl.org/dc/terms/";
    public const string Content = "http://purl.org/rss/1.0/modules/content/";
    public const string Media = "http://search.yahoo.com/mrss/";
    public const string ITunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    public const string GooglePlay = "http://www.google.com/schemas/play-podcasts/1.0";
    public const string Slash = "http://purl.org/rss/1.0/modules/slash/";
    public const string Wfw = "http://wellformedweb.org/CommentAPI/";
    public const string Feedburner = "http://rssnamespace.org/feedburner/ext/1.0";
    public const string Xml = "http://www.w3.org/XML/1998/namespace";
    public const string Xhtml = "http://www.w3.org/1999/xhtml";
    public const string Sy = "http://purl.org/rss/1.0/modules/syndication/";

    /// <summary>The namespace an undeclared prefix most likely meant (feeds drop xmlns:dc and friends).</summary>
    public static string ForUndeclaredPrefix(string prefix) => prefix switch
    {
        "xml" => Xml,
        "atom" or "atom10" => Atom10,
        "rdf" => Rdf,
        "dc" => Dc,
        "dcterms" => DcTerms,
        "content" => Content,
        "media" => Media,
        "itunes" => ITunes,
        "googleplay" => GooglePlay,
        "slash" => Slash,
        "wfw" => Wfw,
        "feedburner" => Feedburner,
        "sy" => Sy,
        "xhtml" => Xhtml,
        _ => "urn:undeclared:" + prefix,
    };

    /// <summary>Folds spellings of one namespace that feeds use interchangeably (case, trailing slash, https).</summary>
    public static string Canonical(string uri) => uri.ToLowerInvariant() switch
    {
        "http://www.itunes.com/dtds/podcast-1.0.dtd" or "https://www.itunes.com/dtds/podcast-1.0.dtd" => ITunes,
        "http://search.yahoo.com/mrss" or "https://search.yahoo.com/mrss/" or "http://tools.search.yahoo.com/mrss/" => Media,
        "http://purl.org/dc/elements/1.1" => Dc,
        "http://purl.org/dc/terms" => DcTerms,
        "http://purl.org/rss/1.0/modules/content" => Content,
        "http://www.w3.org/2005/atom/" or "https://www.w3.org/2005/atom" => Atom10,
        _ => uri,
    };

    /// <summary>True for namespaces of extension modules, which never hold a format's core elements.</summary>
    public static bool IsExtension(string uri) => uri is Atom10 or Atom03 or Rdf or Dc or DcTerms or Content or Media
        or ITunes or GooglePlay or Slash or Wfw or Feedburner or Xml or Xhtml or Sy
        || uri.StartsWith("urn:undeclared:", StringComparison.Ordinal);
}
