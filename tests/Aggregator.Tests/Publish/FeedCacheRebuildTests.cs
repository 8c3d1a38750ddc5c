using Aggregator.Configuration;
using Aggregator.Hosting;
using Aggregator.Model;
using Aggregator.Pipeline;
using Aggregator.Publish;
using Aggregator.Store;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aggregator.Tests.Publish;

/// <summary>
/// Issue 23: while a round ingests, every commit outdates the rendered feeds. Readers must not queue behind
/// the rebuild: one rebuild runs, the first reader who asks after the change waits for it, everyone else gets the last
/// rendering; a feed that is being read is rendered again when the change is signalled, not when a reader comes.
/// The rebuild is held inside the feed builder (it names each item's outlet from the catalog, after the store
/// read), so "while it runs" is a state the test controls, not a race it hopes to win.
/// </summary>
public sealed class FeedCacheRebuildTests
{
    private static readonly Uri Site = new("http://127.0.0.1/");

    [Fact]
    public async Task WhileARebuildIsHeld_ReadersGetTheLastRendering_AndTheCommitShowsOnceItLands()
    {
        await using var rig = await Rig.StartAsync();
        await rig.RefreshAsync("popular-resistance");
        var before = await rig.GetAsync();

        rig.Catalog.Hold();
        await rig.RefreshAsync("marxist-com");
        // The commit began the rebuild (all.atom was read since its rendering). Asked here, not on another thread: the
        // rebuild runs on the pool, and the starter must be the reader who waits for it before the 16 below ask; on
        // Task.Run it could come after the first of them (CI saw that once), which then waited in its place.
        var starter = rig.Ask();
        await rig.Catalog.Entered;
        var during = Enumerable.Range(0, 16)
            .Select(_ => rig.Ask())
            .ToList();

        // Answered at once, without waiting for the rebuild, with the old bytes and the ETag of those bytes.
        Assert.All(during, t => Assert.True(t.IsCompletedSuccessfully));
        var answers = await Task.WhenAll(during);
        Assert.All(answers, a => Assert.Same(before, a));
        Assert.Equal(FeedCache.ETagOf(before.Body), answers[0]!.ETag);
        Assert.False(starter.IsCompleted);
        Assert.Equal(2, rig.Cache.Rebuilds);

        rig.Catalog.Release();
        var after = await starter;
        var next = await rig.GetAsync();

        Assert.NotEqual(before.ETag, after!.ETag);
        Assert.Contains("marxist", System.Text.Encoding.UTF8.GetString(after.Body), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("marxist", System.Text.Encoding.UTF8.GetString(before.Body), StringComparison.OrdinalIgnoreCase);
        Assert.Same(after, next);
        Assert.Equal(2, rig.Cache.Rebuilds);
    }

    [Fact]
    public async Task AFeedNotRenderedYet_IsRenderedOnce_ForAllWhoAskWhileItRenders()
    {
        await using var rig = await Rig.StartAsync();
        await rig.RefreshAsync("popular-resistance");

        rig.Catalog.Hold();
        var first = Task.Run(() => rig.Ask());
        await rig.Catalog.Entered;
        var others = Enumerable.Range(0, 8)
            .Select(_ => rig.Ask())
            .ToList();
        // Nothing to show yet, so they wait for the one rebuild rather than start their own.
        Assert.All(others, t => Assert.False(t.IsCompleted));

        rig.Catalog.Release();
        var feed = await first;
        var all = await Task.WhenAll(others);

        Assert.NotNull(feed);
        Assert.All(all, f => Assert.Same(feed, f));
        Assert.Equal(1, rig.Cache.Rebuilds);
    }

    [Fact]
    public async Task AReaderWhoGivesUp_DoesNotStopTheRebuildOthersWaitFor()
    {
        await using var rig = await Rig.StartAsync();
        await rig.RefreshAsync("popular-resistance");

        rig.Catalog.Hold();
        using var gaveUp = new CancellationTokenSource();
        // Asked here, not on Task.Run: there the quitter could be held up between starting the rebuild and waiting for it
        // until after the cancel and the release, and a wait begun on a finished rebuild returns it, cancelled or not
        // (Task.WaitAsync looks at the task first); a loaded run saw that once in 9.
        var quitter = rig.Ask(gaveUp.Token);
        await rig.Catalog.Entered;
        var patient = Task.Run(() => rig.Ask());
        await gaveUp.CancelAsync();

        rig.Catalog.Release();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => quitter);
        Assert.NotNull(await patient);
        Assert.Equal(1, rig.Cache.Rebuilds);
    }

