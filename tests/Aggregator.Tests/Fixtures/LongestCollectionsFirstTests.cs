using System.Reflection;
using Xunit.Sdk;

namespace Aggregator.Tests.Fixtures;

public sealed class LongestCollectionsFirstTests
{
    [Fact]
    public void EveryMeasuredName_IsACollectionOfThisAssembly()
    {
        var types = typeof(LongestCollectionsFirst).Assembly.GetTypes();
        // xUnit 2's CollectionDefinitionAttribute keeps its name only as the constructor's argument.
        var named = types.SelectMany(t => t.GetCustomAttributesData())
            .Where(a => a.AttributeType == typeof(CollectionDefinitionAttribute))
            .Select(a => (string)a.ConstructorArguments[0].Value!)
            .ToHashSet(StringComparer.Ordinal);
        // A class is its own collection only when it names none.
        var ownCollection = types.Where(t => t.GetCustomAttribute<CollectionAttribute>() is null && HasTests(t))
            .Select(t => t.FullName!["Aggregator.Tests.".Length..])
            .ToHashSet(StringComparer.Ordinal);

        var unknown = LongestCollectionsFirst.MeasuredSeconds.Keys.Where(k => !named.Contains(k) && !ownCollection.Contains(k)).ToList();

        Assert.True(unknown.Count == 0, $"not a collection of Aggregator.Tests: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void ListedCollections_StartLongestFirst_AndTheRestKeepXunitsOrder()
    {
        var (longest, shorter) = LongestCollectionsFirst.MeasuredSeconds.OrderByDescending(p => p.Value).Select(p => p.Key).Take(2).ToArray() switch
        {
            [var a, var b] => (a, b),
            _ => throw new InvalidOperationException("fewer than two measured collections"),
        };
        var assembly = new TestAssembly(Reflector.Wrap(typeof(LongestCollectionsFirst).Assembly));
        var unlisted1 = new TestCollection(assembly, null, "Test collection for Aggregator.Tests.Unlisted.First");
        var unlisted2 = new TestCollection(assembly, null, "Test collection for Aggregator.Tests.Unlisted.Second");
        var shorterOne = new TestCollection(assembly, null, Display(shorter));
        var longestOne = new TestCollection(assembly, null, Display(longest));

        var ordered = new LongestCollectionsFirst().OrderTestCollections([unlisted1, shorterOne, unlisted2, longestOne]).ToList();

        Assert.Equal([longestOne, shorterOne, unlisted1, unlisted2], ordered);
    }

    private static bool HasTests(Type type) =>
        type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public).Any(m => m.GetCustomAttribute<FactAttribute>() is not null);

    private static string Display(string key) => key.Contains('.', StringComparison.Ordinal) ? "Test collection for Aggregator.Tests." + key : key;
}
