using Aggregator.Dedup;
using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Sqlite;
using Microsoft.Data.Sqlite;
using static Aggregator.Tests.Store.RawSqlite;

namespace Aggregator.Tests.Store;

/// <summary>
/// Issue 23: SQLite keeps the exact fingerprint as the 64-bit integer its hex digits spell, so the random-order index
/// written for every article holds 8 bytes of key instead of 17; a store from before is converted, nothing lost.
/// </summary>
public sealed class SqliteFingerprintKeyTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private const string Title = "Ports reopen after the strike";
    private const string Body = "<p>Dock workers returned on Monday after a nine-day strike over pay and hours, the union said.</p>";
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task ExistingDatabase_Migrated_KeepsEveryFingerprintAsItsInteger_AndFindsCopiesByIt()
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        // The schema as it was before this step, wherever later steps are appended.
        await store.MigrateAsync([.. SqliteMigrations.Steps.TakeWhile(step => !step.Contains("fingerprint_key", StringComparison.Ordinal))], CancellationToken.None);
        var story = ExactFingerprint.Of(Title, Body);
        var stored = new (string Id, string? Fingerprint)[]
        {
            ("story", story), ("high", "ffffffffffffffff"), ("low", "0000000000000001"), ("mixed", "8000000000000000"), ("none", null),
        };
        await using (var connection = await ConnectAsync(store))
        {
            await ExecuteAsync(connection, "INSERT INTO outlets (id) VALUES ('old');");
            foreach (var (id, fingerprint) in stored)
            {
                await ExecuteAsync(connection, """
                    INSERT INTO articles (id, outlet_id, canonical_url, link, title, content, first_seen, changed_at, sort_time,
                                          cluster_id, content_hash, fingerprint, signature)
                    VALUES ($id, 'old', 'https://old.example/' || $id, 'https://old.example/' || $id, $title, $body, 1, 1, 1,
                            $id, 'h-' || $id, $fingerprint, $signature);
                    """, ("$id", id), ("$title", id == "story" ? Title : id), ("$body", Body), ("$fingerprint", (object?)fingerprint ?? DBNull.Value),
                    ("$signature", NearDuplicateSignature.Compute(id == "story" ? Title : id, Body).ToBytes()));
            }
        }

        await store.MigrateAsync(CancellationToken.None);

        await using (var connection = await ConnectAsync(store))
        {
            var rows = await RowsAsync(connection, "SELECT id, fingerprint_key, fingerprint, title FROM articles ORDER BY seq;");
            Assert.Equal(stored.Select(s => s.Id), rows.Select(r => (string)r[0]!));
            Assert.Equal(
                stored.Select(s => s.Fingerprint is null ? (long?)null : SqliteStore.FingerprintKey(s.Fingerprint)),
                rows.Select(r => r[1] is long key ? key : (long?)null));
            Assert.Equal([-1L, 1L, long.MinValue], rows.Skip(1).Take(3).Select(r => (long)r[1]!));
            Assert.All(rows, r => Assert.Null(r[2]));
            Assert.Equal(Title, (string?)rows[0][3]);
            var indexes = (await RowsAsync(connection, "SELECT name FROM pragma_index_list('articles');")).Select(r => (string)r[0]!).ToList();
            Assert.Contains("ix_articles_fingerprint_key", indexes);
            Assert.DoesNotContain("ix_articles_fingerprint", indexes);
            // The lookup the ingest makes finds the converted row by the fingerprint a new copy's text gives.
            var found = await RowsAsync(connection, SqliteStore.CandidatesSql, ("$outlet", "new"), ("$fingerprint", SqliteStore.FingerprintKey(story)),
                ("$proposed", "[]"), ("$max", 10));
            Assert.Single(found);
        }

        // And the ingest, end to end: another outlet's copy of the text joins the stored story's cluster.
        var copy = await store.SavePollAsync(new PollRecord
        {
            OutletId = "new",
            AttemptedAt = T0,
            Succeeded = true,
            StatusCode = 200,
            Articles = [new ArticleCandidate
            {
                OutletId = "new", CanonicalUrl = "https://new.example/ports", Link = new Uri("https://new.example/ports"),
                Title = Title, Content = Body, Published = T0.AddHours(-1), Topics = ["all"],
            }],
            Duplicates = DuplicatePolicy.Default,
        }, CancellationToken.None);
        Assert.Equal(1, copy.Deduplicated);
        await using (var connection = await ConnectAsync(store))
        {
            var joined = await RowsAsync(connection, "SELECT cluster_id, fingerprint_key FROM articles WHERE outlet_id = 'new';");
            Assert.Equal("story", (string?)joined.Single()[0]);
            Assert.Equal(SqliteStore.FingerprintKey(story), (long?)joined.Single()[1]);
        }
    }

    [Fact]
    public async Task TextCandidates_AreLookedUpByTheFingerprintKeyIndex()
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        await store.MigrateAsync(CancellationToken.None);
        await using var connection = await ConnectAsync(store);

        var plan = (await RowsAsync(connection, "EXPLAIN QUERY PLAN " + SqliteStore.CandidatesSql, ("$outlet", "o"), ("$fingerprint", 42L),
            ("$proposed", "[1,2]"), ("$max", 10))).Select(r => (string)r[3]!).ToList();

        Assert.Contains(plan, step => step.Contains("ix_articles_fingerprint_key (fingerprint_key=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN articles", StringComparison.Ordinal));
    }
}
