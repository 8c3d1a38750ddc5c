using System.Globalization;
using Aggregator.Scrape;

namespace Aggregator.Tests.Scrape;

public sealed class ListingDateParserTests
{
    private static readonly DateTimeOffset FetchedAt = new(2024, 8, 10, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("June 26, 2024", "2024-06-26T00:00:00Z")]
    [InlineData("26 Jun 2024", "2024-06-26T00:00:00Z")]
    [InlineData("26 June 2024", "2024-06-26T00:00:00Z")]
    [InlineData("Jun 26, 2024 10:30 AM", "2024-06-26T10:30:00Z")]
    [InlineData("Jun. 26, 2024, 10:30 pm", "2024-06-26T22:30:00Z")]
    [InlineData("Sept 3rd, 2024", "2024-09-03T00:00:00Z")]
    [InlineData("3rd of September 2024", "2024-09-03T00:00:00Z")]
    [InlineData("12 AM, Jan 1 2024", "2024-01-01T00:00:00Z")]
    [InlineData("Jan 1, 2024 12:15 AM", "2024-01-01T00:15:00Z")]
    [InlineData("Published on Friday, 19 July 2024 09:15", "2024-07-19T09:15:00Z")]
    [InlineData("Posted on June 26, 2024 by Popular Resistance", "2024-06-26T00:00:00Z")]
    [InlineData("Wed, 26 Jun 2024 10:30:00 GMT", "2024-06-26T10:30:00Z")]
    [InlineData("26-Jun-2024", "2024-06-26T00:00:00Z")]
    [InlineData("2024-06-26", "2024-06-26T00:00:00Z")]
    [InlineData("2024-06-26T06:00:00-04:00", "2024-06-26T10:00:00Z")]
    [InlineData("2024-06-26T10:30:15.123Z", "2024-06-26T10:30:15Z")]
    [InlineData("2024/06/26", "2024-06-26T00:00:00Z")]
    [InlineData("26/06/2024", "2024-06-26T00:00:00Z")]
    [InlineData("06/26/2024", "2024-06-26T00:00:00Z")]
    [InlineData("26.06.2024 14:05", "2024-06-26T14:05:00Z")]
    public void ListingDate_AbsoluteForms_AreRead(string text, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), ListingDateParser.Parse(text, FetchedAt));
    }

    [Theory]
    [InlineData("2 days ago", "2024-08-08T12:00:00Z")]
    [InlineData("3 hours ago", "2024-08-10T09:00:00Z")]
    [InlineData("an hour ago", "2024-08-10T11:00:00Z")]
    [InlineData("45 minutes ago", "2024-08-10T11:15:00Z")]
    [InlineData("5m ago", "2024-08-10T11:55:00Z")]
    [InlineData("1 week ago", "2024-08-03T12:00:00Z")]
    [InlineData("2 months ago", "2024-06-10T12:00:00Z")]
    [InlineData("Yesterday", "2024-08-09T12:00:00Z")]
    [InlineData("Updated today", "2024-08-10T12:00:00Z")]
    [InlineData("By News Desk · 3 hours ago", "2024-08-10T09:00:00Z")]
    public void ListingDate_RelativeForms_CountBackFromFetchTime(string text, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), ListingDateParser.Parse(text, FetchedAt));
    }

    [Theory]
    [InlineData("05/06/2024")]
    [InlineData("12.11.2024")]
    public void ListingDate_DayAndMonthBothTwelveOrLess_IsAmbiguousAndSkipped(string text)
    {
        Assert.Null(ListingDateParser.Parse(text, FetchedAt));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("Read more")]
    [InlineData("On Wednesday June 26, hundreds of members")]
    [InlineData("February 30, 2024")]
    [InlineData("2024-13-01")]
    [InlineData("June 26, 1850")]
    [InlineData("Hits: 1234")]
    [InlineData("Page 1 of 412")]
    public void ListingDate_NoDate_IsNull(string? text)
    {
        Assert.Null(ListingDateParser.Parse(text, FetchedAt));
    }

    [Fact]
    public void ListingDate_TwoDates_TakesTheFirst()
    {
        Assert.Equal(
            new DateTimeOffset(2024, 6, 26, 0, 0, 0, TimeSpan.Zero),
            ListingDateParser.Parse("June 26, 2024 (updated 2024-07-01)", FetchedAt));
    }

    [Fact]
    public void ListingDate_ZoneOffset_IsKept()
    {
        var value = ListingDateParser.Parse("Jun 26, 2024 10:30 +0200", FetchedAt);

        Assert.Equal(TimeSpan.FromHours(2), value?.Offset);
        Assert.Equal(new DateTimeOffset(2024, 6, 26, 8, 30, 0, TimeSpan.Zero), value);
    }
}