    [Fact]
    public async Task AFeedReadSinceItsRendering_IsRenderedAgainWhenACommitIsSignalled_WithoutWaitingForAReader()
    {
        await using var rig = await Rig.StartAsync();
        await rig.RefreshAsync("popular-resistance");
        var before = await rig.GetAsync();

        rig.Catalog.Hold();
        await rig.RefreshAsync("marxist-com");
        // No reader has asked since the commit, yet its rebuild is under way (held in the catalog).
        await rig.Catalog.Entered.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(2, rig.Cache.Rebuilds);
        var first = rig.Ask();
        var others = Enumerable.Range(0, 8).Select(_ => rig.Ask()).ToList();
        Assert.All(others, t => Assert.Same(before, t.Result));
        Assert.False(first.IsCompleted);

        rig.Catalog.Release();
        var after = await first;

        // The reader waited for the rebuild the commit began, not for one of its own.
        Assert.Contains("marxist", System.Text.Encoding.UTF8.GetString(after!.Body), StringComparison.OrdinalIgnoreCase);
        Assert.Same(after, await rig.GetAsync());
        Assert.Equal(2, rig.Cache.Rebuilds);
    }

    [Fact]
    public async Task ALoneReaderAfterTwoCommits_WaitsPastTheRebuildBegunForTheFirst_AndSeesTheSecond()
    {
        await using var rig = await Rig.StartAsync();
        await rig.RefreshAsync("popular-resistance");
        var before = await rig.GetAsync();

        rig.Catalog.Hold();
        await rig.RefreshAsync("marxist-com");
        await rig.Catalog.Entered.WaitAsync(TimeSpan.FromMinutes(1));
        // A second commit while the rebuild the first one began is held: that rebuild cannot show it.
        await rig.RefreshAsync("peoples-dispatch");
        var reader = rig.Ask();
        Assert.False(reader.IsCompleted);

        rig.Catalog.Release();
        var seen = await reader;

        // It waited for the rebuild begun when the held one landed, so what it got is what the store holds now.
        Assert.NotSame(before, seen);
        Assert.Equal(3, rig.Cache.Rebuilds);
        Assert.Same(seen, await rig.GetAsync());
        Assert.Equal(3, rig.Cache.Rebuilds);
    }

