using System.Xml.Linq;
using Aggregator.Normalize;
using Xunit;

namespace Aggregator.Tests.Normalize;

public class HtmlSanitizerTests
{
    private static readonly Uri Base = new("https://popularresistance.org/category/coups/");

    private static string S(string html) => HtmlSanitizer.Sanitize(html, Base);

    private static string Fixture() =>
        File.ReadAllText(Path.Combine(TestPaths.TestData("normalize"), "popular-resistance-entry.html"));

    [Fact]
    public void Sanitize_NullOrBlank_IsEmpty()
    {
        Assert.Equal("", HtmlSanitizer.Sanitize(null, Base));
        Assert.Equal("", HtmlSanitizer.Sanitize("  \n ", Base));
    }

    [Fact]
    public void Sanitize_AllowedMarkup_IsKept() =>
        Assert.Equal(
            "<p>The <strong>coup</strong> <em>failed</em>.<br /></p><ul><li>one</li></ul>",
            S("<p>The <strong>coup</strong> <em>failed</em>.<br></p><ul><li>one</li></ul>"));

    [Fact]
    public void Sanitize_UnknownElement_IsUnwrappedKeepingItsText() =>
        Assert.Equal("<p>TeleSUR journalist Marcela Heredia</p>", S("<p><custom-callout>TeleSUR journalist <font color=red>Marcela Heredia</font></custom-callout></p>"));

    /// <summary>Issue 20, end to end: a block the policy does not keep stays a block, or its words run into the next block's.</summary>
    [Fact]
    public void Sanitize_BlockElementNotKept_StaysABlock_SoWordsDoNotRunTogether() =>
        Assert.Equal(
            "<div>Hasina fled to India</div><div><div><h2>Khan</h2></div>languishes in prison</div><div>Read the cable</div>",
            S("<section>Hasina fled to India</section><article><header><h2>Khan</h2></header>languishes in prison</article><aside>Read the cable</aside>"));

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<style>p{display:none}</style>")]
    [InlineData("<iframe src=\"https://evil.example/\">inner</iframe>")]
    [InlineData("<object data=\"x.swf\">inner</object>")]
    [InlineData("<embed src=\"x.swf\">")]
    [InlineData("<form action=\"/x\"><input name=q><button>Go</button><textarea>t</textarea><select><option>o</option></select></form>")]
    [InlineData("<noscript>inner</noscript>")]
    [InlineData("<template>inner</template>")]
    [InlineData("<svg><text>inner</text></svg>")]
    [InlineData("<base href=\"https://evil.example/\"><link rel=stylesheet href=x.css><meta http-equiv=refresh content=\"0;url=https://evil.example/\">")]
    public void Sanitize_DangerousElement_IsRemovedWithItsContent(string html) =>
        Assert.Equal("<div>before after</div>", S($"<div>before {html}after</div>"));

    [Fact]
    public void Sanitize_YouTubeIframe_BecomesALinkToTheVideo() =>
        Assert.Equal(
            "<a href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\" title=\"Hugo Moldiz\" rel=\"noopener noreferrer nofollow\">\u25B6</a>",
            S("<iframe title=\"Hugo Moldiz\" src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0\"></iframe>"));

    [Fact]
    public void Sanitize_VimeoIframe_BecomesALinkToTheVideo() =>
        Assert.Equal(
            "<a href=\"https://vimeo.com/76979871\" title=\"Video\" rel=\"noopener noreferrer nofollow\">\u25B6</a>",
            S("<iframe src=\"//player.vimeo.com/video/76979871?h=8272103f6e\"></iframe>"));

