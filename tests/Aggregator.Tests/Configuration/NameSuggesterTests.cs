using Aggregator.Configuration;
using Xunit;

namespace Aggregator.Tests.Configuration;

public sealed class NameSuggesterTests
{
    [Theory]
    [InlineData("intervall", "interval")]
    [InlineData("intreval", "interval")]
    [InlineData("Interval", "interval")]
    [InlineData("maxItemPerFeed", "maxItemsPerFeed")]
    [InlineData("user-agent", "userAgent")]
    [InlineData("full_text", "fullText")]
    public void Closest_Typo_FindsTheIntendedField(string typed, string expected)
    {
        Assert.Equal(expected, NameSuggester.Closest(typed, ConfigFields.Outlet.Concat(ConfigFields.Defaults)));
    }

    [Fact]
    public void Closest_NothingNear_IsNull()
    {
        Assert.Null(NameSuggester.Closest("colour", ConfigFields.Outlet));
    }
}
