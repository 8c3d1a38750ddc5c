using Aggregator.Model;
using Aggregator.Pipeline;
using Xunit;

namespace Aggregator.Tests.Pipeline;

/// <summary>A poll lets its parsed entries go once they are candidates, in every copy of the outcome (bench/alloc-profile.md, h52d).</summary>
public sealed class ReadOutcomeTests
{
    [Fact]
    public void ReleaseEntries_EmptiesEveryCopy_AndLeavesTheRestOfTheOutcome()
    {
        var read = new ReadOutcome { Status = ReadStatus.Ok, ETag = "\"1\"", Entries = [new FeedEntry { Title = "a" }, new FeedEntry { Title = "b" }] };
        var copy = read with { LastModified = "Mon, 07 Dec 2026 09:00:00 GMT" };

        read.ReleaseEntries();

        Assert.Empty(read.Entries);
        Assert.Empty(copy.Entries);
        Assert.Equal("\"1\"", copy.ETag);
        Assert.Equal(ReadStatus.Ok, copy.Status);
    }

    [Fact]
    public void ACopyGivenEntriesOfItsOwn_KeepsThemWhenTheOriginalReleasesIts()
    {
        var read = new ReadOutcome { Status = ReadStatus.Ok, Entries = [new FeedEntry { Title = "a" }] };
        var other = read with { Entries = [new FeedEntry { Title = "b" }] };

        read.ReleaseEntries();

        Assert.Equal("b", Assert.Single(other.Entries).Title);
    }

    [Fact]
    public void ReleaseEntries_OnAnOutcomeWithoutEntries_LeavesItEmpty()
    {
        var failed = ReadOutcome.Failed("fetch: refused");

        failed.ReleaseEntries();

        Assert.Empty(failed.Entries);
    }
}