    /// <summary>
    /// Issue 20, end to end: a formula is the article's text. Its MathML markup stays out, its text stays in (it was
    /// dropped whole: the Readability corpus's mathjax page lost 162 words between the extractor and the feed).
    /// </summary>
    [Fact]
    public void Sanitize_MathML_KeepsTheFormulaAsText_WithoutItsMarkupOrTeXSource() =>
        Assert.Equal(
            "<p>The roots are <span>x=−b±b2−4ac2a</span> as usual.</p><div>E=mc2</div>",
            S("<p>The roots are <math><mi>x</mi><mo>=</mo><mfrac><mrow><mo>−</mo><mi>b</mi><mo>±</mo><msqrt><msup><mi>b</mi><mn>2</mn></msup><mo>−</mo><mn>4</mn><mi>a</mi><mi>c</mi></msqrt></mrow><mrow><mn>2</mn><mi>a</mi></mrow></mfrac></math> as usual.</p>"
              + "<math display=\"block\"><mtext><script>alert(1)</script></mtext><semantics><mrow><mi>E</mi><mo>=</mo><mi>m</mi><msup><mi>c</mi><mn>2</mn></msup></mrow><annotation encoding=\"application/x-tex\">E = mc^2</annotation></semantics></math>"));

    /// <summary>Issue 20, end to end: a video embed adds no words to the article (a bare URL was six), and reading it again changes nothing.</summary>
    [Fact]
    public void Sanitize_VideoEmbedWithoutTitle_AddsNoWordsToTheText()
    {
        var html = S("<p>Before the video.</p><iframe src=\"https://www.youtube.com/embed/LtOGa5M8AuU\"></iframe><p>After it.</p>");

        Assert.Equal("Before the video.\nAfter it.", VisibleTextOf(html));
        Assert.Contains("href=\"https://www.youtube.com/watch?v=LtOGa5M8AuU\"", html, StringComparison.Ordinal);
        Assert.Equal(html, S(html));
    }

    private static string VisibleTextOf(string html) =>
        string.Join('\n', Aggregator.Tests.FullText.VisibleText.Of(html).Split('\n').Where(l => l.Any(char.IsLetterOrDigit)));

    [Fact]
    public void Sanitize_RelativeUrls_AreResolvedAgainstTheBase() =>
        Assert.Equal(
            "<a href=\"https://popularresistance.org/venezuela/\" rel=\"noopener noreferrer nofollow\">V</a><img src=\"https://popularresistance.org/category/coups/a.jpg\" />",
            S("<a href=\"/venezuela/\">V</a><img src=\"a.jpg\">"));

    [Fact]
    public void Sanitize_RelativeUrlWithoutBase_IsDropped() =>
        Assert.Equal("V", HtmlSanitizer.Sanitize("<a href=\"/venezuela/\">V</a><img src=\"a.jpg\">", null));

    [Fact]
    public void Sanitize_Mailto_IsKeptOnLinks() =>
        Assert.Equal("<a href=\"mailto:editor@example.org\" rel=\"noopener noreferrer nofollow\">write</a>", S("<a href=\"mailto:editor@example.org\">write</a>"));

    [Fact]
    public void Sanitize_Link_GetsRelAndLosesTarget() =>
        Assert.Equal("<a href=\"https://example.org/\" rel=\"noopener noreferrer nofollow\">x</a>", S("<a href=\"https://example.org/\" target=\"_blank\" rel=\"author\">x</a>"));

    [Fact]
    public void Sanitize_StyleClassIdAndHandlers_AreDropped() =>
        Assert.Equal("<p title=\"t\" lang=\"es\" dir=\"ltr\">x</p>", S("<p style=\"color:red\" class=\"c\" id=\"i\" onclick=\"x()\" onmouseover=\"y()\" title=\"t\" lang=\"es\" dir=\"LTR\">x</p>"));

    [Fact]
    public void Sanitize_Srcset_IsRewrittenWithAbsoluteUrls() =>
        Assert.Equal(
            "<img src=\"https://popularresistance.org/a.jpg\" srcset=\"https://popularresistance.org/a-300.jpg 300w, https://popularresistance.org/a-1024.jpg 1024w\" />",
            S("<img src=\"/a.jpg\" srcset=\"/a-300.jpg 300w,/a-1024.jpg 1024w, javascript:alert(1) 2x\">"));

    [Fact]
    public void Sanitize_SmallDataImage_IsKept() =>
        Assert.Equal("<img src=\"data:image/png;base64,iVBORw0KGgo=\" />", S("<img src=\"data:image/png;base64,iVBORw0K Ggo=\">"));

    [Theory]
    [InlineData("data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=")]
    [InlineData("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==")]
    [InlineData("data:image/png,notbase64<script>")]
    public void Sanitize_OtherDataUri_IsDropped(string src) => Assert.Equal("", S($"<img src=\"{src}\">"));

