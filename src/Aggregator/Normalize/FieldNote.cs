namespace Aggregator.Normalize;

/// <summary>
/// A field of an entry that was stored other than the feed gave it: cut to its bound, kept as a hash, beyond a list's
/// limit, dropped as not a web link, a date moved back to the fetch or one that could not be read. The entry itself is stored; what it lost is counted and shown, never silent.
/// </summary>
/// <param name="Field">The field (title, author, category, categories, enclosures, enclosure type, id, link, image, published, updated, date).</param>
/// <param name="Reason">The label in aggregator_entry_fields_dropped_total: one of <see cref="Reasons"/>.</param>
/// <param name="Detail">What happened to it, for the log (sizes and counts, never the field's text).</param>
public sealed record FieldNote(string Field, string Reason, string Detail)
{
    /// <summary>Text over its field's bound, cut to it.</summary>
    public const string Cut = "cut";

    /// <summary>An overlong source id, kept as its hash (cut, two ids sharing a prefix would become one).</summary>
    public const string Hashed = "hashed";

    /// <summary>Categories or enclosures beyond the number an entry keeps.</summary>
    public const string OverLimit = "over_limit";

    /// <summary>A link, enclosure or image in a scheme a reader would hand to the operating system (ms-msdt:, intent:).</summary>
    public const string NotWeb = "not_web";

    /// <summary>A date later than the fetch (a publisher's clock or typo), stored as the fetch time.</summary>
    public const string Future = "future";

    /// <summary>A date whose text is no date the reader knows; the entry is stored without it.</summary>
    public const string Unreadable = "unreadable";

    public static IReadOnlyList<string> Reasons { get; } = [Cut, Hashed, OverLimit, NotWeb, Future, Unreadable];

    public override string ToString() => $"{Field} ({Detail})";
}
