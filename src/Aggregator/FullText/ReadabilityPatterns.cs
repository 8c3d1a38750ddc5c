using System.Text.RegularExpressions;

namespace Aggregator.FullText;

/// <summary>
/// The class/id and text heuristics of Mozilla Readability (Apache-2.0), kept together so the scoring
/// code reads like the algorithm it follows. Our own port onto AngleSharp rather than SmartReader 0.11.1
/// (the .NET port, served here): see <see cref="ArticleExtractor"/> for the measured reasons.
/// </summary>
internal static partial class ReadabilityPatterns
{
    [GeneratedRegex(@"-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|newsletter|promo|donat|fundrais", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex UnlikelyCandidates();

    [GeneratedRegex("and|article|body|column|content|main|mathjax|shadow", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex MaybeCandidate();

    [GeneratedRegex("article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex Positive();

    [GeneratedRegex("-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex Negative();

    /// <summary>
    /// Negative names of boxes whose furniture is itself prose (comments, author bios, ads and teasers, a footer's
    /// about-us): for these the name, not the shape of the text, has to decide.
    /// </summary>
    [GeneratedRegex("comment|com-|disqus|shoutbox|footer|sidebar|sponsor|promo|outbrain|related|contact|shopping|bio|author", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex ProseFurniture();

    [GeneratedRegex("byline|author|dateline|writtenby|p-author", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex Byline();

    [GeneratedRegex(@"//(www\.)?((dailymotion|youtube|youtube-nocookie|player\.vimeo|v\.qq)\.com|(archive|upload\.wikimedia)\.org|player\.twitch\.tv)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex Videos();

    [GeneratedRegex(@"(\b|_)(share|sharedaddy)(\b|_)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex ShareElements();

    [GeneratedRegex(@"^(ad(vertising|vertisement)?|pub(licité)?|werb(ung)?|广告|Реклама|Anuncio)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex AdWords();

    [GeneratedRegex(@"^((loading|正在加载|Загрузка|chargement|cargando)(…|\.\.\.)?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex LoadingWords();

    [GeneratedRegex(@"\s{2,}")]
    public static partial Regex Normalize();

    [GeneratedRegex(@"\.( |$)")]
    public static partial Regex SentenceEnd();

    [GeneratedRegex(@"[,\u060C\uFE50\uFE10\uFE11\u2E41\u2E34\u2E32\uFF0C]")]
    public static partial Regex Commas();

    [GeneratedRegex(@"display\s*:\s*none", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex DisplayNone();

    [GeneratedRegex(@"visibility\s*:\s*hidden", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex VisibilityHidden();

    [GeneratedRegex(@"\.(jpg|jpeg|png|webp|gif|avif)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex ImageExtension();

    [GeneratedRegex(@"\.(jpg|jpeg|png|webp|gif|avif)\s+\d", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex SrcsetWithWidth();

    [GeneratedRegex(@"^\s*\S+\.(jpg|jpeg|png|webp|gif|avif)\S*\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex SingleImageUrl();

    [GeneratedRegex(@"^data:\s*([^\s;,]+)\s*;\s*base64\s*,", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex Base64DataUrl();

    [GeneratedRegex(@"\W+")]
    public static partial Regex NonWord();
}
