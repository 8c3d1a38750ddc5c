namespace Aggregator.Store;

/// <summary>
/// How long one search may run before the store stops it (defaults.searchTimeout), and the clock that
/// measures it. A reader's query must never hold the store: past the limit the search ends with
/// <see cref="Exceeded"/>, which the pages and feeds serve as a 503.
/// </summary>
public sealed record SearchBudget(TimeSpan Limit, TimeProvider Clock)
{
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(2);

    public static SearchBudget Default { get; } = new(DefaultLimit, TimeProvider.System);

    /// <summary>The one-line reason a stopped search gives; its inner <see cref="TimeoutException"/> tells it from a broken store.</summary>
    public StoreException Exceeded(Exception? cause = null) => new(
        $"search: stopped after {Limit.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s (defaults.searchTimeout); narrow it with rarer words, a \"phrase\" or outlet:",
        new TimeoutException("search budget exceeded", cause));

    /// <summary>True for the exception <see cref="Exceeded"/> made.</summary>
    public static bool IsExceeded(StoreException e) => e?.InnerException is TimeoutException;
}
