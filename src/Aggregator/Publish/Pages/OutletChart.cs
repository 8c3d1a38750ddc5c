using System.Globalization;
using System.Text;
using Aggregator.Store;

namespace Aggregator.Publish.Pages;

/// <summary>
/// One outlet's picture as inline SVG, drawn on the server: bars of articles per day over 30 days,
/// and below them its polls of the last 48 hours as a strip of ticks (new, unchanged, failed).
/// Colours come from the page's stylesheet classes, so dark mode applies; no script, no library.
/// </summary>
public static class OutletChart
{
    private const int Width = 300;
    private const int BarsHeight = 48;
    private const int StripTop = 64;
    private const int StripHeight = 14;
    private const int Height = 92;

    public static string Svg(OutletPicture picture, DateTimeOffset now)
    {
        var daily = picture.DailyArticles;
        var max = Math.Max(1, daily.Count == 0 ? 0 : daily.Max());
        var total = daily.Sum();
        var counts = picture.Polls.GroupBy(p => p.Outcome).ToDictionary(g => g.Key, g => g.Count());
        var label = string.Create(CultureInfo.InvariantCulture,
            $"{total} articles in {OutletPicture.Days} days (at most {daily.DefaultIfEmpty().Max()} a day); polls in the last {OutletPicture.PollHours} hours: {counts.GetValueOrDefault(PollOutcome.New)} new, {counts.GetValueOrDefault(PollOutcome.Unchanged)} unchanged, {counts.GetValueOrDefault(PollOutcome.Failed)} failed");
        var svg = new StringBuilder(4096);
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" role=\"img\" aria-label=\"{label}\" viewBox=\"0 0 {Width} {Height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append("<title>").Append(label).Append("</title>");
        var slot = (double)Width / OutletPicture.Days;
        for (var i = 0; i < daily.Count; i++)
        {
            if (daily[i] == 0)
            {
                continue;
            }
            var height = Math.Max(1.0, BarsHeight * daily[i] / (double)max);
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect class=\"bar\" x=\"{i * slot + 1:0.#}\" y=\"{BarsHeight - height:0.#}\" width=\"{slot - 2:0.#}\" height=\"{height:0.#}\"><title>{OutletPicture.DaysSince(now).AddDays(i):yyyy-MM-dd}: {daily[i]}</title></rect>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"0\" y1=\"{BarsHeight + 0.5}\" x2=\"{Width}\" y2=\"{BarsHeight + 0.5}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{BarsHeight + 12}\">30 days ago</text><text x=\"{Width}\" y=\"{BarsHeight + 12}\" text-anchor=\"end\">today</text>");
        var from = now.AddHours(-OutletPicture.PollHours);
        var span = TimeSpan.FromHours(OutletPicture.PollHours).TotalMilliseconds;
        foreach (var poll in picture.Polls)
        {
            var x = Math.Clamp((poll.At - from).TotalMilliseconds / span * Width, 0, Width - 2);
            var outcome = poll.Outcome switch
            {
                PollOutcome.New => "new",
                PollOutcome.Failed => "failed",
                _ => "unchanged",
            };
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect class=\"{outcome}\" x=\"{x:0.#}\" y=\"{StripTop}\" width=\"2\" height=\"{StripHeight}\"><title>{RelativeTime.Absolute(poll.At)}: {outcome}</title></rect>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{Height - 2}\">48 h ago</text><text x=\"{Width}\" y=\"{Height - 2}\" text-anchor=\"end\">now</text>");
        return svg.Append("</svg>").ToString();
    }
}
