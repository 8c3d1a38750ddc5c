namespace Aggregator.Scrape;

/// <summary>
/// At most one DOM parse of a large page at a time across the process. The DOM of a page costs some sixty
/// times its size in memory (a 6 MB listing, 100,000 links: half a gigabyte), so several outlets serving big
/// pages in the same minute added up past a gigabyte; queued, they cost one page's worth. Small pages, nearly
/// all of them, never wait.
/// </summary>
public static class LargePageGate
{
    /// <summary>Characters from which a page queues: larger than any page in the listing and article corpora but one.</summary>
    public const int LargeChars = 1024 * 1024;

    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Waits its turn when <paramref name="html"/> is large; dispose the result when the DOM is dropped.</summary>
    public static Turn Enter(string html)
    {
        if (html.Length <= LargeChars)
        {
            return default;
        }

        Gate.Wait();
        return new Turn(held: true);
    }

    public readonly struct Turn(bool held) : IDisposable
    {
        public void Dispose()
        {
            if (held)
            {
                Gate.Release();
            }
        }
    }
}
