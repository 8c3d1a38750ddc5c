namespace Aggregator.Parse;

/// <summary>Bounds that keep a hostile body's cost small.</summary>
public static class FeedLimits
{
    /// <summary>Entries kept from one document; the rest are dropped with a warning.</summary>
    public const int MaxEntries = 5000;

    /// <summary>JSON nesting accepted by the JSON Feed reader.</summary>
    public const int MaxJsonDepth = 64;

    /// <summary>
    /// Characters of a free-form author string read at all: well past any name the normalizer keeps
    /// (so it still sees, and reports, the overflow), and short enough for its patterns to stay cheap.
    /// </summary>
    public const int MaxPersonChars = 1000;
}
