using Aggregator.FullText;
using Xunit;

namespace Aggregator.Tests.FullText;

/// <summary>
/// One test per precision rule of <see cref="BoilerplateFilter"/>, each on markup of our own: the furniture goes,
/// the story's own paragraphs stay.
/// </summary>
public sealed class BoilerplateFilterTests
{
    private static readonly Uri PageUrl = new("https://news.example.org/world/2024/story.html");

    private static string Paragraphs(int from, int count) => string.Concat(Enumerable.Range(from, count).Select(i =>
        $"<p>Paragraph {i} of the story tells readers what happened, where it happened, and why it matters to them today.</p>"));

    /// <summary>An article of eight paragraphs with <paramref name="top"/> above, <paramref name="middle"/> inside and <paramref name="bottom"/> after.</summary>
    private static string Text(string top = "", string middle = "", string bottom = "")
    {
        var html = $"""
            <html><head><title>Harbour bridge reopens after repairs</title></head><body>
            <nav><a href="/">Home</a> <a href="/world">World</a></nav>
            <article class="story">
            <h1>Harbour bridge reopens after repairs</h1>
            {top}
            {Paragraphs(1, 4)}
            {middle}
            {Paragraphs(5, 4)}
            {bottom}
            </article>
            </body></html>
            """;
        var text = ArticleExtractor.Extract(html, PageUrl).TextContent;
        Assert.Contains("Paragraph 1 of the story", text, StringComparison.Ordinal);
        Assert.Contains("Paragraph 8 of the story", text, StringComparison.Ordinal);
        return text;
    }

