using Aggregator.FullText;
using Xunit;

namespace Aggregator.Tests.FullText;

/// <summary>
/// <see cref="DatelineParts"/>: a row of byline, date and agency parts between separators goes, in several languages and
/// separator styles; a row with any part that is not such furniture stays, and so does a sentence that names a date.
/// </summary>
public sealed class DatelinePartsTests
{
    [Theory]
    [InlineData("By Jane Roe | March 3, 2026 | The Associated Press")]
    [InlineData("Von Max Muster · 12.03.2026 · dpa")]
    [InlineData("Par Claire Dubois — 3 mars 2026, 08:15 — AFP")]
    [InlineData("Por María López | 05/03/2026")]
    [InlineData("REUTERS / Updated 5 hours ago")]
    [InlineData("BERLIN | 2026-03-05 | Northshore Courier")]
    [InlineData("Jane Roe • Published Monday")]
    public void RowsOfBylineDateAndAgency_AreDatelines(string line) => Assert.True(DatelineParts.IsDatelineRow(line), line);

    [Theory]
    [InlineData("Sport | the mayor's plan for the bridge")]
    [InlineData("The council met on March 3, 2026 and approved the plan.")]
    [InlineData("News | Sport | Opinion")]
    [InlineData("By Jane Roe")]
    [InlineData("Results | March 3, 2026 | the team lost again after a long and difficult season of away games")]
    public void RowsHoldingAnythingElse_AreNot(string line) => Assert.False(DatelineParts.IsDatelineRow(line), line);
}
