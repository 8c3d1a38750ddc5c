using System.Globalization;
using Aggregator.Model;
using Aggregator.Parse.Xml;

namespace Aggregator.Parse.Rss;

/// <summary>Reads a channel's publishing hints (RSS 2.0 ttl, skipHours, skipDays; the RSS 1.0 syndication module).</summary>
public static class HintsReader
{
    public static PublishingHints Read(FeedElement channel)
    {
        var ttl = int.TryParse(XmlValues.Text(channel.Child("ttl", RssAdapter.IsCore)), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            && minutes > 0 ? TimeSpan.FromMinutes(minutes) : (TimeSpan?)null;
        return new PublishingHints
        {
            Ttl = ttl,
            UpdateEvery = UpdateEvery(channel),
            SkipHours = channel.Child("skipHours", RssAdapter.IsCore)?.Children("hour", RssAdapter.IsCore)
                .Select(h => int.TryParse(XmlValues.Text(h), NumberStyles.None, CultureInfo.InvariantCulture, out var hour) ? hour % 24 : -1)
                .Where(h => h >= 0)
                .ToHashSet() ?? [],
            SkipDays = channel.Child("skipDays", RssAdapter.IsCore)?.Children("day", RssAdapter.IsCore)
                .Select(d => Enum.TryParse<DayOfWeek>(XmlValues.Text(d), ignoreCase: true, out var day) ? day : (DayOfWeek?)null)
                .OfType<DayOfWeek>()
                .ToHashSet() ?? [],
        };
    }

    // sy:updatePeriod (hourly by default) divided by sy:updateFrequency (1 by default).
    private static TimeSpan? UpdateEvery(FeedElement channel)
    {
        var period = XmlValues.Text(channel.Child(Ns.Sy, "updatePeriod"))?.Trim().ToLowerInvariant();
        var frequencyText = XmlValues.Text(channel.Child(Ns.Sy, "updateFrequency"));
        if (period is null && frequencyText is null)
        {
            return null;
        }
        var length = period switch
        {
            "daily" => TimeSpan.FromDays(1),
            "weekly" => TimeSpan.FromDays(7),
            "monthly" => TimeSpan.FromDays(30),
            "yearly" => TimeSpan.FromDays(365),
            _ => TimeSpan.FromHours(1),
        };
        var frequency = int.TryParse(frequencyText, NumberStyles.None, CultureInfo.InvariantCulture, out var f) && f > 0 ? f : 1;
        return length / frequency;
    }
}
