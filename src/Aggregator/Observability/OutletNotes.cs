namespace Aggregator.Observability;

/// <summary>
/// What an outlet lost outside the poll whose note `status` shows (a WebSub push refused, a pushed entry older than the
/// stored article, a body whose bytes did not fit its charset, dates that could not be read): the latest line of each
/// kind, kept in the store's settings under the outlet's prefix, because `explain` runs in another process than the worker.
/// </summary>
public static class OutletNotes
{
    /// <summary>Pushes refused at the outlet's callback (WebSub/PushRefusals).</summary>
    public const string PushesRefused = "websub-refused";

    /// <summary>Entries of a push older than what is stored, not applied (Store/ArticleIngest).</summary>
    public const string StalePush = "stale-push";

    private const string Prefix = "outlet-note:";

    public static string Key(string outletId, string kind) => $"{Prefix}{outletId}:{kind}";

    /// <summary>Every note of the outlet, for one settings query; the trailing colon keeps outlet "a" from reading "ab"'s.</summary>
    public static string PrefixOf(string outletId) => $"{Prefix}{outletId}:";
}
