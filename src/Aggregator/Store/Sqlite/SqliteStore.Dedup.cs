using System.Text.Json;
using Aggregator.Dedup;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store.Sqlite;

/// <summary>
/// Identity across outlets, decided once when an article arrives, in this order: the same
/// canonical URL; then the same or nearly the same text (exact fingerprint, or a near-duplicate
/// signature from the in-memory index), confirmed by comparing the texts. A new article joins the
/// cluster of the earliest copy it matches; clusters never merge or split afterwards, so the copy
/// shown in topic feeds keeps its id.
/// </summary>
public sealed partial class SqliteStore
{
    private NearDuplicateIndex? _index;

    private static async Task<ClusterChoice?> FindClusterAsync(
        StatementCache statements, ArticleCandidate candidate, ArticleText text, TextIdentity identity,
        NearDuplicateIndex index, DuplicatePolicy? policy, CancellationToken ct)
    {
        {
            var sameUrl = statements.For("""
                SELECT cluster_id, id FROM articles WHERE canonical_url = $url AND outlet_id <> $outlet ORDER BY seq LIMIT 1;
                """);
            StatementCache.Bind(sameUrl, "$url", candidate.CanonicalUrl);
            StatementCache.Bind(sameUrl, "$outlet", candidate.OutletId);
            await using var reader = await sameUrl.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                return ClusterChoice.SameUrl(reader.GetString(0), reader.GetString(1));
            }
        }
        if (policy is null)
        {
            return null;
        }

        var proposed = index.Candidates(identity.Signature);
        var command = statements.For(CandidatesSql);
        StatementCache.Bind(command, "$outlet", candidate.OutletId);
        StatementCache.Bind(command, "$fingerprint", identity.Fingerprint);
        StatementCache.Bind(command, "$proposed", JsonSerializer.Serialize(proposed, StoreJson.Default.IReadOnlyListInt64));
        StatementCache.Bind(command, "$max", ClusterChoice.MaxCandidates);
        List<StoredText> candidates;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            candidates = await StoredRows.ListAsync(reader, StoredRows.CandidateText, ct);
        }
        return ClusterChoice.FirstDuplicate(text, candidates, policy);
    }

    // Other outlets only: an outlet's own similar items (a weekly series) are its own business.
    private static readonly string CandidatesSql = $"""
        SELECT {StoredRows.CandidateColumns} FROM articles
        WHERE outlet_id <> $outlet
          AND (fingerprint = $fingerprint OR seq IN (SELECT value FROM json_each($proposed)))
        ORDER BY seq
        LIMIT $max;
        """;

    /// <summary>
    /// The near-duplicate index, loaded from the stored signatures on the first poll that needs it
    /// (so `status` and the HTTP surface never pay for it); rows stored before signatures existed
    /// get theirs now.
    /// </summary>
    private async Task<NearDuplicateIndex> EnsureIndexAsync(SqliteConnection connection, SqliteTransaction tx, CancellationToken ct)
    {
        if (_index is not null)
        {
            return _index;
        }
        var missing = new List<(long Seq, NearDuplicateSignature Signature, string Fingerprint)>();
        var entries = new List<KeyValuePair<long, NearDuplicateSignature>>();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = tx;
            command.CommandText = "SELECT seq, signature, title, COALESCE(content, summary) FROM articles;";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                NearDuplicateSignature signature;
                if (reader.IsDBNull(1))
                {
                    var title = reader.GetString(2);
                    var body = StoredRows.String(reader, 3);
                    signature = NearDuplicateSignature.Compute(title, body);
                    missing.Add((reader.GetInt64(0), signature, ExactFingerprint.Of(title, body)));
                }
                else
                {
                    signature = NearDuplicateSignature.FromBytes((byte[])reader.GetValue(1));
                }
                entries.Add(KeyValuePair.Create(reader.GetInt64(0), signature));
            }
        }
        if (missing.Count > 0)
        {
            await using var update = connection.CreateCommand();
            update.Transaction = tx;
            update.CommandText = "UPDATE articles SET signature = $signature, fingerprint = $fingerprint WHERE seq = $seq;";
            var seqParameter = update.Parameters.Add("$seq", SqliteType.Integer);
            var signatureParameter = update.Parameters.Add("$signature", SqliteType.Blob);
            var fingerprintParameter = update.Parameters.Add("$fingerprint", SqliteType.Text);
            foreach (var (seq, signature, fingerprint) in missing)
            {
                seqParameter.Value = seq;
                signatureParameter.Value = signature.ToBytes();
                fingerprintParameter.Value = fingerprint;
                await update.ExecuteNonQueryAsync(ct);
            }
        }
        var index = new NearDuplicateIndex();
        index.Load(entries);
        _index = index;
        return index;
    }

    public async Task<IReadOnlyList<ClusterMember>> GetClusterAsync(string articleId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {StoredRows.ClusterMemberColumns}
            FROM articles a
            WHERE a.cluster_id = (SELECT cluster_id FROM articles WHERE id = $id)
            ORDER BY a.seq;
            """;
        command.Parameters.AddWithValue("$id", articleId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var members = new List<ClusterMember>();
        while (await reader.ReadAsync(ct))
        {
            members.Add(StoredRows.ClusterMember(reader, shown: members.Count == 0));
        }
        return members;
    }
}
