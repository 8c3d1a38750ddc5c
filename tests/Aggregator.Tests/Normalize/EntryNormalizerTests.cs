using Aggregator.Model;
using Aggregator.Normalize;

namespace Aggregator.Tests.Normalize;

public sealed class EntryNormalizerTests
{
    private static readonly DateTimeOffset FetchedAt = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly Uri FeedPage = new("https://popularresistance.org/category/coups/");

    private static ArticleCandidate? Normalize(FeedEntry entry) => EntryNormalizer.Normalize(entry, "pr", FeedPage, FetchedAt);

    [Fact]
    public void Normalize_TrackingParameters_AreNotPartOfTheIdentity()
    {
        var candidate = Normalize(new FeedEntry { Title = "t", Link = new Uri("https://Example.org:443/a/?utm_source=rss&id=7#comments") })!;

        Assert.Equal("https://example.org/a/?id=7", candidate.CanonicalUrl);
        Assert.Equal("https://example.org/a/?utm_source=rss&id=7#comments", candidate.Link.AbsoluteUri);
    }

    [Fact]
    public void Normalize_FutureDate_IsClampedToTheFetchTime()
    {
        var candidate = Normalize(new FeedEntry { Title = "t", Link = new Uri("https://e.org/a"), Published = new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero) })!;

        Assert.Equal(FetchedAt, candidate.Published);
    }

    [Fact]
    public void Normalize_NoLinkButPermalinkGuid_UsesTheGuidAsLink()
    {
        var candidate = Normalize(new FeedEntry { Id = "https://popularresistance.org/?p=101", Title = "t" })!;

        Assert.Equal("https://popularresistance.org/?p=101", candidate.Link.AbsoluteUri);
        Assert.Equal("https://popularresistance.org/?p=101", candidate.SourceId);
    }

    [Fact]
    public void Normalize_NoLinkAndOpaqueGuid_GetsAnIdentityOfItsOwnAndTheFeedPageAsLink()
    {
        var candidate = Normalize(new FeedEntry { Id = "post-42", Title = "t" })!;

        Assert.Equal(FeedPage, candidate.Link);
        Assert.Equal("urn:x-aggregator:pr:post-42", candidate.CanonicalUrl);
    }

    [Fact]
    public void Normalize_NeitherLinkNorId_GetsAnIdentityFromItsContentAndTheFeedPageAsLink()
    {
        var entry = new FeedEntry { Title = "Nothing but a title", Summary = "<p>And a description.</p>" };

        var candidate = Normalize(entry)!;

        Assert.Equal(FeedPage, candidate.Link);
        Assert.Null(candidate.SourceId);
        Assert.StartsWith("urn:x-aggregator:pr:content:", candidate.CanonicalUrl, StringComparison.Ordinal);
        // Folding: the same words with other spacing, case or markup are the same entry…
        Assert.Equal(candidate.CanonicalUrl, Normalize(entry with { Title = "  NOTHING but a   title", Summary = "And a <b>description</b>." })!.CanonicalUrl);
        // …an edit of its words, or another enclosure, is another.
        Assert.NotEqual(candidate.CanonicalUrl, Normalize(entry with { Title = "Nothing but a headline" })!.CanonicalUrl);
        Assert.NotEqual(candidate.CanonicalUrl, Normalize(entry with { Enclosures = [new Enclosure(new Uri("https://e.org/a.mp3"))] })!.CanonicalUrl);
    }

    [Fact]
    public void Normalize_NoTitle_FallsBackToTheStartOfTheText()
    {
        var candidate = Normalize(new FeedEntry
        {
            Link = new Uri("https://e.org/a"),
            Summary = "<p>Two former leaders of major South Asian countries have reportedly accused the United States of covert regime change operations.</p>",
        })!;

        Assert.StartsWith("Two former leaders of major South Asian countries", candidate.Title, StringComparison.Ordinal);
        Assert.True(candidate.Title.Length <= 81);
    }

    [Fact]
    public void Normalize_Html_IsSanitizedWithAbsoluteUrls()
    {
        var candidate = Normalize(new FeedEntry
        {
            Title = "t",
            Link = new Uri("https://e.org/posts/a"),
            Content = "<p onclick=\"steal()\">Read <a href=\"/other\">this</a></p><script>alert(1)</script>",
        })!;

        Assert.DoesNotContain("script", candidate.Content!, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", candidate.Content!, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("https://e.org/other", candidate.Content!, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_Categories_AreTrimmedAndDeduplicated()
    {
        var candidate = Normalize(new FeedEntry { Title = "t", Link = new Uri("https://e.org/a"), Categories = [" Coups ", "coups", "", "Venezuela"] })!;

        Assert.Equal(["Coups", "Venezuela"], candidate.Categories);
    }

    [Fact]
    public void Normalize_TitleIsPlainTextAlready_AngleBracketsAreWords()
    {
        var candidate = Normalize(new FeedEntry { Title = "  History of the <blink>\n tag ", Link = new Uri("https://e.org/a") })!;

        Assert.Equal("History of the <blink> tag", candidate.Title);
    }

    [Fact]
    public void Normalize_MegabyteShortFields_AreCutToTheirBounds_AndEachCutIsReported()
    {
        var huge = string.Concat(Enumerable.Repeat("Jo Bloggs ", 100_000));
        var clipped = new List<FieldNote>();
        var entry = new FeedEntry
        {
            Id = "tag:e.org,2026:" + huge,
            Title = huge,
            Link = new Uri("https://e.org/a"),
            Authors = [new Person(huge, huge + "@e.org")],
            Categories = [huge, "short"],
            Enclosures = [new Enclosure(new Uri("https://e.org/a.mp3"), "audio/" + huge)],
        };

        var candidate = EntryNormalizer.Normalize(entry, "pr", FeedPage, FetchedAt, clipped)!;

        Assert.True(candidate.Title.Length <= EntryNormalizer.MaxTitleLength);
        Assert.True(candidate.Author!.Length <= EntryNormalizer.MaxAuthorLength);
        Assert.StartsWith("Jo Bloggs", candidate.Author, StringComparison.Ordinal);
        Assert.All(candidate.Categories, c => Assert.True(c.Length <= EntryNormalizer.MaxCategoryLength));
        Assert.Contains("short", candidate.Categories);
        Assert.True(candidate.SourceId!.Length <= EntryNormalizer.MaxSourceIdLength);
        Assert.Null(Assert.Single(candidate.Enclosures).MediaType is { Length: > EntryNormalizer.MaxMediaTypeLength } ? "too long" : null);
        Assert.Equal(5, clipped.Count);
        Assert.Contains(clipped, c => c.ToString().StartsWith("author (", StringComparison.Ordinal) && c.Reason == FieldNote.Cut);
    }

    [Fact]
    public void Normalize_LongIds_StayDistinct()
    {
        var prefix = new string('x', 2000);
        var a = Normalize(new FeedEntry { Id = prefix + "a", Title = "t" })!;
        var b = Normalize(new FeedEntry { Id = prefix + "b", Title = "t" })!;

        Assert.NotEqual(a.SourceId, b.SourceId);
        Assert.NotEqual(a.CanonicalUrl, b.CanonicalUrl);
    }
}
