namespace Aggregator.Parse;

/// <summary>
/// The date texts <see cref="DateParser"/> could not read while a poll is watched: the entry keeps no date from them
/// (the store sorts it by when it was first seen), so the poll counts and shows them. Ambient for the poll's flow, so the
/// parsers, which hand a date over as a value, need not carry it; only a miss looks it up, never a date that reads.
/// </summary>
public sealed class UnreadableDates : IDisposable
{
    /// <summary>How much of a text is kept: enough to see what the feed wrote, never a feed's megabyte.</summary>
    public const int MaxTextLength = 40;

    // A feed keeps at most FeedLimits.MaxEntries entries of a few dates each; beyond this the texts are counted only.
    private const int MaxTexts = 64;

    private static readonly AsyncLocal<UnreadableDates?> Watching = new();

    private readonly UnreadableDates? outer;
    private readonly List<string> texts = [];
    private int count;

    private UnreadableDates(UnreadableDates? outer) => this.outer = outer;

    /// <summary>The poll's watch, when one is in force on this flow.</summary>
    public static UnreadableDates? Current => Watching.Value;

    /// <summary>Every date text that was no date since the watch began.</summary>
    public int Count => Volatile.Read(ref count);

    /// <summary>The first of them, cut to <see cref="MaxTextLength"/>, with control characters shown as spaces.</summary>
    public IReadOnlyList<string> Texts
    {
        get
        {
            lock (texts)
            {
                return [.. texts];
            }
        }
    }

    /// <summary>Watches this flow (a poll's) until disposed.</summary>
    public static UnreadableDates Watch()
    {
        var watch = new UnreadableDates(Watching.Value);
        Watching.Value = watch;
        return watch;
    }

    internal static void Note(string text)
    {
        if (Watching.Value is not { } watch)
        {
            return;
        }
        Interlocked.Increment(ref watch.count);
        lock (watch.texts)
        {
            if (watch.texts.Count < MaxTexts)
            {
                watch.texts.Add(Shown(text));
            }
        }
    }

    public void Dispose() => Watching.Value = outer;

    private static string Shown(string text)
    {
        var kept = text.Trim();
        kept = kept.Length > MaxTextLength ? kept[..MaxTextLength] + "…" : kept;
        return string.Create(kept.Length, kept, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        });
    }
}
