using System.CommandLine;
using Aggregator.Configuration;
using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Cli;

/// <summary>`add URL`: finds the feed behind a page (autodiscovery), checks it reads, and appends the outlet to feeds.json.</summary>
public static class AddCommand
{
    private static readonly Argument<string> Url = new("url") { Description = "A feed, or a page that advertises one" };

    private static readonly Option<string?> Id = new("--id") { Description = "Outlet id (default: made from the feed's title)" };

    private static readonly Option<string?> Name = new("--name") { Description = "Outlet name (default: the feed's title)" };

    private static readonly Option<bool> Html = new("--html") { Description = "Scrape the page as a listing instead of reading a feed" };

    public static Command Create()
    {
        var command = new Command("add", "Discover the feed of a URL and add it to feeds.json") { Url, Id, Name, Html };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var paths = CommonOptions.Paths(parse);
            if (ConfigGate.Load(paths.ConfigPath, error) is not { } snapshot)
            {
                return 1;
            }
            if (!Uri.TryCreate(parse.GetValue(Url), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                error.WriteLine($"add: '{parse.GetValue(Url)}' is not an absolute http(s) URL");
                return 1;
            }

            var type = parse.GetValue(Html) ? OutletType.Html : OutletType.Feed;
            await using var services = CliServices.Build(paths, snapshot);
            ReadOutcome read;
            try
            {
                read = await services.GetRequiredService<OutletReader>()
                    .ReadAsync(new Outlet { Id = "new", Name = url.Host, Url = url, Type = type }, null, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Whatever the page provokes is its fault, told in one line, not a crash.
                read = ReadOutcome.Failed($"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ").Trim()}");
            }
            if (read.Status == ReadStatus.Failed)
            {
                error.WriteLine($"add: {Fetch.SafeUrl.ForLog(url)}: {read.Error}");
                return 1;
            }

            var feedUrl = read.ResolvedFeedUrl ?? url;
            var (ids, urls) = ConfigFileEdit.Existing(snapshot.Config);
            if (urls.Contains(UrlCanonicalizer.Canonicalize(feedUrl)))
            {
                error.WriteLine($"add: {feedUrl} is already in {paths.ConfigPath}");
                return 1;
            }
            var name = parse.GetValue(Name) ?? (string.IsNullOrWhiteSpace(read.Title) ? feedUrl.Host : EntryNormalizer.CollapseWhitespace(read.Title));
            var id = parse.GetValue(Id) ?? ConfigEditor.IdFor(name, ids);
            var draft = new OutletDraft(id, name, feedUrl, type == OutletType.Html ? "html" : null);
            if (await ConfigFileEdit.AppendAsync(paths.ConfigPath, [draft], error, ct) != 0)
            {
                return 1;
            }
            output.WriteLine($"{paths.ConfigPath}: added {id} ({feedUrl}): {read.Entries.Count} items now");
            return 0;
        });
        return command;
    }
}
