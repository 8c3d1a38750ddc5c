using System.CommandLine;
using System.Security.Cryptography;
using Aggregator.Configuration;
using Aggregator.Hosting;
using Aggregator.Publish;
using Aggregator.Publish.Opml;
using Aggregator.Store;
using Aggregator.Topics;
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
            try
            {
                return await PublishAsync(parse, paths, snapshot, siteBase, outDir, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // .NET names the file at fault in the message; what was already in the folder is untouched.
                error.WriteLine($"publish: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static async Task<int> PublishAsync(ParseResult parse, AggregatorPaths paths, ConfigSnapshot snapshot, Uri siteBase, string outDir, CancellationToken ct)
    {
        Directory.CreateDirectory(outDir);

        await using var services = CliServices.Build(paths, snapshot);
        var store = services.GetRequiredService<IAggregatorStore>();
        await store.MigrateAsync(ct);
        await TopicMemberships.SyncAsync(store, snapshot.Matcher, snapshot.TopicsHash, ct);
        var site = services.GetRequiredService<ActiveConfig>();
        var builder = new TopicFeedBuilder(store, site);
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
        var holds = await new Pipeline.PollHolds(store).CurrentAsync(snapshot.Config.Outlets.Select(o => o.Id), health, ct);
        var index = IndexPage.Render(Publish.Http.SiteEndpoints.SiteTitle, snapshot.Config.AllTopics, snapshot.Config.Outlets, health, string.Empty,
            holds: holds);
        await WriteAtomicallyAsync(Path.Combine(outDir, "index.html"), System.Text.Encoding.UTF8.GetBytes(index), ct);
        var opml = OpmlWriter.Write($"{Publish.Http.SiteEndpoints.SiteTitle} outlets",
            snapshot.Config.Outlets.Select(o => TopicFeedBuilder.OutletRefOf(site, o.Id, o.Url)).ToList(),
            services.GetRequiredService<TimeProvider>().GetUtcNow());
        await WriteAtomicallyAsync(Path.Combine(outDir, "outlets.opml"), opml, ct);
        parse.InvocationConfiguration.Output.WriteLine($"wrote {snapshot.Config.AllTopics.Count()} topics to {outDir}");
        return 0;
    }

    // A web server reading the folder mid-publish sees the old file or the new one, never half of one.
    // The folder may be writable by others (a web root): a fixed temporary name, or writing to the final name,
    // would follow a symbolic link planted there and overwrite whatever it points to. So the temporary file
    // has an unguessable name and is created exclusively (O_CREAT|O_EXCL: never through an existing link),
    // and rename(2) then replaces the directory entry at the final name, a link included, never its target.
    private static async Task WriteAtomicallyAsync(string path, byte[] bytes, CancellationToken ct)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}.tmp");
        var stream = new FileStream(temp, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
        });
        try
        {
            await using (stream)
            {
                await stream.WriteAsync(bytes, ct);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            // Only ever our own file: it was created exclusively above.
            File.Delete(temp);
            throw;
        }
    }
}
