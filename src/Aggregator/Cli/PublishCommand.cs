using System.CommandLine;
using Aggregator.Hosting;
using Aggregator.Publish;
using Aggregator.Publish.Opml;
using Aggregator.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Cli;

/// <summary>`publish --out DIR`: every topic feed in every format, the index and the OPML, as static files.</summary>
public static class PublishCommand
{
    private static readonly Option<string> Out = new("--out") { Description = "Folder to write into", Required = true };

    private static readonly Option<string?> BaseUrl = new("--base-url")
    {
        Description = "Absolute URL the folder will be served at, for the feeds' self links (default: defaults.publicUrl, else http://127.0.0.1:8080/)",
    };

    public static Command Create()
    {
        var command = new Command("publish", "Write every topic feed, index.html and outlets.opml as static files") { Out, BaseUrl };
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var paths = CommonOptions.Paths(parse);
            if (ConfigGate.Load(paths.ConfigPath, error) is not { } snapshot)
            {
                return 1;
            }
            var baseText = parse.GetValue(BaseUrl) ?? snapshot.Config.Defaults.PublicUrl?.AbsoluteUri ?? "http://127.0.0.1:8080/";
            if (!Uri.TryCreate(baseText.EndsWith('/') ? baseText : baseText + "/", UriKind.Absolute, out var siteBase)
                || siteBase.Scheme is not ("http" or "https"))
            {
                error.WriteLine($"--base-url: '{baseText}' is not an absolute http(s) URL");
                return 1;
            }
            var outDir = Path.GetFullPath(parse.GetValue(Out)!);
            Directory.CreateDirectory(outDir);

            await using var services = CliServices.Build(paths, snapshot);
            var store = services.GetRequiredService<IAggregatorStore>();
            await store.MigrateAsync(ct);
            await TopicMemberships.SyncAsync(store, snapshot, ct);
            var builder = new TopicFeedBuilder(store, services.GetRequiredService<ActiveConfig>());
            var limit = snapshot.Config.Defaults.MaxItemsPerFeed;

            foreach (var topic in snapshot.Config.AllTopics)
            {
                // Static files sit side by side, so the feeds' own URLs are base/<topic>.<ext>.
                var feed = (await builder.BuildAsync(topic.Id, limit, siteBase, ct))! with { FeedBaseUrl = siteBase };
                foreach (var format in FeedFormatKind.All)
                {
                    await WriteAtomicallyAsync(Path.Combine(outDir, $"{topic.Id}.{format.Extension}"), format.Write(feed), ct);
                }
            }
            var health = (await store.GetOutletsAsync(ct)).ToDictionary(s => s.OutletId);
            var index = IndexPage.Render(Publish.Http.SiteEndpoints.SiteTitle, snapshot.Config.AllTopics, snapshot.Config.Outlets, health, string.Empty);
            await WriteAtomicallyAsync(Path.Combine(outDir, "index.html"), System.Text.Encoding.UTF8.GetBytes(index), ct);
            var opml = OpmlWriter.Write($"{Publish.Http.SiteEndpoints.SiteTitle} outlets",
                snapshot.Config.Outlets.Select(o => TopicFeedBuilder.OutletRefOf(snapshot, o.Id, o.Url)).ToList(),
                services.GetRequiredService<TimeProvider>().GetUtcNow());
            await WriteAtomicallyAsync(Path.Combine(outDir, "outlets.opml"), opml, ct);
            parse.InvocationConfiguration.Output.WriteLine($"wrote {snapshot.Config.AllTopics.Count()} topics to {outDir}");
            return 0;
        });
        return command;
    }

    // A web server reading the folder mid-publish sees the old file or the new one, never half of one.
    private static async Task WriteAtomicallyAsync(string path, byte[] bytes, CancellationToken ct)
    {
        var temp = path + ".tmp";
        await File.WriteAllBytesAsync(temp, bytes, ct);
        File.Move(temp, path, overwrite: true);
    }
}
