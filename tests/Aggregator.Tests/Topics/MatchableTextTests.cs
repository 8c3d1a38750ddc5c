using Aggregator.Topics;
using Xunit;

namespace Aggregator.Tests.Topics;

public class MatchableTextTests
{
    private static readonly MatchableText Text = MatchableText.From(
        "How The Bolivian People Defeated The Coup",
        "hundreds of members of the Bolivian Armed Forces",
        null,
        ["Coups", "Latin America"]);

    [Fact]
    public void ContainsWord_FoldedWord_IsFound()
    {
        Assert.True(Text.ContainsWord("bolivian"));
        Assert.False(Text.ContainsWord("Bolivian"));
        Assert.False(Text.ContainsWord("bolivia"));
    }

    [Fact]
    public void ContainsWordStartingWith_FindsPrefixesAmongAllWords()
    {
        Assert.True(Text.ContainsWordStartingWith("boliv"));
        Assert.True(Text.ContainsWordStartingWith("coups"));
        Assert.True(Text.ContainsWordStartingWith("a"));
        Assert.False(Text.ContainsWordStartingWith("zz"));
        Assert.False(Text.ContainsWordStartingWith("couple"));
    }

    [Fact]
    public void ContainsPhrase_FindsConsecutiveWordsInsideOneField()
    {
        Assert.True(Text.ContainsPhrase(["latin", "america"], lastIsPrefix: false));
        Assert.True(Text.ContainsPhrase(["the", "bolivian", "armed"], lastIsPrefix: false));
        Assert.True(Text.ContainsPhrase(["bolivian", "arm"], lastIsPrefix: true));
        Assert.False(Text.ContainsPhrase(["coup", "hundreds"], lastIsPrefix: false));
        Assert.False(Text.ContainsPhrase(["coups", "latin"], lastIsPrefix: false));
        Assert.False(Text.ContainsPhrase([], lastIsPrefix: false));
    }
}
