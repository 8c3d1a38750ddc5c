using System.Globalization;
using Aggregator.Bench.Shared;
using Aggregator.Load;
using Aggregator.ParseGc;
using Aggregator.Parse;

// Issue 23 (h55c): whether, and why, a small feed's parse costs more the more feeds were read since the last full
// collection. Times passes of N feeds from the load harness's small set (repeated past 80) for several N in turn,
// each after a full collection as the harness does, on both sides (our parse, the bare XmlReader scan), and splits
// each pass's processor time into user and kernel time, blocks of feeds, and the collections met.
//   dotnet run -c Release --project bench/Aggregator.ParseGc -- [--sizes 40,80,160] [--passes 21] [--block 16]
//       [--before full|none] [--gcs] [--nepotism]
var options = Options.Parse(args);
var content = new SyntheticContent(SampleText.Load());
var set = SmallFeeds.Build(content);
var baseUri = new Uri("https://popularresistance.example/feed/");

void Ours((byte[] Body, string Type) feed) => FeedParser.Parse(feed.Body, baseUri, feed.Type);
void Scan((byte[] Body, string Type) feed) => XmlScan.Scan(feed.Body);

// Tiered compilation settles after dozens of calls and its background compiles: warm both sides for 3 s at least.
var warm = System.Diagnostics.Stopwatch.StartNew();
for (var i = 0; i < 30 || warm.Elapsed < TimeSpan.FromSeconds(3); i++)
{
    foreach (var feed in set)
    {
        Ours(feed);
        Scan(feed);
    }
}

var passes = options.Sizes.ToDictionary(n => n, _ => (Ours: new List<PassRecord>(), Scan: new List<PassRecord>()));
var loadBefore = File.ReadAllText("/proc/loadavg").Split(' ')[0];
for (var turn = 0; turn < options.Passes; turn++)
{
    // Sizes in turn, so a slow spell of the shared machine lands on all of them alike.
    foreach (var n in options.Sizes)
    {
        var feeds = Enumerable.Range(0, n).Select(i => set[i % set.Count]).ToList();
        passes[n].Ours.Add(PassRecord.Time("ours", feeds, options, Ours));
        passes[n].Scan.Add(PassRecord.Time("scan", feeds, options, Scan));
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"passes {options.Passes}, before each pass: {options.Before}, load {loadBefore} -> {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
foreach (var n in options.Sizes)
{
    Report.Side(passes[n].Ours, options.Block);
    Report.Side(passes[n].Scan, options.Block);
    Report.Ratio(passes[n].Ours, passes[n].Scan);
    Report.CollectionCosts(passes[n].Ours, set.Count);
    Report.CollectionCosts(passes[n].Scan, set.Count);
    Report.AfterFeed(passes[n].Ours);
    Report.AfterFeed(passes[n].Scan);
    if (options.PrintCollections)
    {
        Report.Collections(passes[n].Ours);
    }
}
