namespace Aggregator.FullText;

/// <summary>The kinds of page furniture the precision pass removes: the rows of the report's "what each rule buys" table.</summary>
internal static class BoilerplateKind
{
    public const string Captions = "photo captions and credits (markup)";
    public const string Byline = "bylines and author boxes";
    public const string DateAndMeta = "date blocks and post meta";
    public const string TagsAndRatings = "tag lists and ratings";
    public const string Share = "share bars and social links";
    public const string Related = "related stories and teasers";
    public const string LoneHeadlineLink = "a headline link alone between two paragraphs of prose";
    public const string Newsletter = "newsletter and subscription boxes";
    public const string Comments = "comment sections";
    public const string Ads = "ads and promos";
    public const string Furniture = "footers, sidebars, print and cookie notes, embeds";
    public const string DateLine = "date lines (text)";
    public const string CreditLine = "credit and source lines (text)";
    public const string BareUrl = "embeds left as bare URLs";
    public const string LabelledLink = "\"Read also:\" link lines";
    public const string HeadedLinkList = "link lists under a heading";
    public const string CallToAction = "calls to subscribe, follow or share at the end (text)";
    public const string AdLabel = "\"Advertisement\", \"Read more\" labels (text)";
    public const string ClosingSection = "sections after a \"Related\", \"About the author\" heading";
    public const string BylineLine = "bylines and wire-service lines (text)";
    public const string DatelineRow = "byline, date and agency rows between separators (text)";
    public const string TrailingLinks = "link blocks after the last paragraph";
    public const string CaptionCredit = "captions ending in a picture credit (text)";
    public const string NewsletterLine = "newsletter sign-up lines (text)";
    public const string SiteNotice = "licence, copyright and disclaimer notes at the end (text)";
    public const string SupportCall = "calls to donate, become a member or watch the outlet's channel at the end (text)";
    public const string PageTool = "print, permalink and send labels at the end (text)";
    public const string Disclosure = "sponsorship, affiliate and picture-copyright notes at the end (text)";
    public const string PointerLine = "\"… here\" pointer lines at the end (text)";
    public const string AuthorNote = "author's note in italics at the end (text)";
    public const string Teaser = "teasers ending in \"read more\" at the end";
    public const string RelatedBox = "boxes opened by a \"Related\", \"Mehr zu\" heading, anywhere";
    public const string MediaLabel = "\"Photo\", \"Video\" labels and player controls (text)";
    public const string RepeatedText = "pull quotes and other text the article repeats";
    public const string NameLine = "a name alone under the last paragraph (signature)";
    public const string OutletFurniture = "blocks the outlet repeats on at least two of its other pages";
    public const string DanglingLabel = "a label ending in a colon with nothing after it, at the end";
    public const string LinkRegion = "short lines above or below the story that the page sets among links";
}
