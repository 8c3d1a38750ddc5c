namespace Aggregator.Fetch;

/// <summary>
/// Where a fetch has got to through its redirects, and how far the leading run of permanent
/// ones (301, 308) reached: that URL is what the operator can put in feeds.json instead.
/// </summary>
internal sealed class HopTracker(Uri start)
{
    private bool onlyPermanentSoFar = true;

    public Uri Url { get; private set; } = start;

    public Uri? PermanentRedirect { get; private set; }

    public void Follow(Uri target, bool permanent)
    {
        onlyPermanentSoFar &= permanent;
        if (onlyPermanentSoFar)
        {
            PermanentRedirect = target;
        }

        Url = target;
    }

    public FetchResult Failed(string error, int? statusCode = null) =>
        FetchResult.Failed(Url, error, statusCode) with { PermanentRedirect = PermanentRedirect };
}