    [Fact]
    public async Task ARebuildBegunByACommitThatFails_IsLogged_AndTheNextReaderGetsTheCommit()
    {
        await using var rig = await Rig.StartAsync();
        await rig.RefreshAsync("popular-resistance");
        var before = await rig.GetAsync();

        rig.Catalog.FailNext();
        await rig.RefreshAsync("marxist-com");
        // Nobody waits for the rebuild the commit began: its failure is the log's to tell.
        var line = await Eventually(() => rig.Log.Lines.FirstOrDefault(l => l.Contains("not rendered", StringComparison.Ordinal)));
        Assert.Equal("Warning: Feed all.atom not rendered: catalog unreadable; the next reader to ask starts another rendering", line);

        var after = await rig.GetAsync();
        Assert.NotSame(before, after);
        Assert.Contains("marxist", System.Text.Encoding.UTF8.GetString(after.Body), StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<string> Eventually(Func<string?> probe)
    {
        for (var i = 0; i < 600; i++)
        {
            if (probe() is { } found)
            {
                return found;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("nothing logged within a minute");
    }

    [Fact]
    public async Task WarmedFeeds_AreServedToTheirFirstReaders_AndNotRenderedPerCommitUntilRead()
    {
        await using var rig = await Rig.StartAsync();
        await rig.RefreshAsync("popular-resistance");
        var feeds = rig.Catalog.Topics.Count() * FeedFormatKind.All.Count;

        await rig.Cache.WarmAsync(Site, 50, CancellationToken.None);
        Assert.Equal(feeds, rig.Cache.Rebuilds);
        Assert.Equal(feeds, rig.Cache.Count);
        var warmed = await rig.GetAsync();
        Assert.Contains("popular", System.Text.Encoding.UTF8.GetString(warmed.Body), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(feeds, rig.Cache.Rebuilds);

        // Read once: the next commit renders all.atom again, but none of the warmed feeds nobody read.
        await rig.RefreshAsync("marxist-com");
        Assert.Equal(feeds + 1, rig.Cache.Rebuilds);
        var json = await rig.Cache.GetAsync(TopicDefinition.AllId, FeedFormatKind.Json, 50, Site, CancellationToken.None);
        Assert.Contains("marxist", System.Text.Encoding.UTF8.GetString(json!.Body), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(feeds + 2, rig.Cache.Rebuilds);
    }

    [Fact]
    public async Task UnderAStreamOfCommits_AFeedIsRenderedOncePerInterval_ReadersDoNotWait_AndEveryCommitShowsWhenItIsUp()
    {
        var clock = new ArmedTimersClock(new DateTimeOffset(2026, 12, 6, 18, 0, 0, TimeSpan.Zero));
        await using var rig = await Rig.StartAsync(clock, TimeSpan.FromSeconds(1));
        await rig.RefreshAsync("popular-resistance");
        var before = await rig.GetAsync();
        Assert.Equal(1, rig.Cache.Rebuilds);

        // Two commits within the interval of that rendering: neither starts one, and nobody waits.
        await rig.RefreshAsync("marxist-com");
        await rig.RefreshAsync("peoples-dispatch");
        var during = Enumerable.Range(0, 16).Select(_ => rig.Ask()).ToList();
        Assert.All(during, t => Assert.True(t.IsCompletedSuccessfully));
        Assert.All(during, t => Assert.Same(before, t.Result));
        Assert.Equal(1, rig.Cache.Rebuilds);
        Assert.Equal(1, clock.Pending);

        // The interval is up: one rendering for both commits, which the next reader waits for.
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, rig.Cache.Rebuilds);
        var after = await rig.GetAsync();
        Assert.Contains("marxist", System.Text.Encoding.UTF8.GetString(after.Body), StringComparison.OrdinalIgnoreCase);
        // The same bytes as a rendering of what the store holds now, after both commits.
        var now = await rig.Cache.GetPageAsync(TopicDefinition.AllId, FeedFormatKind.Atom, new TopicPageRequest(50), Site, CancellationToken.None);
        Assert.Equal(now!.Body, after.Body);
        Assert.Same(after, await rig.GetAsync());
        Assert.Equal(2, rig.Cache.Rebuilds);
        Assert.Equal(0, clock.Pending);
    }

    [Fact]
    public async Task AfterAQuietInterval_TheFirstReaderAfterACommit_WaitsForTheRenderingThatShowsIt()
    {
        var clock = new ArmedTimersClock(new DateTimeOffset(2026, 12, 6, 18, 0, 0, TimeSpan.Zero));
        await using var rig = await Rig.StartAsync(clock, TimeSpan.FromSeconds(1));
        await rig.RefreshAsync("popular-resistance");
        var before = await rig.GetAsync();
        clock.Advance(TimeSpan.FromSeconds(1));

        rig.Catalog.Hold();
        await rig.RefreshAsync("marxist-com");
        // An interval since the last rendering: the commit renders at once, as with no interval.
        await rig.Catalog.Entered.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(2, rig.Cache.Rebuilds);
        var reader = rig.Ask();
        Assert.False(reader.IsCompleted);
        Assert.Same(before, await rig.Ask());

        rig.Catalog.Release();
        var after = await reader;
        Assert.Contains("marxist", System.Text.Encoding.UTF8.GetString(after!.Body), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, clock.Pending);
    }

    [Fact]
    public async Task ASlotDroppedWithARenderingDue_IsNotRenderedWhenTheIntervalIsUp()
    {
        var clock = new ArmedTimersClock(new DateTimeOffset(2026, 12, 6, 18, 0, 0, TimeSpan.Zero));
        await using var rig = await Rig.StartAsync(clock, TimeSpan.FromSeconds(1));
        await rig.RefreshAsync("popular-resistance");
        await rig.GetAsync();
        await rig.RefreshAsync("marxist-com");
        Assert.Equal(1, clock.Pending);

        // Readers naming as many site addresses as the cache holds (as made-up Host headers do): the cache drops every slot.
        var rendered = 1L;
        for (var i = 0; rig.Cache.Count > 1 || i == 0; i++)
        {
            var other = new Uri($"http://host-{i}.invalid/");
            Assert.NotNull(await rig.Cache.GetAsync(TopicDefinition.AllId, FeedFormatKind.Atom, 50, other, CancellationToken.None));
            rendered++;
            Assert.True(i < 1_000, "the cache never dropped its slots");
        }
        Assert.Equal(rendered, rig.Cache.Rebuilds);
        Assert.Equal(0, clock.Pending);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(rendered, rig.Cache.Rebuilds);
        // The dropped feed, asked for again, is a new slot rendered for its reader, with the commit.
        var again = await rig.GetAsync();
        Assert.Contains("marxist", System.Text.Encoding.UTF8.GetString(again.Body), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(rendered + 1, rig.Cache.Rebuilds);
    }

    /// <summary>A real store and refresher over the test outlets, and a feed cache whose builder reads the catalog through <see cref="HeldCatalog"/>.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly OutletsWorld _world;
        private readonly ServiceProvider _services;
        private readonly ConfigSnapshot _snapshot;

        private Rig(OutletsWorld world, ServiceProvider services, ConfigSnapshot snapshot, TimeProvider time, TimeSpan interval)
        {
            _world = world;
            _services = services;
            _snapshot = snapshot;
            Catalog = new HeldCatalog(services.GetRequiredService<ISiteCatalog>());
            var builder = new TopicFeedBuilder(services.GetRequiredService<IAggregatorStore>(), Catalog);
            Cache = new FeedCache(builder, services.GetRequiredService<StoreChangeSignal>(), Catalog, time, new LoggerFactory([Log]).CreateLogger<FeedCache>(),
                rebuildInterval: interval);
        }

        public HeldCatalog Catalog { get; }

        public CapturedLog Log { get; } = new();

        public FeedCache Cache { get; }

        /// <param name="time">The cache's clock (the system's unless given).</param>
        /// <param name="interval">The cache's least time between renderings begun by changes: zero (each change rendered at once) unless given.</param>
        public static async Task<Rig> StartAsync(TimeProvider? time = null, TimeSpan? interval = null)
        {
            var world = await OutletsWorld.StartAsync();
            var snapshot = ConfigSnapshot.From(ConfigLoader.Load(world.ConfigPath).Config!, world.ConfigPath);
            var services = new ServiceCollection()
                .AddAggregatorPipeline(new AggregatorPaths(world.ConfigPath, world.DataPath), snapshot)
                .BuildServiceProvider();
            await services.GetRequiredService<IAggregatorStore>().MigrateAsync(CancellationToken.None);
            return new Rig(world, services, snapshot, time ?? TimeProvider.System, interval ?? TimeSpan.Zero);
        }

        /// <summary>One real poll, stored and signalled as the worker's are.</summary>
        public async Task RefreshAsync(string outletId)
        {
            var report = await _services.GetRequiredService<OutletRefresher>().RefreshAsync(_snapshot.FindOutlet(outletId)!, CancellationToken.None);
            Assert.True(report.New > 0, report.Error);
        }

        /// <summary>The combined Atom feed as a reader asks for it; may still be running when it returns.</summary>
        public Task<RenderedFeed?> Ask(CancellationToken ct = default) =>
            Cache.GetAsync(TopicDefinition.AllId, FeedFormatKind.Atom, 50, Site, ct).AsTask();

        public async Task<RenderedFeed> GetAsync() => (await Ask())!;

        public async ValueTask DisposeAsync()
        {
            Catalog.Release();
            Cache.Dispose();
            await _services.DisposeAsync();
            await _world.DisposeAsync();
            Catalog.Dispose();
        }
    }

    /// <summary>The real catalog, except that once held, the next outlet lookup blocks until released.</summary>
    private sealed class HeldCatalog(ISiteCatalog inner) : ISiteCatalog, IDisposable
    {
        private readonly ManualResetEventSlim _open = new(true);
        private TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _held;
        private int _failing;

        /// <summary>Completes when a lookup is blocked in the hold.</summary>
        public Task Entered => _entered.Task;

        public void Hold()
        {
            _entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _open.Reset();
            Volatile.Write(ref _held, 1);
        }

        public void Release() => _open.Set();

        /// <summary>The next outlet lookup throws, as a store or catalog fault inside a rendering would.</summary>
        public void FailNext() => Volatile.Write(ref _failing, 1);

        public void Dispose() => _open.Dispose();

        public Outlet? Find(string id)
        {
            if (Interlocked.Exchange(ref _failing, 0) == 1)
            {
                throw new InvalidOperationException("catalog unreadable");
            }
            if (Interlocked.Exchange(ref _held, 0) == 1)
            {
                _entered.TrySetResult();
                _open.Wait();
            }
            return inner.Find(id);
        }

        public IEnumerable<TopicDefinition> Topics => inner.Topics;

        public string ConfigFile => inner.ConfigFile;

        public IReadOnlyList<Outlet> Outlets => inner.Outlets;

        public Defaults Defaults => inner.Defaults;

        public event Action? Reloaded
        {
            add => inner.Reloaded += value;
            remove => inner.Reloaded -= value;
        }

        public event Action? OutletsChanged
        {
            add => inner.OutletsChanged += value;
            remove => inner.OutletsChanged -= value;
        }

        public TopicDefinition? FindTopic(string id) => inner.FindTopic(id);
    }
}