    [Fact]
    public void PhotoCaptionAndCredit_AreLeftOut()
    {
        var text = Text(middle: """
            <figure><img src="/bridge.jpg" alt="">
            <figcaption>Workers walk across the deck on Tuesday morning. <span class="photo-credit">Jane Roe/Harbour Photo Agency</span></figcaption>
            </figure>
            <div class="image"><img src="/crane.jpg" alt=""><p class="wp-caption-text">A crane lifts the last beam into place.</p></div>
            <div class="photo"><img src="/night.jpg" alt=""><div class="legend">Night view of the bridge from the east bank.</div></div>
            """);

        Assert.DoesNotContain("Workers walk across the deck", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Harbour Photo Agency", text, StringComparison.Ordinal);
        Assert.DoesNotContain("A crane lifts the last beam", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Night view of the bridge", text, StringComparison.Ordinal);
    }

    [Fact]
    public void CreditAndSourceLines_AreLeftOut()
    {
        var text = Text(middle: """
            <p><img src="/deck.jpg" alt=""></p>
            <p><em>Photo: Jane Roe / Harbour Photo Agency</em></p>
            """, bottom: "<p>Source: Harbour City transport department</p>");

        Assert.DoesNotContain("Jane Roe", text, StringComparison.Ordinal);
        Assert.DoesNotContain("transport department", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Gallery_KeepsItsCaptions_TheyAreItsText()
    {
        var slides = string.Concat(Enumerable.Range(1, 8).Select(i =>
            $"<figure><img src=\"/slide{i}.jpg\" alt=\"\"><figcaption>Slide {i} shows the bridge from another bank of the river, at another hour of the day, with the city behind it.</figcaption></figure>"));
        var html = $"""
            <html><head><title>The bridge in pictures</title></head><body>
            <article class="gallery"><h1>The bridge in pictures</h1>
            <p>Our photographer spent a week along the river, from dawn to dusk, and these are the pictures she brought back.</p>
            {slides}
            </article></body></html>
            """;

        var text = ArticleExtractor.Extract(html, PageUrl).TextContent;

        Assert.Contains("Slide 1 shows the bridge", text, StringComparison.Ordinal);
        Assert.Contains("Slide 8 shows the bridge", text, StringComparison.Ordinal);
    }

    [Fact]
    public void DatelineAndPublishedBlock_AreLeftOut()
    {
        var text = Text(top: """
            <div class="article-info"><p>Published <time datetime="2024-03-05">Tuesday, March 5, 2024</time></p></div>
            <p>Updated 05.03.2024, 19:49</p>
            <p>The Associated Press <span class="dateline-place">Harbour City</span> <time datetime="2024-03-05T08:00">8:00 AM</time></p>
            """);

        Assert.DoesNotContain("Published", text, StringComparison.Ordinal);
        Assert.DoesNotContain("March 5, 2024", text, StringComparison.Ordinal);
        Assert.DoesNotContain("05.03.2024", text, StringComparison.Ordinal);
        Assert.DoesNotContain("The Associated Press", text, StringComparison.Ordinal);
    }

    [Fact]
    public void DateInsideASentence_Stays()
    {
        var text = Text(middle: "<p>The council voted on <time datetime=\"2024-03-01\">March 1, 2024</time> to pay for the repairs, after a long debate about the cost to the city.</p>");

        Assert.Contains("The council voted on March 1, 2024 to pay for the repairs", text, StringComparison.Ordinal);
    }

    [Fact]
    public void HeadedListOfOtherStories_IsLeftOut_WithItsHeading()
    {
        var text = Text(middle: """
            <h3>More on this story</h3>
            <div><p><a href="/a">Ferry timetable changes while the bridge is shut</a></p><p><a href="/b">How the repairs were paid for</a></p></div>
            """);

        Assert.DoesNotContain("More on this story", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ferry timetable changes", text, StringComparison.Ordinal);
    }

    [Fact]
    public void HeadedShortListOfOtherStories_IsLeftOut_WithItsHeading()
    {
        var text = Text(middle: """
            <h4>You may also like</h4>
            <ul><li><a href="/g">Ten years of the harbour festival</a></li><li><a href="/h">A walk along the old docks</a></li></ul>
            """);

        Assert.DoesNotContain("You may also like", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ten years of the harbour festival", text, StringComparison.Ordinal);
    }

    [Fact]
    public void SectionHeadingOverAMainArticleLine_Stays()
    {
        var text = Text(middle: """
            <h2>History of the crossing</h2>
            <div><a href="/ferry">Harbour ferry</a> and <a href="/tunnel">harbour tunnel</a></div>
            <p>Before the bridge was built, a ferry carried carts and later cars across the water, several times an hour.</p>
            """);

        Assert.Contains("History of the crossing", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAlsoLine_IsLeftOut()
    {
        var text = Text(middle: "<p><strong>Read also:</strong> <a href=\"/c\">The long history of the harbour bridge and its many closures</a></p>");

        Assert.DoesNotContain("Read also", text, StringComparison.Ordinal);
        Assert.DoesNotContain("The long history of the harbour bridge", text, StringComparison.Ordinal);
    }

    [Fact]
    public void LinksAfterTheLastParagraph_AreLeftOut_ALinkInProseStays()
    {
        var text = Text(
            middle: "<p>The engineers published <a href=\"/report\">their full report</a> on the city's website, with every measurement they took during the works.</p>",
            bottom: "<p><a href=\"/d\">Traffic news for the week</a> · <a href=\"/e\">Weather warning for the coast</a> · <a href=\"/f\">Local elections results</a></p>");

        Assert.Contains("The engineers published their full report", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Traffic news for the week", text, StringComparison.Ordinal);
    }

    [Fact]
    public void SubscriptionBoxAndShareBar_AreLeftOut()
    {
        var text = Text(
            middle: "<div class=\"subscribe-box\"><p>Get the morning briefing in your inbox, every weekday, free of charge.</p></div>",
            bottom: "<div class=\"sharing-bar\"><p>Share this story with your friends and family</p></div>");

        Assert.DoesNotContain("morning briefing", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Share this story", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AuthorBioAndCommentForm_AreLeftOut()
    {
        var text = Text(bottom: """
            <div class="author-bio"><p>Sam Doe has covered transport and city hall for the paper since 2015, and before that reported on courts for a regional weekly.</p></div>
            <div id="respond"><h3>Leave a reply</h3><p>Your email address will not be published, and required fields are marked.</p></div>
            """);

        Assert.DoesNotContain("Sam Doe has covered transport", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Your email address will not be published", text, StringComparison.Ordinal);
    }

    [Fact]
    public void EmbedLeftAsABareUrl_IsLeftOut_ALinkedUrlStays()
    {
        var text = Text(middle: """
            <p>https://video.example.net/watch?v=bridge-reopening</p>
            <p><a href="https://city.example.org/bridge">https://city.example.org/bridge</a></p>
            """);

        Assert.DoesNotContain("video.example.net", text, StringComparison.Ordinal);
        Assert.Contains("https://city.example.org/bridge", text, StringComparison.Ordinal);
    }

    [Fact]
    public void NamesThatOnlyLookLikeFurniture_KeepTheirText()
    {
        // A section id made from its heading, a "no caption" flag and a WordPress tag class are not roles.
        var text = Text(middle: """
            <section id="sharing-the-cost-of-the-works"><h2>Sharing the cost of the works</h2><p>The state pays two thirds of the bill, the city the rest, and the port authority a small share.</p></section>
            <div class="item no_caption"><p>Drivers had used a ferry and a long detour for eleven months while the deck was replaced.</p></div>
            <div class="tag-bridges"><p>Cyclists get a wider lane, separated from cars by a low concrete barrier.</p></div>
            """);

        Assert.Contains("The state pays two thirds of the bill", text, StringComparison.Ordinal);
        Assert.Contains("Drivers had used a ferry", text, StringComparison.Ordinal);
        Assert.Contains("Cyclists get a wider lane", text, StringComparison.Ordinal);
    }

    [Fact]
    public void FurnitureNamedInOneWordOrInAnotherLanguage_IsLeftOut()
    {
        // Names run together ("relatedposts", "entryfooter") and comment sections named in German.
        var text = Text(
            middle: "<div class=\"relatedposts\"><p>Ferry timetables for the winter season are now online for all routes.</p></div>",
            bottom: """
            <div class="entryfooter"><p>Filed under transport, city hall and the harbour district of the old town.</p></div>
            <section id="kommentare"><p>Endlich wieder offen, schreibt ein Leser aus der Altstadt am Abend.</p></section>
            """);

        Assert.DoesNotContain("Ferry timetables", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Filed under transport", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Endlich wieder offen", text, StringComparison.Ordinal);
    }

    [Fact]
    public void LeadParagraphNamedTeaser_Stays()
    {
        // German CMSs call the article's lead a "teaser": it is text, not a teaser for another story.
        var text = Text(top: "<div class=\"teaser-text\"><p>Nach elf Monaten Bauzeit ist die Hafenbrücke seit heute früh wieder für alle offen.</p></div>");

        Assert.Contains("Nach elf Monaten Bauzeit", text, StringComparison.Ordinal);
    }

    [Fact]
    public void CallsToFollowOrSubscribeAfterTheStory_AreLeftOut_TheSameWordsInsideItStay()
    {
        var text = Text(
            middle: "<p>Residents who subscribe to the city's alerts were told about the reopening a day before everyone else.</p>",
            bottom: """
            <p>Follow The Harbour Gazette on Twitter and Instagram for the latest news.</p>
            <p>Subscribe now to our e-paper edition for the full story.</p>
            """);

        Assert.Contains("Residents who subscribe to the city's alerts", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Follow The Harbour Gazette", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Subscribe now to our e-paper", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Tally_CountsTheWordsEachKindRemoved()
    {
        var tally = new BoilerplateTally();
        var html = $"""
            <html><head><title>Harbour bridge reopens after repairs</title></head><body><article>
            <h1>Harbour bridge reopens after repairs</h1>
            {Paragraphs(1, 4)}
            <figure><img src="/a.jpg" alt=""><figcaption>Workers on the deck at dawn.</figcaption></figure>
            {Paragraphs(5, 4)}
            <p>Follow us on Twitter for more.</p>
            </article></body></html>
            """;

        var text = ArticleExtractor.Extract(html, PageUrl, tally).TextContent;

        Assert.Contains("Paragraph 8 of the story", text, StringComparison.Ordinal);
        Assert.Equal(6, tally.Words[BoilerplateKind.Captions]);
        Assert.Equal(6, tally.Words[BoilerplateKind.CallToAction]);
    }

    [Fact]
    public void AdvertisementLabelsAndLabelledAds_AreLeftOut()
    {
        var text = Text(middle: """
            <p>Advertisement</p>
            <p>- Anzeige -</p>
            <p>ANZEIGE – Heute mal ausgehen? Der Hafenimbiss liefert bis Mitternacht.</p>
            """);

        Assert.DoesNotContain("Advertisement", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Anzeige", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Hafenimbiss", text, StringComparison.Ordinal);
    }

    [Fact]
    public void SectionUnderARelatedHeadingAfterTheStory_IsLeftOut_TheSameHeadingNearTheTopStays()
    {
        var text = Text(
            top: "<h2>See also</h2><p>The old bridge, built in 1932, had been closed twice before for repairs of its cables.</p>",
            bottom: """
            <h3>About the author</h3>
            <p>Sam Doe has covered transport and city hall for the paper since 2015, after years at a regional weekly.</p>
            <p>She lives by the harbour and cycles over the bridge every morning.</p>
            """);

        Assert.Contains("The old bridge, built in 1932", text, StringComparison.Ordinal);
        Assert.DoesNotContain("About the author", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Sam Doe has covered transport", text, StringComparison.Ordinal);
        Assert.DoesNotContain("cycles over the bridge", text, StringComparison.Ordinal);
    }

    [Fact]
    public void SectionUnderARelatedLineInPlainParagraphMarkup_IsLeftOut_ProseNamingItStays()
    {
        // The opener set as an ordinary paragraph, not a heading or a bold line: the words say what the markup does not.
        var text = Text(
            middle: "<p>Read more about the talks in our earlier report, the mayor said, before the bridge reopened.</p>",
            bottom: """
            <p>Related articles</p>
            <p>Probing US regime change in Pakistan and Bangladesh: two former leaders say they were toppled by covert operations.</p>
            <p>Venezuela: it was a US-led coup all along, despite an internationally coordinated media campaign.</p>
            """);

        Assert.Contains("Read more about the talks in our earlier report", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Related articles", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Probing US regime change", text, StringComparison.Ordinal);
        Assert.DoesNotContain("it was a US-led coup all along", text, StringComparison.Ordinal);
    }

    [Fact]
    public void BylineAndWireServiceLines_AreLeftOut_ASentenceStartingWithByStays()
    {
        var text = Text(
            top: "<p>By Jane Roe and John Doe</p><p>The Associated Press</p>",
            middle: "<p>By the end of the week the last barriers were gone.</p>");

        Assert.DoesNotContain("Jane Roe", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Associated Press", text, StringComparison.Ordinal);
        Assert.Contains("By the end of the week the last barriers were gone.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void DatelineWithoutDigits_IsLeftOut_ASentenceAboutPublishingStays()
    {
        var text = Text(
            top: "<p>Published Monday</p><p>Updated 2 hours ago</p>",
            middle: "<p>Published on Monday, the engineers' report found no fault in the new cables or the deck.</p>");

        Assert.DoesNotContain("Published Monday", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Updated 2 hours ago", text, StringComparison.Ordinal);
        Assert.Contains("Published on Monday, the engineers' report found no fault", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ParagraphEndingInAPictureCredit_IsACaption_ProseAboutAPhotoStays()
    {
        var text = Text(middle: """
            <p><img src="/deck.jpg" alt=""></p>
            <p>The mayor cuts the ribbon on the reopened deck on Tuesday. (AP Photo/Jane Roe)</p>
            <p>Cyclists wait at the east ramp for the barriers to lift. Photograph: John Doe/Harbour Agency</p>
            <p><small>The bridge at night, seen from the old ferry pier. (Foto: Getty)</small></p>
            <p>The photo by the river became famous, the council said, and was printed on the tickets.</p>
            """);

        Assert.DoesNotContain("cuts the ribbon", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Cyclists wait at the east ramp", text, StringComparison.Ordinal);
        Assert.DoesNotContain("old ferry pier", text, StringComparison.Ordinal);
        Assert.Contains("The photo by the river became famous", text, StringComparison.Ordinal);
    }

    [Fact]
    public void LicenceAndDisclaimerNotesAtTheEnd_AreLeftOut_TheSameWordsInTheStoryStay()
    {
        var text = Text(
            middle: "<p>The council said the copyright on the old bridge drawings had expired, so any reprint of the plans was now free.</p>",
            bottom: """
                <p><em>This article is the copyrighted property of Harbour News. Written permission must be obtained before reprint.</em></p>
                <p>Dieser Beitrag gibt die Meinung des Autors wieder, nicht notwendigerweise die der Redaktion.</p>
                """);

        Assert.Contains("the copyright on the old bridge drawings had expired", text, StringComparison.Ordinal);
        Assert.DoesNotContain("copyrighted property", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Meinung des Autors", text, StringComparison.Ordinal);
    }

    [Fact]
    public void HeadingWithNothingAfterIt_AndCallsToComment_AreLeftOut()
    {
        var text = Text(bottom: """
            <h3>Want to ride across the bridge with us?</h3>
            <p>You must be logged in to post a comment.</p>
            """);

        Assert.DoesNotContain("Want to ride across", text, StringComparison.Ordinal);
        Assert.DoesNotContain("logged in", text, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadMoreLabel_IsLeftOut()
    {
        var text = Text(middle: "<p><span>Load more</span> …</p>");

        Assert.DoesNotContain("Load more", text, StringComparison.Ordinal);
    }

    [Fact]
    public void SocialPostAddressAloneInItsBlock_IsAnEmbed_ALinkedReportAddressStays()
    {
        var text = Text(middle: """
            <p><a href="https://www.youtube.com/watch?v=bridge01">https://www.youtube.com/watch?v=bridge01</a></p>
            <div class="video-embed"><p>Watch the whole opening ceremony in our player</p></div>
            <p><a href="https://council.example.org/bridge-report.pdf">https://council.example.org/bridge-report.pdf</a></p>
            """);

        Assert.DoesNotContain("youtube.com", text, StringComparison.Ordinal);
        Assert.DoesNotContain("opening ceremony in our player", text, StringComparison.Ordinal);
        Assert.Contains("council.example.org/bridge-report.pdf", text, StringComparison.Ordinal);
    }

    [Fact]
    public void NewsletterSignUpLine_IsLeftOutAnywhere_AStoryAboutANewsletterStays()
    {
        var text = Text(middle: """
            <p>Never miss the latest harbour news by signing up to our newsletter today!</p>
            <p>The bridge authority's newsletter, printed since 1980, told residents about the repairs every month.</p>
            """);

        Assert.DoesNotContain("Never miss the latest harbour news", text, StringComparison.Ordinal);
        Assert.Contains("The bridge authority's newsletter, printed since 1980", text, StringComparison.Ordinal);
    }
}
