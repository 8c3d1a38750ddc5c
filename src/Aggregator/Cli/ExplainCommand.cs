using System.CommandLine;
using System.Globalization;
using Aggregator.Configuration;
using Aggregator.Model;
using Aggregator.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Cli;

/// <summary>
/// `explain ARTICLE-ID`: every stored copy of the article's story, which one topic feeds show, and why each was matched.
/// `explain OUTLET`: the outlet's `status` row (its last poll's note: fields and dates not kept as given), why its polls
/// wait when they are held, and what was refused outside polls (WebSub pushes refused, pushed entries older than stored).
/// </summary>
public static class ExplainCommand
{
    private const string UrnPrefix = "urn:aggregator:article:";

    private static readonly Argument<string> Article = new("id")
    {
        Description = "An article id (as in a feed's <id>, with or without its urn:aggregator:article: prefix), or an outlet id",
    };

    public static Command Create()
    {
        var command = new Command("explain",
            "Show why an article was shown once with other copies (level, similarity, reason), or why an outlet's polls wait") { Article };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var paths = CommonOptions.Paths(parse);
            var loaded = Configuration.ConfigLoader.Load(paths.ConfigPath);
            var snapshot = ConfigSnapshot.From(loaded.Config ?? new AggregatorConfig(), paths.ConfigPath);
            await using var services = CliServices.Build(paths, snapshot);
            var store = services.GetRequiredService<IAggregatorStore>();
            await store.MigrateAsync(ct);

            var id = parse.GetValue(Article)!.Trim();
            id = id.StartsWith(UrnPrefix, StringComparison.Ordinal) ? id[UrnPrefix.Length..] : id;
            var members = await store.GetClusterAsync(id, ct);
            if (members.Count == 0)
            {
                // An article's id is 20 base32 characters, an outlet's a name: an outlet is looked for only when no article has the id.
                var outlet = snapshot.Config.Outlets.FirstOrDefault(o => o.Id == id);
                var state = await store.GetOutletAsync(id, ct);
                if (outlet is null && state is null)
                {
                    parse.InvocationConfiguration.Error.WriteLine($"explain: no article or outlet with id '{id}'");
                    return 1;
                }
                await ExplainOutletAsync(output, outlet ?? new Outlet { Id = id, Name = id, Url = new Uri("about:blank") }, state, store, ct);
                return 0;
            }
            output.WriteLine(members.Count == 1
                ? $"{id}: one copy; no other outlet published this story"
                : $"{id}: one story, {members.Count} copies; topic feeds show the first seen");
            foreach (var member in members)
            {
                var why = member.Level is null ? "first seen" : string.Create(CultureInfo.InvariantCulture,
                    $"{member.Level} ({member.Similarity:0.00}) with {member.DuplicateOf}: {member.Reason}");
                output.WriteLine($"{(member.ArticleId == id ? "*" : " ")} {member.ArticleId}  {member.OutletId}  "
                    + $"{member.FirstSeen.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}  "
                    + $"{(member.Shown ? "shown" : "copy")}  {why}");
                output.WriteLine($"    {member.Title}");
                output.WriteLine($"    {member.Link}");
            }
            if (await store.GetBacklogStateAsync(id, ct) is { } page)
            {
                output.WriteLine(FullTextLine(page));
            }
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The outlet's `status` row (the same columns and words), then, when its polls are held, a line saying what that
    /// means: nothing is sent until the hold ends, and the beats before are skipped without counting as failures.
    /// </summary>
    private static async Task ExplainOutletAsync(TextWriter output, Outlet outlet, OutletHealth? state, IAggregatorStore store, CancellationToken ct)
    {
        var states = state is null ? new Dictionary<string, OutletHealth>() : new Dictionary<string, OutletHealth> { [outlet.Id] = state };
        var hold = await new Pipeline.PollHolds(store).CurrentAsync(outlet.Id, state, ct);
        var holds = hold is null ? null : new Dictionary<string, Pipeline.PollHold> { [outlet.Id] = hold };
        var webSub = await store.GetSettingAsync(WebSub.WebSubSubscriber.FailureKey(outlet.Id), ct) is { Length: > 0 } failure
            ? new Dictionary<string, string> { [outlet.Id] = failure }
            : null;
        StatusCommand.Write(output, [outlet], states, webSub, holds);
        if (hold is not null)
        {
            output.WriteLine(HoldLine(outlet.Id, hold));
        }
        // What the poll's note does not carry (a push refused or too old), each kind's latest line.
        var notes = await store.GetSettingsAsync(Observability.OutletNotes.PrefixOf(outlet.Id), ct);
        foreach (var (_, note) in notes.Where(n => n.Value.Length > 0).OrderBy(n => n.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{outlet.Id}: {Normalize.PublicLink.Redact(note)}");
        }
    }

    /// <summary>Why a held outlet is not polled: status's words for the hold, and what happens until and at its end.</summary>
    public static string HoldLine(string outletId, Pipeline.PollHold hold) =>
        $"{outletId}: polls held since {Time(hold.HeldAt)}, {Normalize.PublicLink.Redact(hold.Line)}; nothing is sent to the outlet until "
        + $"{Time(hold.Until)}, its beats before then are skipped and not counted as failures, and it is polled then";

    /// <summary>Where the article's page stands in its outlet's full-text backlog; until it arrives the article shows its feed's text.</summary>
    public static string FullTextLine(BacklogState page)
    {
        var error = page.LastError is null ? "" : $": {Normalize.PublicLink.Redact(page.LastError)}";
        return page.GivenUp
            ? string.Create(CultureInfo.InvariantCulture,
                $"full text: given up after {page.Attempts} {(page.Attempts == 1 ? "try" : "tries")} ({page.GivenUpReason}){error}; the article keeps its feed's text")
            : string.Create(CultureInfo.InvariantCulture,
                $"full text: waiting for its page, next try {Time(page.NextAttempt)} ({page.Attempts} of {Pipeline.PageRetry.MaxAttempts} tries failed){error}");
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
