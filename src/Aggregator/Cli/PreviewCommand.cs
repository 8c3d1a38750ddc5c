using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Aggregator.Configuration;
using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Parse;
using Aggregator.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Cli;

/// <summary>
/// `preview URL|FILE…`: what ingestion would store for each input, as one JSON line, without storing.
/// Runs the same reader and normalizer as a poll, so "why does this feed look wrong?" has a true answer.
/// </summary>
public static class PreviewCommand
{
    private static readonly Argument<string[]> Inputs = new("input") { Description = "Feed or page URLs, or files", Arity = ArgumentArity.OneOrMore };

    private static readonly Option<string> Type = CreateType();

    private static readonly Option<string?> Scrape = new("--scrape") { Description = "Scrape selectors as JSON, e.g. '{\"item\":\"div.article\"}'" };

    private static readonly Option<Uri?> Base = new("--base")
    {
        Description = "The URL a file's relative links resolve against (default: the file's own file: URI)",
        CustomParser = result => Uri.TryCreate(result.Tokens.Single().Value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : Fail(result, $"--base: \"{result.Tokens.Single().Value}\" is not an absolute http(s) URL"),
    };

    private static Uri? Fail(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return null;
    }

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static Option<string> CreateType()
    {
        var option = new Option<string>("--type") { Description = "feed (default) or html", DefaultValueFactory = _ => "feed" };
        option.AcceptOnlyFromAmong("feed", "html");
        return option;
    }

    public static Command Create()
    {
        var command = new Command("preview", "Print what would be ingested from each feed or page, without storing") { Inputs, Type, Scrape, Base };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var type = parse.GetValue(Type) == "html" ? OutletType.Html : OutletType.Feed;
            ScrapeRules? rules = null;
            if (parse.GetValue(Scrape) is { } scrapeJson)
            {
                // The rules and messages of feeds.json's "scrape" block, so the two never disagree about a selector.
                rules = ScrapeRulesLoader.Parse(scrapeJson, "--scrape", out var problems);
                if (rules is null)
                {
                    foreach (var problem in problems)
                    {
                        parse.InvocationConfiguration.Error.WriteLine(problem.ToString());
                    }
                    return 2;
                }
                type = OutletType.Html;
            }

            // Fetch settings come from the config when there is one; previewing needs no valid config.
            var loaded = ConfigLoader.Load(CommonOptions.Paths(parse).ConfigPath);
            var snapshot = ConfigSnapshot.From(loaded.IsValid ? loaded.Config! : new AggregatorConfig(), CommonOptions.Paths(parse).ConfigPath);
            await using var services = CliServices.Build(CommonOptions.Paths(parse), snapshot);
            var reader = services.GetRequiredService<OutletReader>();
            var time = services.GetRequiredService<TimeProvider>();

            var failed = false;
            foreach (var input in parse.GetValue(Inputs)!)
            {
                var baseUri = BaseOf(input, parse.GetValue(Base));
                var outcome = await ReadAsync(reader, input, baseUri, type, rules, ct);
                failed |= outcome.Status == ReadStatus.Failed;
                output.WriteLine(Render(input, outcome, time.GetUtcNow(), baseUri));
            }
            return failed ? 2 : 0;
        });
        return command;
    }

    /// <summary>What an input's relative links resolve against: --base, else a file's own file: URI, else the URL itself.</summary>
    private static Uri BaseOf(string input, Uri? given)
    {
        if (given is not null)
        {
            return given;
        }
        if (File.Exists(input))
        {
            return new Uri(Path.GetFullPath(input));
        }
        return Uri.TryCreate(input, UriKind.Absolute, out var url) ? url : new Uri(Path.GetFullPath(input));
    }

    private static async Task<ReadOutcome> ReadAsync(OutletReader reader, string input, Uri baseUri, OutletType type, ScrapeRules? rules, CancellationToken ct)
    {
        try
        {
            if (File.Exists(input))
            {
                var body = await File.ReadAllBytesAsync(input, ct);
                return reader.ReadBody(body, baseUri, null, type, rules);
            }
            if (Uri.TryCreate(input, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            {
                var outlet = new Outlet { Id = "preview", Name = input, Url = url, Type = type, Scrape = rules };
                return await reader.ReadAsync(outlet, null, ct);
            }
            return ReadOutcome.Failed("input: neither a readable file nor an http(s) URL");
        }
        catch (IOException e)
        {
            return ReadOutcome.Failed($"input: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            return ReadOutcome.Failed($"input: {e.Message}");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Whatever the input provokes is its line's error, and the other inputs are still read.
            return ReadOutcome.Failed($"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ").Trim()}");
        }
    }

    public static string Render(string input, ReadOutcome outcome, DateTimeOffset now, Uri baseUri)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("format", FormatName(outcome.Format));
            json.WriteString("version", outcome.Version);
            json.WriteString("title", outcome.Title is null ? null : EntryNormalizer.CollapseWhitespace(outcome.Title));
            json.WriteString("link", outcome.Link?.AbsoluteUri);
            if (outcome.Structure is not null)
            {
                json.WriteString("structure", outcome.Structure);
            }
            json.WriteStartArray("items");
            // An entry without a link of its own is served with the feed's page, else the address it was read from;
            // as `poll` does, a feed page in another scheme is no fallback for an item's link.
            var fallback = PublicLink.Of(outcome.Link) ?? baseUri;
            foreach (var entry in outcome.Entries)
            {
                var item = EntryNormalizer.Normalize(entry, "preview", fallback, now);
                json.WriteStartObject();
                json.WriteString("id", item.SourceId);
                json.WriteString("title", item.Title);
                // A local file's relative links resolve to file: URIs, which a poll never stores: shown as they resolved,
                // so the operator sees where they would go.
                json.WriteString("link", (entry.Link is { IsFile: true } local && baseUri.IsFile ? local : item.Link).AbsoluteUri);
                WriteTime(json, "published", item.Published);
                WriteTime(json, "updated", item.Updated);
                json.WriteString("author", item.Author);
                json.WriteString("summary", item.Summary is null ? null : HtmlText.ToPlainText(item.Summary, TextLayout.Blocks));
                json.WriteString("content", item.Content);
                json.WriteStartArray("categories");
                foreach (var category in item.Categories)
                {
                    json.WriteStringValue(category);
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (outcome.Warnings.Count > 0)
            {
                json.WriteStartArray("warnings");
                foreach (var warning in outcome.Warnings)
                {
                    json.WriteStringValue(warning);
                }
                json.WriteEndArray();
            }
            json.WriteString("error", outcome.Error);
            json.WriteString("input", input);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string? FormatName(FeedFormat? format) => format switch
    {
        FeedFormat.Rss => "rss",
        FeedFormat.Rdf => "rdf",
        FeedFormat.Atom => "atom",
        FeedFormat.JsonFeed => "json",
        FeedFormat.Html => "html",
        _ => null,
    };

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? time)
    {
        if (time is { } t)
        {
            json.WriteString(name, t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
