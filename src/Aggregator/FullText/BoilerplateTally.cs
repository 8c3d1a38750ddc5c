using System.Collections.Concurrent;

namespace Aggregator.FullText;

/// <summary>
/// Words the precision pass removed, per <see cref="BoilerplateKind"/>: lets the corpus report show what each rule buys.
/// Thread-safe, so one tally can follow a parallel corpus run.
/// </summary>
internal sealed class BoilerplateTally(bool recordTexts = false)
{
    private readonly ConcurrentDictionary<string, long> words = new(StringComparer.Ordinal);

    private readonly ConcurrentQueue<(string Kind, string Text)> removed = new();

    public IReadOnlyDictionary<string, long> Words => words;

    /// <summary>What each rule took, in order, when asked for: names the rule that dropped a snippet the corpus counts as text.</summary>
    public IReadOnlyCollection<(string Kind, string Text)> Removed => removed;

    public void Add(string kind, string removedText)
    {
        if (recordTexts)
        {
            removed.Enqueue((kind, removedText));
        }

        var count = removedText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        if (count > 0)
        {
            words.AddOrUpdate(kind, count, (_, old) => old + count);
        }
    }
}
