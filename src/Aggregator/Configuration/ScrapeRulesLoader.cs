using Aggregator.Model;

namespace Aggregator.Configuration;

/// <summary>
/// Reads a lone "scrape" object (e.g. `preview --scrape '{...}'`) with the same rules and messages
/// as the one inside feeds.json, so the two never disagree about a selector.
/// </summary>
public static class ScrapeRulesLoader
{
    /// <summary>The rules, or null with every problem; <paramref name="source"/> names the input in FILE position.</summary>
    public static ScrapeRules? Parse(string json, string source, out IReadOnlyList<ConfigProblem> problems)
    {
        var read = PositionedJsonReader.Read(json);
        if (read.Root is null)
        {
            problems = [new ConfigProblem(source, read.ErrorPosition.Line, read.ErrorPosition.Column, ConfigPath.Root, read.Error!)];
            return null;
        }

        var list = new ProblemList(source);
        ScrapeValidator.Validate(read.Root, ConfigPath.Root, list);
        problems = list.All;
        return problems.Count == 0 ? ConfigMapper.MapScrape(read.Root) : null;
    }
}
