using System.Globalization;
using Aggregator.Parse;

namespace Aggregator.Tests.Parse;

/// <summary>The shortcut for the two common date forms must read every string exactly as the patterns do.</summary>
public class CommonDateFormsTests
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "MAR", "mar", "Mär", "Foo"];
    private static readonly string[] Zones = ["GMT", "+0000", "-0500", "+0530", "+1400", "-1401", "+0099", "+1500", "UTC", "EST", "gmt", "Z", "+05:00"];

    [Fact]
    public void Rfc1123Dates_ReadAsThePatternsReadThem()
    {
        var random = new Random(1123);
        for (var n = 0; n < 20_000; n++)
        {
            var text = string.Create(CultureInfo.InvariantCulture,
                $"{Pick(random, ["Tue", "Mon", "Xyz", "Di"])}, {random.Next(0, 33):00} {Pick(random, Months)} {Year(random)} {random.Next(0, 26):00}:{random.Next(0, 61):00}:{random.Next(0, 62):00} {Pick(random, Zones)}");
            AssertSameAsPatterns(text);
        }
    }

    [Fact]
    public void W3cDates_ReadAsThePatternsReadThem()
    {
        var random = new Random(3339);
        for (var n = 0; n < 20_000; n++)
        {
            var zone = Pick(random, ["Z", "+01:00", "-05:30", "+14:00", "-14:01", "+05:75", "+15:00", "z", "+0100", ""]);
            var text = string.Create(CultureInfo.InvariantCulture,
                $"{Year(random)}-{random.Next(0, 14):00}-{random.Next(0, 33):00}T{random.Next(0, 26):00}:{random.Next(0, 61):00}:{random.Next(0, 62):00}{zone}");
            AssertSameAsPatterns(text);
        }
    }

    [Theory]
    [InlineData("Fri, 31 Dec 9999 24:00:00 GMT")]
    [InlineData("9999-12-31T24:00:00Z")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("Sat, 29 Feb 2025 10:00:00 GMT")]
    [InlineData("Thu, 29 Feb 2024 10:00:00 GMT")]
    [InlineData("Tue, ٢٤ Mar 2009 16:40:00 GMT")]
    [InlineData("Tue, 24 Mar 2009 16:40:60 -0000")]
    public void EdgeDates_ReadAsThePatternsReadThem(string text) => AssertSameAsPatterns(text);

    private static void AssertSameAsPatterns(string text)
    {
        var expected = Outcome(() =>
        {
            try
            {
                return DateParser.ParseByPatterns(text);
            }
            catch (ArgumentException)
            {
                return null;
            }
        });
        var actual = Outcome(() => DateParser.Parse(text));
        Assert.True(expected == actual, $"\"{text}\": patterns {expected}, parser {actual}");
    }

    // DateTimeOffset equality ignores the offset, which a reader shows, so both are compared as written out. The
    // patterns throw on digits that are not ASCII ("٢٤"), a fault of theirs that the shortcut must not hide or change.
    private static string Outcome(Func<DateTimeOffset?> parse)
    {
        try
        {
            return parse()?.ToString("o", CultureInfo.InvariantCulture) ?? "null";
        }
        catch (FormatException e)
        {
            return e.GetType().Name;
        }
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    private static string Year(Random random) => random.Next(4) switch
    {
        0 => random.Next(1, 10_000).ToString("0000", CultureInfo.InvariantCulture),
        1 => "0000",
        _ => random.Next(1990, 2040).ToString(CultureInfo.InvariantCulture),
    };
}
