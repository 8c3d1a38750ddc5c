using System.Collections.Concurrent;

namespace Aggregator.FullText;

/// <summary>
/// Words the precision pass removed, per <see cref="BoilerplateKind"/>: lets the corpus report show what each rule buys.
/// Thread-safe, so one tally can follow a parallel corpus run.
/// </summary>
internal sealed class BoilerplateTally
{
    private readonly ConcurrentDictionary<string, long> words = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> Words => words;

    public void Add(string kind, string removedText)
    {
        var count = removedText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        if (count > 0)
        {
            words.AddOrUpdate(kind, count, (_, old) => old + count);
        }
    }
}
