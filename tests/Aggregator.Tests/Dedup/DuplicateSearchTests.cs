using Aggregator.Dedup;
using Aggregator.Model;

namespace Aggregator.Tests.Dedup;

public sealed class DuplicateSearchTests
{
    [Fact]
    public void FirstDuplicate_IndexThenPolicy_PicksTheEarliestConfirmedCopy()
    {
        // The flow the store follows: signatures in the index, candidates proposed, texts confirmed.
        string[] ids = ["bolivia-a", "bolivia-b", "bolivia-c", "niger-a"];
        var stored = ids.Select((id, i) => new KeyValuePair<long, ArticleText>(i + 1, ArticleTexts.Full(id))).ToList();
        stored.Add(new(10, ArticleTexts.Full("bolivia-b") with { Title = ArticleTexts.Title("bolivia-b").ToUpperInvariant() }));
        using var index = new NearDuplicateIndex();
        index.Load(stored.Select(s => new KeyValuePair<long, NearDuplicateSignature>(s.Key, NearDuplicateSignature.Compute(s.Value.Title, s.Value.Body))));

        var teaser = new ArticleText(ArticleTexts.Title("bolivia-b"), "<p>" + ArticleTexts.Paragraphs("bolivia-b")[0] + " [&#8230;]</p>");
        IReadOnlyList<long> proposed = index.Candidates(NearDuplicateSignature.Compute(teaser.Title, teaser.Body));
        Assert.Equal([2L, 10L], proposed.Order());

        DuplicateMatch? match = DuplicateSearch.FirstDuplicate(teaser, stored.Where(s => proposed.Contains(s.Key)), DuplicatePolicy.Default);
        Assert.NotNull(match);
        Assert.Equal(2, match.Key);
        Assert.Equal(DuplicateLevel.NearText, match.Verdict.Level);
    }

    [Fact]
    public void FirstDuplicate_OnlyOtherReports_IsNull()
    {
        var others = new[] { "bolivia-a", "bolivia-c" }.Select((id, i) => new KeyValuePair<long, ArticleText>(i, ArticleTexts.Full(id)));
        Assert.Null(DuplicateSearch.FirstDuplicate(ArticleTexts.Full("bolivia-b"), others, DuplicatePolicy.Default));
    }

    [Fact]
    public void From_Article_PrefersContentOverSummary()
    {
        var article = new Article
        {
            Id = "x", OutletId = "o", CanonicalUrl = "https://example.org/a", Link = new Uri("https://example.org/a"),
            Title = "T", Summary = "<p>teaser</p>", Content = "<p>full text</p>", FirstSeen = DateTimeOffset.UnixEpoch, ClusterId = "x",
        };
        Assert.Equal(new ArticleText("T", "<p>full text</p>"), ArticleText.From(article));
        Assert.Equal(new ArticleText("T", "<p>teaser</p>"), ArticleText.From(article with { Content = null }));
        Assert.Equal(new ArticleText("", "s"), ArticleText.From(new FeedEntry { Summary = "s" }));
    }
}
