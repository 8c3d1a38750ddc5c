using Aggregator.Model;

namespace Aggregator.Tests.Publish;

/// <summary>
/// A topic feed built from the text of the sample dumps (Popular Resistance's "Coups" listing and
/// In Defence of Marxism's teasers), plus one item made of the characters XML forbids.
/// </summary>
internal static class SampleTopicFeed
{
    public const string HostileArticleId = "h0st1le";

    public static readonly OutletRef PopularResistance = new(
        "popular-resistance", "Popular Resistance",
        new Uri("https://popularresistance.org/category/coups/feed/"), new Uri("https://popularresistance.org/"));

    public static readonly OutletRef Marxist = new(
        "marxist-com", "In Defence of Marxism", new Uri("https://www.marxist.com/latest.htm"), new Uri("https://www.marxist.com/"));

    // No home page, and a name that needs escaping in HTML.
    public static readonly OutletRef Analysis = new(
        "venezuelanalysis", "Venezuelanalysis & <Friends>", new Uri("https://venezuelanalysis.com/feed"));

    public static readonly DateTimeOffset FeedUpdated = new(2026, 11, 23, 6, 20, 1, TimeSpan.Zero);

    public static TopicDefinition Venezuela { get; } = new()
    {
        Id = "venezuela",
        Title = "Venezuela",
        Description = "Venezuela, Maduro and the Bolivarian process",
        Include = ["venezuela", "maduro", "guaido", "bolivarian"],
    };

    public static TopicFeed Build(TopicDefinition? topic = null, IReadOnlyList<TopicFeedItem>? items = null) => new()
    {
        Topic = topic ?? Venezuela,
        FeedBaseUrl = new Uri("http://127.0.0.1:8080/feeds/"),
        HomePage = new Uri("http://127.0.0.1:8080/"),
        Updated = FeedUpdated,
        Items = items ?? Items(),
    };

    public static IReadOnlyList<TopicFeedItem> Items() =>
    [
        new(UsLedCoup, PopularResistance,
        [
            new(Marxist, new Uri("https://www.marxist.com/venezuela-us-led-coup.htm")),
            new(Analysis, new Uri("https://venezuelanalysis.com/news/us-led-coup?ref=a&b=c")),
        ]),
        new(ElectoralFraud, PopularResistance, []),
        new(AlanWoodsInterview, Marxist, []),
        new(MoroccoGuaido, Marxist, []),
        new(BolivianPeople, PopularResistance, []),
        new(Hostile, PopularResistance, []),
    ];

    public static Article UsLedCoup { get; } = new()
    {
        Id = "a7k3us1edcoup",
        OutletId = PopularResistance.Id,
        CanonicalUrl = "https://popularresistance.org/venezuela-it-was-a-us-led-coup-all-along/",
        Link = new Uri("https://popularresistance.org/venezuela-it-was-a-us-led-coup-all-along/"),
        Title = "Venezuela: It Was A US-Led Coup All Along",
        Summary = "<p>Despite a monstrous internationally-coordinated, and grotesquely false media campaign of fake news that " +
                  "repeatedly quoted CIA-linked \u201Cpollsters\u201D giving extreme right-wing candidate, Edmundo Gonzalez, " +
                  "percentages of up to 80 percent of the vote&hellip;</p>",
        Content = "<p>President Maduro\u2019s victory as in the first CNE bulletin with 80% of the \u2018voting records\u2019 " +
                  "(tally sheets) in was 51.2 percent, against Gonzalez 44.2 percent.</p>",
        Author = "Popular Resistance",
        Published = new DateTimeOffset(2024, 8, 12, 9, 30, 0, TimeSpan.FromHours(-4)),
        Updated = new DateTimeOffset(2024, 8, 13, 10, 0, 0, TimeSpan.FromHours(-4)),
        FirstSeen = new DateTimeOffset(2024, 8, 12, 14, 0, 0, TimeSpan.Zero),
        Categories = ["Coups", "Venezuela"],
        ClusterId = "a7k3us1edcoup",
    };

    public static Article ElectoralFraud { get; } = new()
    {
        Id = "b2q9fraud",
        OutletId = PopularResistance.Id,
        CanonicalUrl = "https://popularresistance.org/venezuela-us-government-cites-groups-it-funds/",
        Link = new Uri("https://popularresistance.org/venezuela-us-government-cites-groups-it-funds/"),
        Title = "Venezuela: US Government Cites Groups It Funds To Allege Electoral \u2018Fraud\u2019",
        Summary = "<p>The US State Department, which has sponsored several coup attempts in Venezuela, has claimed that the " +
                  "US-backed right-wing opposition candidate won the country\u2019s presidential election, supposedly " +
                  "defeating incumbent President Nicol\u00E1s Maduro.</p>",
        Published = new DateTimeOffset(2024, 8, 5, 12, 0, 0, TimeSpan.Zero),
        FirstSeen = new DateTimeOffset(2024, 8, 5, 12, 5, 0, TimeSpan.Zero),
        Categories = ["Coups"],
        ClusterId = "b2q9fraud",
    };

