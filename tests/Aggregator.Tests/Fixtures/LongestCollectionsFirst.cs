using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("Aggregator.Tests.Fixtures.LongestCollectionsFirst", "Aggregator.Tests")]

namespace Aggregator.Tests.Fixtures;

/// <summary>
/// Starts the longest test collections first, so the run does not end with one long class running alone. xUnit 2.9's
/// conservative algorithm gives a collection one of the <c>maxParallelThreads</c> slots for all of its tests, and hands
/// the slots out in the order returned here; its own order is a hash of each collection's id, which once started a
/// 270 s class in the last minutes of the parallel phase.
/// </summary>
public sealed class LongestCollectionsFirst : ITestCollectionOrderer
{
    private const string ClassCollectionPrefix = "Test collection for Aggregator.Tests.";

    /// <summary>
    /// Summed test seconds of the collections that took longest in a measured run (tests/README.md), by class
    /// (relative to Aggregator.Tests) or by collection name. Only the order matters, so figures from a loaded machine
    /// serve; every collection not listed here is shorter and follows in xUnit's own order.
    /// A name that no longer matches a collection fails <c>LongestCollectionsFirstTests</c>, so a rename cannot quietly
    /// send a long class to the back.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, int> MeasuredSeconds = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        // Summed per class from h53h's trx of 9989551 (load 35-165); the cuts since scaled by their counts: the
        // year-long PostgreSQL retention test to 100 days of 365, the generated-articles differential to 1,000 of 3,000,
        // the generated hostile outlets to two seeds of three (h55f). PagesInChromiumTests is h55f's run of it with one
        // browser for both cases (load 64-85); PostgresSearchPlanTests builds its database once per class now: 82 s
        // in h55f's fast loop (load 37-70), so it no longer starts first. No whole run of the suite finished at h55f's load.
        ["Publish.Pages.PagesInChromiumTests"] = 295,
        ["Store.PostgresStoreTests"] = 306,
        ["Scheduling.ClusteredWorkersTests"] = 300,
        ["Hostile.ArticlePageFloodTests"] = 270,
        ["Hostile.GeneratedHostileOutletsTests"] = 162,
        ["Fixtures.PostgresServerSweepTests"] = 224, // other runs' abandoned clusters on a shared machine; seconds on CI
        ["FullText.HostileInputTests"] = 155,
        ["Cli.RunCommandOnPostgresTests"] = 131,
        ["Hostile.HostAttackTests"] = 129,
        ["FullText.EndToEndTextTests"] = 106,
        ["FullText.TrafilaturaEvalTests"] = 105,
        ["FullText.EdgeTextTests"] = 104,
        ["Hostile.StopMidRoundTests"] = 101,
        ["Parse.ParserFuzzTests"] = 59,
        ["Normalize.Browser.SanitizerInChromiumTests"] = 59,
        ["Cli.PollCommandOnPostgresTests"] = 58,
        ["Topics.MatchableTextDifferentialTests"] = 47,
        ["Store.PostgresPollLookupsTests"] = 43,
        ["Hostile.CutOffEntryTests"] = 43,
        ["Store.PostgresSearchPlanTests"] = 82,
    };

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderByDescending(c => MeasuredSeconds.GetValueOrDefault(KeyOf(c.DisplayName)));

    /// <summary>The class a per-class collection holds ("Store.PostgresStoreTests"), or a named collection's name.</summary>
    public static string KeyOf(string displayName) =>
        displayName.StartsWith(ClassCollectionPrefix, StringComparison.Ordinal) ? displayName[ClassCollectionPrefix.Length..] : displayName;
}
