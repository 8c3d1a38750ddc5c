using System.Globalization;
using Aggregator.Model;
using Aggregator.Scrape;

namespace Aggregator.Tests.Scrape;

/// <summary>
/// In Defence of Marxism's "Latest" page, built from samples/000: teasers in div.article with h2 a, p.intro
/// and a time printed as text, relative links under a &lt;base href&gt;, a Joomla menu, a "most read" sidebar
/// and pagination. The selectors are the ones CONTRACT §3 shows for this outlet.
/// </summary>
public sealed class MarxistListingTests
{
    internal static readonly Uri PageUrl = new("https://www.marxist.com/latest.htm");

    private static readonly ScrapeRules ContractRules = new(
        Item: "div.article", Title: "h2 a", Link: "h2 a", Summary: "p.intro", Published: "time");

    internal static readonly (string Title, string Path, string Published)[] Expected =
    [
        ("Free Rawal Asad! Solidarity pours in from around the world", "asia/pakistan/free-rawal-asad-solidarity-pours-in-from-around-the-world.htm", "2019-02-20"),
        ("Marxist Student Federation conference: hands off Venezuela!", "europe/britain/marxist-student-federation-conference-hands-off-venezuela.htm", "2019-02-18"),
        ("Hands off Venezuela! Statement of the International Marxist Tendency", "hands-off-venezuela-statement-of-the-international-marxist-tendency.htm", "2019-02-15"),
        ("Alan Woods on teleSUR: the UK is backing the coup in Venezuela", "americas/venezuela/alan-woods-on-telesur-the-uk-is-backing-the-coup-in-venezuela.htm", "2019-02-12"),
        ("Venezuela: “humanitarian aid” as a provocation", "americas/venezuela/venezuela-humanitarian-aid-as-a-provocation.htm", "2019-02-08"),
        ("Morocco backs the imperialist coup in Venezuela", "africa/morocco/morocco-backs-the-imperialist-coup-in-venezuela.htm", "2019-02-05"),
        ("US sanctions on PDVSA: Washington goes in for the kill", "americas/venezuela/us-sanctions-on-pdvsa-washington-goes-in-for-the-kill.htm", "2019-01-30"),
        ("Venezuela: defeat the imperialist coup!", "venezuela-defeat-the-imperialist-coup.htm", "2019-01-28"),
        ("Video: what is really happening in Venezuela?", "americas/venezuela/video-what-is-really-happening-in-venezuela.htm", "2019-01-26"),
        ("Venezuela: the coup enters a higher phase", "americas/venezuela/venezuela-the-coup-enters-a-higher-phase.htm", "2019-01-24"),
        ("Venezuela: a key day in the coup attempt", "americas/venezuela/venezuela-a-key-day-in-the-coup-attempt.htm", "2019-01-23"),
        ("Venezuela: an imperialist coup d'état attempt is underway", "venezuela-an-imperialist-coup-detat-attempt-is-underway.htm", "2019-01-14"),
        ("Venezuelan Communist Party leader Luís Fajardo murdered", "americas/venezuela/venezuelan-communist-party-leader-luis-fajardo-murdered.htm", "2018-11-02"),
    ];

    private static ScrapeResult Scrape(ScrapeRules? rules) =>
        ListingScraper.Scrape(ScrapeFixtures.Page("marxist-latest.html"), PageUrl, rules, ScrapeFixtures.FetchedAt);

    [Fact]
    public void Marxist_WithContractSelectors_ReadsEveryTeaser()
    {
        var result = Scrape(ContractRules);

        Assert.Null(result.Error);
        Assert.Equal("selectors: div.article", result.Structure);
        Assert.Equal("Latest", result.PageTitle);
        AssertExpectedEntries(result.Entries);
    }

    [Fact]
    public void Marxist_Automatic_ReadsEveryTeaser()
    {
        var result = Scrape(null);

        Assert.Null(result.Error);
        Assert.Equal("detected 13 items via div#main-content.main > div.articles > div.article h2 a", result.Structure);
        AssertExpectedEntries(result.Entries);
    }

    [Fact]
    public void Marxist_TeaserSample_KeepsBothSpellingsOfGuaido()
    {
        var summaries = string.Join("\n", Scrape(null).Entries.Select(e => ScrapeFixtures.PlainText(e.Summary)));

        Assert.Contains("Juan Guaido,", summaries, StringComparison.Ordinal);
        Assert.Contains("Juan Guaidó,", summaries, StringComparison.Ordinal);
    }

    [Fact]
    public void Marxist_RelativeImage_ResolvesAgainstTheBase()
    {
        var entries = Scrape(ContractRules).Entries;

        Assert.Equal(new Uri("https://www.marxist.com/images/asia/pakistan/free-rawal-asad-soli.jpg"), entries[0].ImageUrl);
        Assert.Null(entries[1].ImageUrl);
    }

    private static void AssertExpectedEntries(IReadOnlyList<FeedEntry> entries)
    {
        var teasers = ScrapeFixtures.SampleParagraphs("000");
        Assert.Equal(Expected.Select(e => e.Title), entries.Select(e => e.Title));
        for (var i = 0; i < Expected.Length; i++)
        {
            Assert.Equal(new Uri("https://www.marxist.com/" + Expected[i].Path), entries[i].Link);
            Assert.Equal(DateTimeOffset.Parse(Expected[i].Published + "T00:00:00Z", CultureInfo.InvariantCulture), entries[i].Published);
            Assert.Equal(ScrapeFixtures.PlainText(teasers[i]), ScrapeFixtures.PlainText(entries[i].Summary));
            Assert.Empty(entries[i].Authors);
        }

        ScrapeFixtures.AssertNoFurniture(entries);
    }
}
