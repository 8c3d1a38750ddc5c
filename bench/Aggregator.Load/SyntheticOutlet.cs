using System.Globalization;
using System.Text;
using Aggregator.Bench.Shared;

namespace Aggregator.Load;

/// <summary>
/// One outlet of the load test: its behaviour, and its feed at the current revision. A change
/// publishes <see cref="NewPerChange"/> new items on top, as a site does between two polls.
/// </summary>
internal sealed class SyntheticOutlet
{
    public const int NewPerChange = 5;

    private readonly SyntheticContent _content;
    private readonly Lock _gate = new();
    private byte[] _body = [];
    private string _etag = "";
    private int _revision;

    public SyntheticOutlet(SyntheticContent content, int index, Uri baseUrl, OutletBehaviour behaviour, int itemsPerFeed)
    {
        _content = content;
        Index = index;
        Id = "outlet-" + index.ToString("D4", CultureInfo.InvariantCulture);
        Url = new Uri(baseUrl, $"/{Id}/feed/");
        Site = new Uri($"https://{Id}.example/");
        Behaviour = behaviour;
        ItemsPerFeed = itemsPerFeed;
        // A third publish excerpts only, the rest one or two paragraphs of full text: 50-item feeds of 30 to 80 KB.
        FullContent = index % 3 != 0;
        Sentences = 1 + (index % 2);
        Atom = index % 5 == 4;
        // A slow site answers in 200-500 ms, the same each time.
        Delay = behaviour == OutletBehaviour.Slow ? TimeSpan.FromMilliseconds(200 + (index * 37 % 301)) : TimeSpan.Zero;
        Render();
    }

    public int Index { get; }

    public string Id { get; }

    public Uri Url { get; }

    public Uri Site { get; }

    public OutletBehaviour Behaviour { get; }

    public int ItemsPerFeed { get; }

    public int Sentences { get; }

    public bool Atom { get; }

    public bool FullContent { get; }

    public TimeSpan Delay { get; }

    public string ContentType => Atom ? "application/atom+xml; charset=utf-8" : "application/rss+xml; charset=UTF-8";

    public (byte[] Body, string ETag) Current
    {
        get
        {
            lock (_gate)
            {
                return (_body, _etag);
            }
        }
    }

    public void Change()
    {
        lock (_gate)
        {
            _revision++;
        }
        Render();
    }

    private void Render()
    {
        int revision;
        lock (_gate)
        {
            revision = _revision;
        }
        var newest = 10_000 + (revision * NewPerChange);
        var items = SyntheticFeeds.Newest(_content, Site, Index, newest, ItemsPerFeed, Sentences);
        var text = Atom ? SyntheticFeeds.Atom(Id, Site, items, FullContent) : SyntheticFeeds.Rss(Id, Site, items, FullContent);
        var body = Encoding.UTF8.GetBytes(text);
        var etag = string.Create(CultureInfo.InvariantCulture, $"\"{Id}-r{revision}\"");
        lock (_gate)
        {
            if (revision == _revision)
            {
                _body = body;
                _etag = etag;
            }
        }
    }
}
