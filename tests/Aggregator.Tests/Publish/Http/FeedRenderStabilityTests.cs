using System.Net;
using System.ServiceModel.Syndication;
using System.Text.Json;
using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Publish;
using Aggregator.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Publish.Http;

/// <summary>
/// Feeds as served from a real store: a topic rendered again without a change is the same bytes with the same ETag
/// (the Atom formatter would otherwise invent ids and times), and every served Atom and RSS feed loads with
/// <see cref="SyndicationFeed.Load(System.Xml.XmlReader)"/> with the JSON Feed's items.
/// </summary>
public sealed class FeedRenderStabilityTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private static async Task<FeedServer> StartWithArticlesAsync()
    {
        // Every change rendered at once: these tests are about what a rendering holds, not when it comes.
        var server = await FeedServer.StartAsync(feedRebuildInterval: TimeSpan.Zero);
        var store = server.Services.GetRequiredService<IAggregatorStore>();
        ArticleCandidate[] articles =
        [
            new()
            {
                OutletId = "one",
                CanonicalUrl = "https://popularresistance.org/venezuela-coup/",
                Link = new Uri("https://popularresistance.org/venezuela-coup/"),
                Title = "Venezuela:\u0001 It Was A US-Led Coup All Along",
                Summary = "<p>Despite a monstrous media campaign\u2026</p>",
                Content = "<p>President Maduro\u2019s victory.</p>",
                Author = "Popular Resistance",
                Published = T0.AddHours(-3),
                Categories = ["Coups", "Venezuela"],
                Enclosures = [new Enclosure(new Uri("https://popularresistance.org/coup.mp3"))],
                Topics = ["all", "coups"],
            },
            new()
            {
                // No date, no author, no summary: first seen stands in.
                OutletId = "one",
                CanonicalUrl = "https://popularresistance.org/bolivia-coup-attempt/",
                Link = new Uri("https://popularresistance.org/bolivia-coup-attempt/"),
                Title = "Bolivia: A Coup Attempt",
                Topics = ["all", "coups"],
            },
        ];
        await store.SavePollAsync(new PollRecord { OutletId = "one", AttemptedAt = T0, Succeeded = true, StatusCode = 200, Articles = articles },
            CancellationToken.None);
        // Another outlet's copy of the first story: the feed names it (related link, "Also published by").
        await store.SavePollAsync(new PollRecord
        {
            OutletId = "two",
            AttemptedAt = T0.AddMinutes(5),
            Succeeded = true,
            StatusCode = 200,
            Articles = [articles[0] with { OutletId = "two", Link = new Uri("https://popularresistance.org/venezuela-coup/?from=two") }],
        }, CancellationToken.None);
        return server;
    }

    [Theory]
    [InlineData("atom")]
    [InlineData("rss")]
    [InlineData("json")]
    public async Task Feed_RenderedAgainWithoutAChange_IsTheSameBytesAndETag(string extension)
    {
        await using var server = await StartWithArticlesAsync();
        var cache = server.Services.GetRequiredService<FeedCache>();
        var path = new Uri($"/feeds/all.{extension}", UriKind.Relative);

        using var first = await server.Http.GetAsync(path);
        var firstBody = await first.Content.ReadAsByteArrayAsync();
        // What any stored change or config reload does: the next request renders the feed again.
        cache.Invalidate();
        using var second = await server.Http.GetAsync(path);
        var secondBody = await second.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("coup", System.Text.Encoding.UTF8.GetString(firstBody), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(firstBody, secondBody);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(first.Content.Headers.LastModified, second.Content.Headers.LastModified);

        // And it was a second rendering, not the cached one.
        var format = FeedFormatKind.All.Single(f => f.Extension == extension);
        var siteBase = new Uri(server.Http.BaseAddress!, "/");
        var before = await cache.GetAsync("all", format, 50, siteBase, CancellationToken.None);
        cache.Invalidate();
        var after = await cache.GetAsync("all", format, 50, siteBase, CancellationToken.None);
        Assert.NotSame(before!.Body, after!.Body);
        Assert.Equal(before.Body, after.Body);
        Assert.Equal(before.ETag, after.ETag);
    }

    [Fact]
    public async Task Feed_EveryServedAtomAndRssTopic_LoadsWithSyndicationFeedWithTheJsonFeedsItems()
    {
        await using var server = await StartWithArticlesAsync();

        foreach (var topic in new[] { "all", "coups" })
        {
            using var json = JsonDocument.Parse(await server.Http.GetStringAsync(new Uri($"/feeds/{topic}.json", UriKind.Relative)));
            var expected = json.RootElement.GetProperty("items").EnumerateArray()
                .Select(i => (Id: i.GetProperty("id").GetString()!, Title: i.GetProperty("title").GetString()!, Link: i.GetProperty("url").GetString()!))
                .ToList();
            Assert.Equal(2, expected.Count);

            foreach (var extension in new[] { "atom", "rss" })
            {
                var body = await server.Http.GetByteArrayAsync(new Uri($"/feeds/{topic}.{extension}", UriKind.Relative));
                SyndicationFeed loaded = SyndicationLoadOracleTests.Load(body);

                var items = loaded.Items
                    .Select(i => (Id: i.Id, Title: i.Title.Text, Link: i.Links.Single(l => l.RelationshipType == "alternate").Uri.AbsoluteUri))
                    .ToList();
                Assert.Equal(expected, items);
                Assert.Contains(loaded.Items, i => i.Links.Any(l => l.RelationshipType == "enclosure"));
            }
        }
    }
}
