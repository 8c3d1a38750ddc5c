namespace Aggregator.Normalize;

/// <summary>
/// A field of an entry that was stored other than the feed gave it: cut to its bound, kept as a hash, beyond a list's
/// limit, or dropped as not a web link. The entry itself is stored; what it lost is counted and shown, never silent.
/// </summary>
/// <param name="Field">The field (title, author, category, categories, enclosures, enclosure type, id, link, image).</param>
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

    public static IReadOnlyList<string> Reasons { get; } = [Cut, Hashed, OverLimit, NotWeb];

    public override string ToString() => $"{Field} ({Detail})";
}
