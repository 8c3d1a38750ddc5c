using System.Text;
using System.Xml.Linq;
using Aggregator.Normalize;
using Aggregator.Parse;

namespace Aggregator.Tests.Normalize;

/// <summary>
/// An entry's summary can carry 200,000 nested elements in a few MB; AngleSharp's tree builder is
/// quadratic in depth (that many divs did not finish in 300 s), so the sanitizer flattens first.
/// </summary>
public sealed class DeepNestingTests
{
    /// <summary>A hang bound, not a speed requirement: the flattened parse takes well under a second.</summary>
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(20);

    private static readonly Uri Base = new("https://example.org/");

    public static TheoryData<string, string, int> Shapes => new()
    {
        { "<div>", "</div>", 200_000 },
        { "<b>", "", 200_000 },
        { "<span>", "</span>", 200_000 },
        { "<table><tr><td>", "</td></tr></table>", 70_000 },
        { "<div><b><span><blockquote>", "", 50_000 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Sanitize_HostileNesting_FinishesAndKeepsTheText(string open, string close, int levels)
    {
        var html = new StringBuilder().Insert(0, open, levels).Append("inner words of the story")
            .Insert(0, "<p>before</p>").Append(new StringBuilder().Insert(0, close, levels)).Append("<p>after</p>").ToString();

        var sanitized = await Task.Run(() => HtmlSanitizer.Sanitize(html, Base)).WaitAsync(HangBound);

        Assert.Contains("inner words of the story", sanitized, StringComparison.Ordinal);
        Assert.Contains("before", sanitized, StringComparison.Ordinal);
        Assert.Contains("after", sanitized, StringComparison.Ordinal);
        // Still one well-formed fragment, as every sanitized fragment is.
        XElement.Parse("<root>" + sanitized + "</root>");
    }

    [Fact]
    public void Sanitize_DeepButOrdinaryNesting_IsLeftWhole()
    {
        var html = new StringBuilder().Insert(0, "<blockquote>", 300).Append("quoted").Insert(0, "x").Append(new StringBuilder().Insert(0, "</blockquote>", 300)).ToString();

        var sanitized = HtmlSanitizer.Sanitize(html, Base);

        Assert.Equal(300, CountOf(sanitized, "<blockquote>"));
        Assert.Equal(300, CountOf(sanitized, "</blockquote>"));
    }

    [Fact]
    public void NestingGuard_FlattensPastTheLimit_AndDropsTheMatchingEndTags()
    {
        var html = new StringBuilder().Insert(0, "<div>", 600).Append("deep").Append(new StringBuilder().Insert(0, "</div>", 600)).Append("tail").ToString();

        var clamped = NestingGuard.Clamp(html, out var truncated);

        Assert.True(truncated);
        Assert.Equal(NestingGuard.MaxDepth, CountOf(clamped, "<div>"));
        Assert.Equal(NestingGuard.MaxDepth, CountOf(clamped, "</div>"));
        Assert.EndsWith("deep" + new StringBuilder().Insert(0, "</div>", NestingGuard.MaxDepth) + "tail", clamped, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    [Theory]
    [InlineData("<svg>")]
    [InlineData("<button>")]
    [InlineData("<template>")]
    public async Task ToPlainText_ThousandsOfUnclosedInvisibleElements_FinishesAndKeepsTheText(string open)
    {
        var html = "<p>before</p>" + new StringBuilder().Insert(0, open + "x ", 100_000) + "<p>after</p>";

        var text = await Task.Run(() => Aggregator.Parse.HtmlText.ToPlainText(html, Aggregator.Parse.TextLayout.Blocks)).WaitAsync(HangBound);

        Assert.Contains("before", text, StringComparison.Ordinal);
        Assert.Contains("after", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DedupTagStripper_HalfATagRepeated_WithNoClosingBracket_Finishes()
    {
        var html = "before " + new StringBuilder().Insert(0, "<a", 500_000);

        var text = await Task.Run(() => Aggregator.Normalize.TagStripper.ToPlainText(html)).WaitAsync(HangBound);

        Assert.StartsWith("before <a<a", text, StringComparison.Ordinal);
    }
}
