using Aggregator.FullText;
using Xunit;

namespace Aggregator.Tests.FullText;

/// <summary>
/// <see cref="DateLines"/> on lines in the manner of ../shared/samples: a dateline goes, a contact line whose phone
/// number is grouped like a date stays (the trafilatura-eval corpus counts such a line as the article's).
/// </summary>
public sealed class DateLinesTests
{
    [Theory]
    [InlineData("2024-08-03")]
    [InlineData("Published 03.08.2024, 14:05")]
    [InlineData("Updated 8/3/2024")]
    public void NumericDates_AreDateLines(string line) => Assert.True(DateLines.IsDateLine(line), line);

    [Theory]
    [InlineData("Tel. +81 158-23-2012")]
    [InlineData("Fax 0221 123-45-6789")]
    public void PhoneNumbersGroupedLikeDates_AreNotDateLines(string line) => Assert.False(DateLines.IsDateLine(line), line);
}
