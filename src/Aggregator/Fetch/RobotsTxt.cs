using System.Globalization;
using System.Text;

namespace Aggregator.Fetch;

/// <summary>Reads a robots.txt (RFC 9309) into the rules that apply to one product token.</summary>
/// <remarks>Hand-written: TurnerSoftware.RobotsExclusionTools would do this and is not obtainable here.</remarks>
public static class RobotsTxt
{
    /// <summary>The token our groups are matched by, whatever User-Agent string an outlet sends.</summary>
    public const string ProductToken = "Aggregator";

    /// <summary>Crawlers must parse at least 500 KiB (RFC 9309 §2.5); anything past it is ignored.</summary>
    public const int MaxParsedBytes = 500 * 1024;

    public static RobotsRules Parse(byte[] body, string productToken = ProductToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var length = Math.Min(body.Length, MaxParsedBytes);
        if (body.Length >= MaxParsedBytes)
        {
            // Read only so far (the fetcher keeps no more): a line cut part-way is not the rule it was written as
            // ("Allow: /public" cut to "Allow: /" would allow everything), so the text ends at the last whole line.
            length = body.AsSpan(0, length).LastIndexOf((byte)'\n') + 1;
        }

        var text = new UTF8Encoding(false).GetString(body, 0, length);
        return Parse(text.TrimStart('\uFEFF'), productToken);
    }

    /// <summary>
    /// The rules of every group naming the token (case-insensitive), merged; failing that, of every
    /// "*" group, merged; failing that, none (all allowed). A group is a run of user-agent lines
    /// and the rules after them; lines before the first user-agent belong to no group.
    /// </summary>
    public static RobotsRules Parse(string text, string productToken = ProductToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var mine = new Collector();
        var anyone = new Collector();
        var agents = new List<string>();
        var inRules = false;
        foreach (var rawLine in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var hash = rawLine.IndexOf('#', StringComparison.Ordinal);
            var line = (hash >= 0 ? rawLine[..hash] : rawLine).Trim();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "user-agent":
                    if (inRules)
                    {
                        agents.Clear();
                        inRules = false;
                    }

                    agents.Add(value);
                    break;
                case "allow" or "disallow" or "crawl-delay":
                    if (agents.Count == 0)
                    {
                        continue;
                    }

                    inRules = true;
                    var target = agents.Exists(agent => Names(agent, productToken)) ? mine
                        : agents.Exists(agent => agent == "*") ? anyone
                        : null;
                    target?.Add(key, value);
                    break;
            }
        }

        var chosen = mine.Matched ? mine : anyone;
        return chosen.Matched ? new RobotsRules(chosen.Rules, chosen.CrawlDelay) : RobotsRules.AllowAll;
    }

    /// <summary>
    /// "Aggregator", "aggregator/1.0" and "Aggregator (+url)" all name us: the product token is
    /// the leading run of letters, "_" and "-" (RFC 9309 §2.2.1).
    /// </summary>
    private static bool Names(string agent, string productToken)
    {
        var end = 0;
        while (end < agent.Length && (char.IsAsciiLetter(agent[end]) || agent[end] is '_' or '-'))
        {
            end++;
        }

        return end > 0 && agent.AsSpan(0, end).Equals(productToken, StringComparison.OrdinalIgnoreCase);
    }

    private sealed class Collector
    {
        public List<RobotsRule> Rules { get; } = [];

        public TimeSpan? CrawlDelay { get; private set; }

        public bool Matched { get; private set; }

        public void Add(string key, string value)
        {
            Matched = true;
            if (key == "crawl-delay")
            {
                if (CrawlDelay is null && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
                {
                    CrawlDelay = TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2));
                }

                return;
            }

            Rules.Add(new RobotsRule(key == "allow", RobotsRules.Normalize(value)));
        }
    }
}
