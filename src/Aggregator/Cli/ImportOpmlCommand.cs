using System.CommandLine;
using Aggregator.Configuration;
using Aggregator.Model;
using Aggregator.Normalize;

namespace Aggregator.Cli;

/// <summary>`import-opml FILE`: merges another reader's OPML export into feeds.json, keeping its comments and layout.</summary>
public static class ImportOpmlCommand
{
    private static readonly Argument<string> File = new("file") { Description = "OPML file exported from another reader" };

    public static Command Create()
    {
        var command = new Command("import-opml", "Add the feeds of an OPML export to feeds.json (existing ones are skipped)") { File };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var path = CommonOptions.Paths(parse).ConfigPath;
            if (ConfigGate.Load(path, error) is not { } snapshot)
            {
                error.WriteLine($"{path}: fix these problems before importing");
                return 1;
            }
            var file = parse.GetValue(File)!;
            IReadOnlyList<OpmlOutlines.Outline>? outlines;
            string? problem;
            try
            {
                await using var stream = System.IO.File.OpenRead(file);
                outlines = OpmlOutlines.Read(stream, out problem);
            }
            catch (IOException e)
            {
                (outlines, problem) = (null, e.Message);
            }
            if (outlines is null)
            {
                error.WriteLine($"{file}: {problem}");
                return 1;
            }

            var (ids, urls) = ConfigFileEdit.Existing(snapshot.Config);
            var drafts = new List<OutletDraft>();
            foreach (var outline in outlines)
            {
                if (urls.Add(UrlCanonicalizer.Canonicalize(outline.FeedUrl)))
                {
                    drafts.Add(new OutletDraft(ConfigEditor.IdFor(outline.Title, ids), outline.Title, outline.FeedUrl));
                }
            }
            if (drafts.Count > 0 && await ConfigFileEdit.AppendAsync(path, drafts, error, ct) != 0)
            {
                return 1;
            }
            output.WriteLine($"{path}: added {drafts.Count} outlets ({outlines.Count - drafts.Count} already present)");
            foreach (var draft in drafts)
            {
                output.WriteLine($"  {draft.Id}  {draft.Url}");
            }
            return 0;
        });
        return command;
    }
}
