using Aggregator.Publish;
using Aggregator.Store;

namespace Aggregator.Tests.Publish;

public sealed class TopicCursorTests
{
    [Fact]
    public void TopicCursor_RoundTripsAndRefusesWhatItDidNotMake()
    {
        var position = new TopicPosition(1732960000000, 42);
        Assert.True(TopicCursor.TryParse(position.Encode(), out var parsed));
        Assert.Equal(position, parsed);
        foreach (var bad in new[] { "", "abc", "!!!", new string('A', 200), "MTIz", "LTEuLTE" })
        {
            Assert.False(TopicCursor.TryParse(bad, out _), bad);
        }
    }
}
