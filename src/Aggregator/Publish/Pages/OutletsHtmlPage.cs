using Aggregator.Parse;
using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Pipeline;
using Aggregator.Store;

namespace Aggregator.Publish.Pages;

/// <summary>GET /outlets: the operator's page, one picture per outlet, worst health first.</summary>
public static class OutletsHtmlPage
{
    /// <param name="holds">Outlets whose last poll was held and not attempted since: waiting, and next polled when the hold ends.</param>
    public static string Render(IReadOnlyList<Outlet> outlets, IReadOnlyList<OutletPicture> pictures, Uri siteBase, DateTimeOffset now,
        IReadOnlyDictionary<string, PollHold>? holds = null)
    {
        var byId = pictures.ToDictionary(p => p.Health.OutletId, StringComparer.Ordinal);
        var html = PageLayout.Begin("Outlets", siteBase, []);
        html.Append("<h1>Outlets</h1><p class=\"muted\">Worst first. Bars: articles first seen per day over ")
            .Append(OutletPicture.Days).Append(" days. Strip: each poll of the last ").Append(OutletPicture.PollHours)
            .Append(" hours, <span class=\"ok\">new articles</span>, unchanged or <span class=\"bad\">failed</span>.</p>");
        foreach (var outlet in outlets.OrderBy(o => Rank(byId.GetValueOrDefault(o.Id)?.Health)).ThenBy(o => o.Name, StringComparer.OrdinalIgnoreCase))
        {
            var picture = byId.GetValueOrDefault(outlet.Id);
            var state = picture?.Health;
            var hold = holds?.GetValueOrDefault(outlet.Id);
            html.Append("<section class=\"outlet\"><h2>");
            if (PublicLink.Href(outlet.Url) is { } href)
            {
                html.Append("<a href=\"").Append(HtmlEscape.AttributeValue(href)).Append("\">").Append(HtmlEscape.AttributeValue(outlet.Name)).Append("</a>");
            }
            else
            {
                html.Append(HtmlEscape.AttributeValue(outlet.Name));
            }
            html.Append(" <span class=\"muted\">").Append(HtmlEscape.AttributeValue(outlet.Id)).Append("</span></h2>");
            html.Append((state, hold) switch
            {
                // What `status` says, in the same words: the reason names the host, rate group or robots.txt.
                (_, { } held) => $"<p class=\"muted\">Waiting until {HtmlEscape.AttributeValue(RelativeTime.Absolute(held.Until))}: "
                    + $"{HtmlEscape.AttributeValue(PublicLink.Redact(held.Text))}{(held.HeldBy is { } by ? $" (reason: {by})" : "")}</p>",
                (null, _) => "<p class=\"muted\">Not polled yet.</p>",
                ({ ConsecutiveFailures: > 0 }, _) => $"<p class=\"bad\">Failing ({state.ConsecutiveFailures} in a row)</p>",
                _ => "<p class=\"ok\">Healthy</p>",
            });
            if (picture is not null)
            {
                html.Append(OutletChart.Svg(picture, now));
            }
            html.Append("<dl><dt>Interval</dt><dd>").Append(HtmlEscape.AttributeValue(state?.IntervalNote ?? Interval(outlet))).Append("</dd>");
            html.Append("<dt>Next poll</dt><dd>").Append((hold?.Until ?? state?.NextDue) is { } due
                ? HtmlEscape.AttributeValue($"{RelativeTime.Until(due, now)} ({RelativeTime.Absolute(due)})")
                : outlet.Enabled ? "at start-up" : "disabled").Append("</dd>");
            html.Append("<dt>Last success</dt><dd>").Append(state?.LastSuccess is { } ok ? HtmlEscape.AttributeValue(RelativeTime.Absolute(ok)) : "never").Append("</dd>");
            html.Append("<dt>Articles</dt><dd>").Append(state?.ItemCount ?? 0).Append("</dd>");
            if (state is { ConsecutiveFailures: > 0 })
            {
                html.Append("<dt>Last error</dt><dd class=\"error\">").Append(HtmlEscape.AttributeValue(PublicLink.Redact(state.LastError ?? "unknown error"))).Append("</dd>");
            }
            html.Append("</dl></section>");
        }
        return PageLayout.End(html);
    }

    /// <summary>Failing longest first, then never polled, then healthy.</summary>
    private static int Rank(OutletHealth? state) => state switch
    {
        null => 0,
        { ConsecutiveFailures: > 0 } => -state.ConsecutiveFailures,
        _ => 1,
    };

    private static string Interval(Outlet outlet) => outlet.Cron is { } cron
        ? "cron " + cron
        : "every " + (outlet.Interval.TotalHours >= 1 ? $"{outlet.Interval.TotalHours:0.#} h" : $"{outlet.Interval.TotalMinutes:0} min");
}