    public static Article AlanWoodsInterview { get; } = new()
    {
        Id = "c5w00ds",
        OutletId = Marxist.Id,
        CanonicalUrl = "https://www.marxist.com/alan-woods-on-telesur.htm",
        Link = new Uri("https://www.marxist.com/alan-woods-on-telesur.htm"),
        Title = "Alan Woods on teleSUR: hands off Venezuela!",
        Summary = "<p>Alan Woods, editor of In Defence of Marxism and founding member of the Hands Off Venezuela campaign, " +
                  "was interviewed on teleSUR English about the ongoing, US-led coup attempt in Venezuela.</p>",
        Author = "Alan Woods",
        Published = new DateTimeOffset(2019, 2, 20, 18, 0, 0, TimeSpan.Zero),
        FirstSeen = new DateTimeOffset(2019, 2, 20, 18, 30, 0, TimeSpan.Zero),
        Enclosures =
        [
            new Enclosure(new Uri("https://www.marxist.com/media/alan-woods-telesur.mp3")),
            new Enclosure(new Uri("https://www.marxist.com/images/alan-woods.jpg"), "image/jpeg", 48213),
        ],
        ImageUrl = new Uri("https://www.marxist.com/images/alan-woods.jpg"),
        ClusterId = "c5w00ds",
    };

    // No published date: the writers fall back to first seen.
    public static Article MoroccoGuaido { get; } = new()
    {
        Id = "d8m0r0cc0",
        OutletId = Marxist.Id,
        CanonicalUrl = "https://www.marxist.com/morocco-backs-guaido.htm",
        Link = new Uri("https://www.marxist.com/morocco-backs-guaido.htm"),
        Title = "Morocco backs Guaid\u00F3\u2019s \u201Cinterim presidency\u201D",
        Summary = "<p>On Tuesday, 29 January 2019, the MAP (Maghreb Arabe Presse) announced that the Kingdom of Morocco " +
                  "expressed its official support for Juan Guaid\u00F3, who has proclaimed himself \u201Cinterim president\u201D " +
                  "of Venezuela. Israel &amp; others have also recognised Guaid\u00F3 as a &quot;legitimate president&quot;.</p>",
        Updated = new DateTimeOffset(2019, 2, 1, 8, 0, 0, TimeSpan.FromHours(1)),
        FirstSeen = new DateTimeOffset(2019, 1, 30, 7, 0, 0, TimeSpan.Zero),
        ClusterId = "d8m0r0cc0",
    };

    // Content only, longer than an excerpt: RSS must cut it as text, not as HTML.
    public static Article BolivianPeople { get; } = new()
    {
        Id = "e1b0l1v1a",
        OutletId = PopularResistance.Id,
        CanonicalUrl = "https://popularresistance.org/how-the-bolivian-people-defeated-the-coup/",
        Link = new Uri("https://popularresistance.org/how-the-bolivian-people-defeated-the-coup/"),
        Title = "How The Bolivian People Defeated The Coup",
        Content = string.Concat(Enumerable.Repeat(
            "<p>On Wednesday June 26, hundreds of members of the Bolivian Armed Forces had mobilized under the order of " +
            "<strong>General Juan Z\u00FA\u00F1iga</strong> in the center of La Paz and surrounded the Quemado Palace, " +
            "attempting to stage a coup d\u2019\u00E9tat.</p>", 5)),
        Author = "Kawsachun News",
        Published = new DateTimeOffset(2024, 6, 28, 0, 0, 0, TimeSpan.Zero),
        FirstSeen = new DateTimeOffset(2024, 6, 28, 1, 0, 0, TimeSpan.Zero),
        ClusterId = "e1b0l1v1a",
    };

    // Control characters, a lone surrogate of each kind, U+FFFE/U+FFFF and C1 controls in every text field.
    public static Article Hostile { get; } = new()
    {
        Id = HostileArticleId,
        OutletId = PopularResistance.Id,
        CanonicalUrl = "https://popularresistance.org/bolivia-a-coup-attempt/",
        Link = new Uri("https://popularresistance.org/bolivia-a-coup-attempt/"),
        Title = "Bolivia:\u0001 A Coup Attempt\u000B With Winds\uFFFF From The North\uD800",
        Summary = "<p>It was not long\u0008 before the legitimate Bolivian government of Luis Arce faced an attempted military " +
                  "coup led by General Juan Jos\u00E9 Z\u00FA\u00F1iga\uFFFE\u0085 &#1; that failed.\uDC00</p>",
        Content = "<p>\u0000The firm position of the president\u001B ended it. \U0001F1E7\U0001F1F4</p>",
        Author = "\u0007",
        Published = new DateTimeOffset(2024, 6, 27, 0, 0, 0, TimeSpan.Zero),
        FirstSeen = new DateTimeOffset(2024, 6, 27, 1, 0, 0, TimeSpan.Zero),
        Categories = ["Coups\u001F", "\uDC00", "Bolivia"],
        ClusterId = HostileArticleId,
    };
}