    [Fact]
    public void Sanitize_DataImageOver64KB_IsDropped() =>
        Assert.Equal("", S("<img src=\"data:image/png;base64," + new string('A', 70_000) + "\">"));

    [Fact]
    public void Sanitize_VideoAndAudio_AlwaysGetControls() =>
        Assert.Equal(
            "<video src=\"https://example.org/v.mp4\" controls=\"controls\"></video><audio controls=\"controls\"><source src=\"https://example.org/a.mp3\" type=\"audio/mpeg\" /></audio>",
            S("<video src=\"https://example.org/v.mp4\" autoplay muted loop></video><audio><source src=\"https://example.org/a.mp3\" type=\"audio/mpeg\"></audio>"));

    [Fact]
    public void Sanitize_TableAttributes_KeepOnlyNumbers() =>
        Assert.Equal("<table><tbody><tr><td colspan=\"2\">a</td><td>b</td></tr></tbody></table>", S("<table><tr><td colspan=\"2\">a</td><td rowspan=\"x\" width=\"expression(alert(1))\">b</td></tr></table>"));

    [Fact]
    public void Sanitize_ForbiddenXmlCharacters_AreDropped() =>
        Assert.Equal("<p>ab\tc d</p>", S("<p>a\u0001b\tc \uFFFEd\u0008</p>"));

    [Fact]
    public void Sanitize_TextWithMarkupCharacters_IsEscaped() =>
        Assert.Equal("<p>1 &lt; 2 &amp; 3 &gt; 2 \"quoted\"</p>", S("<p>1 &lt; 2 &amp; 3 &gt; 2 \"quoted\"</p>"));

    [Fact]
    public void Sanitize_DeeplyNestedInput_DoesNotOverflowTheStack()
    {
        var html = string.Concat(Enumerable.Repeat("<div>", 20_000)) + "deep" + string.Concat(Enumerable.Repeat("</div>", 20_000));
        Assert.Contains("deep", S(html), StringComparison.Ordinal);
    }

    [Fact]
    public void Sanitize_PopularResistanceEntry_KeepsTheStoryAndDropsTheFurniture()
    {
        var html = S(Fixture());

        Assert.Contains("<a href=\"https://popularresistance.org/how-the-bolivian-people-defeated-the-coup/?utm_source=rss&amp;utm_medium=rss\" rel=\"noopener noreferrer nofollow\">How The Bolivian People Defeated The Coup</a>", html, StringComparison.Ordinal);
        Assert.Contains("src=\"https://popularresistance.org/wp-content/uploads/2024/06/la-paz.jpg\"", html, StringComparison.Ordinal);
        Assert.Contains("https://popularresistance.org/wp-content/uploads/2024/06/la-paz-1024x683.jpg 1024w", html, StringComparison.Ordinal);
        Assert.Contains("attempting to stage a coup d’état.", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\"", html, StringComparison.Ordinal);
        Assert.Contains("TeleSUR journalist Marcela Heredia spoke with Hugo Moldiz", html, StringComparison.Ordinal);
        Assert.DoesNotContain("tracker.example", html, StringComparison.Ordinal);
        Assert.DoesNotContain("display: none", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Subscribe", html, StringComparison.Ordinal);
        Assert.DoesNotContain("onerror", html, StringComparison.Ordinal);
        Assert.DoesNotContain("class=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("target=", html, StringComparison.Ordinal);
        // The skip link points inside the page: resolved, it is a harmless absolute link.
        Assert.Contains("https://popularresistance.org/category/coups/#content", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Sanitize_Output_IsWellFormedXml()
    {
        var html = S(Fixture() + "<p>a<b>b<i>c</b>d</i><table><td>x<p>y</table><br><hr><img src=x.png>&nbsp;&copy;\u0001");
        var root = XElement.Parse("<root>" + html + "</root>");
        Assert.NotEmpty(root.Elements());
    }

    [Fact]
    public void Sanitize_PopularResistanceEntry_IsStableWhenSanitizedAgain()
    {
        var once = S(Fixture());
        Assert.Equal(once, S(once));
    }
}
