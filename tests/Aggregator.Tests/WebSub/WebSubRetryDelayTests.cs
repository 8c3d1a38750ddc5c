using Aggregator.WebSub;

namespace Aggregator.Tests.WebSub;

/// <summary>A hub that stays dead is asked less and less often, down to once a day, not at every sweep.</summary>
public sealed class WebSubRetryDelayTests
{
    [Theory]
    [InlineData(0, 5)]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(9, 1280)]
    [InlineData(10, 1440)]
    [InlineData(1000, 1440)]
    [InlineData(int.MaxValue, 1440)]
    public void RetryDelay_DoublesWithEachFailureInARow_UpToADay(int failures, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), WebSubSubscriber.RetryDelay(failures));

    [Fact]
    public void ADeadHub_IsAskedAboutTenTimesOnItsFirstDay_AndOnceADayAfter()
    {
        // The sweep runs every 10 minutes: before the back-off that was 144 requests and warnings a day per outlet.
        static int AskedWithin(TimeSpan span)
        {
            var (asked, at) = (1, TimeSpan.Zero);
            for (var failures = 1; ; failures++)
            {
                at += WebSubSubscriber.RetryDelay(failures);
                if (at > span)
                {
                    return asked;
                }
                asked++;
            }
        }

        Assert.InRange(AskedWithin(TimeSpan.FromDays(1)), 8, 12);
        Assert.InRange(AskedWithin(TimeSpan.FromDays(31)) - AskedWithin(TimeSpan.FromDays(1)), 29, 31);
    }
}
