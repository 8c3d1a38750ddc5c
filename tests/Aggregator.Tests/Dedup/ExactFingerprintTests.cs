using Aggregator.Dedup;

namespace Aggregator.Tests.Dedup;

public sealed class ExactFingerprintTests
{
    private const string Title = "Venezuela: It Was A US-Led Coup All Along";
    private const string Body = "Despite a monstrous internationally-coordinated, and grotesquely false media campaign of fake news that repeatedly quoted CIA-linked “pollsters”, the people of Venezuela calmly but solidly voted to continue the Bolivarian process.";

    [Fact]
    public void Of_SyndicationMangling_GivesTheSameFingerprint()
    {
        string original = ExactFingerprint.Of(Title, Body);
        Assert.Equal(original, ExactFingerprint.Of(Title.ToUpperInvariant(), Body.Replace('“', '"').Replace('”', '"')));
        Assert.Equal(original, ExactFingerprint.Of(Title, "<p>" + Body.Replace("“", "&#8220;", StringComparison.Ordinal) + "</p>\n<p>The post " + Title + " appeared first on Popular Resistance.</p>"));
        Assert.Equal(original, ExactFingerprint.Of("venezuela - it was a us led coup all along", Body + "\n\nContinue reading →"));
        Assert.Equal(original, ExactFingerprint.Of(Title, "Share this:\nFacebook | Twitter\n" + Body));
    }

    [Fact]
    public void Of_RandomCombinationsOfMangling_NeverChangeTheFingerprint()
    {
        // A seeded property check over every hand-written article: any combination of the mangles a
        // syndicator applies leaves the fingerprint as it was.
        var random = new Random(2026);
        string[] ids = ["bolivia-a", "bolivia-b", "niger-a", "pakistan-b", "venezuela-a", "quote-b", "argentina-a", "series-12"];
        Func<string, string>[] bodyMangles =
        [
            b => b.Replace('’', '\'').Replace('“', '"').Replace('”', '"'),
            b => "<p>" + b.Replace("\n\n", "</p>\n<p>", StringComparison.Ordinal) + "</p>",
            b => b.Replace("’", "&#8217;", StringComparison.Ordinal).Replace(", ", ",&nbsp;", StringComparison.Ordinal),
            b => b + "\n\nThe post Something appeared first on Orinoco Tribune.",
            b => b + " Continue reading →",
            b => "Share this:\nFacebook | Twitter\n" + b,
            b => "Photo: Reuters\n" + b + "\n(Source: teleSUR)",
            b => b.Replace("\n\n", "\n \n\n", StringComparison.Ordinal).Replace(" ", "  ", StringComparison.Ordinal),
        ];
        Func<string, string>[] titleMangles = [t => t.ToUpperInvariant(), t => t.ToLowerInvariant(), t => t.Replace('’', '\''), t => " " + t + " "];
        for (int i = 0; i < 400; i++)
        {
            ArticleText original = ArticleTexts.Full(ids[random.Next(ids.Length)]);
            string title = original.Title, body = original.Body!;
            for (int m = random.Next(1, 4); m > 0; m--)
            {
                body = bodyMangles[random.Next(bodyMangles.Length)](body);
            }
            title = titleMangles[random.Next(titleMangles.Length)](title);
            Assert.Equal(ExactFingerprint.Of(original.Title, original.Body), ExactFingerprint.Of(title, body));
        }
    }

    [Fact]
    public void Of_DifferentWords_GiveDifferentFingerprints()
    {
        Assert.NotEqual(ExactFingerprint.Of(Title, Body), ExactFingerprint.Of(Title, Body.Replace("calmly", "quietly", StringComparison.Ordinal)));
        Assert.NotEqual(ExactFingerprint.Of(Title, Body), ExactFingerprint.Of("Venezuela", Body));
    }

    [Fact]
    public void Of_IsPinned_SoStoredFingerprintsKeepMatching()
    {
        // Pinned: a change to folding or hashing silently orphans every stored fingerprint.
        Assert.Matches("^[0-9a-f]{16}$", ExactFingerprint.Of(Title, Body));
        Assert.Equal("c17c9661ca686406", ExactFingerprint.Of(Title, Body));
    }
}
