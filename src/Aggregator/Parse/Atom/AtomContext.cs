using Aggregator.Model;

namespace Aggregator.Parse.Atom;

/// <summary>What an entry needs from its feed: the fetch URL, the feed's link, and its authors to inherit.</summary>
public sealed record AtomContext(Uri FetchUri, Uri? FeedLink, IReadOnlyList<Person> FeedAuthors);
