using Aggregator.Dedup;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store.Sqlite;

/// <summary>
/// The near-duplicate index this process keeps of the file's articles (one worker owns the file, so
/// it only learns what this process commits), and what `explain` reads of a cluster.
/// </summary>
public sealed partial class SqliteStore
{
    private NearDuplicateIndex? _index;

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
                    var body = StoredRows.Text(reader, 3);
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
            update.CommandText = "UPDATE articles SET signature = $signature, fingerprint_key = $fingerprint WHERE seq = $seq;";
            var seqParameter = update.Parameters.Add("$seq", SqliteType.Integer);
            var signatureParameter = update.Parameters.Add("$signature", SqliteType.Blob);
            var fingerprintParameter = update.Parameters.Add("$fingerprint", SqliteType.Integer);
            foreach (var (seq, signature, fingerprint) in missing)
            {
                seqParameter.Value = seq;
                signatureParameter.Value = signature.ToBytes();
                fingerprintParameter.Value = FingerprintKey(fingerprint);
                await update.ExecuteNonQueryAsync(ct);
            }
        }
        var index = new NearDuplicateIndex();
        index.Load(entries);
        _index = index;
        return index;
    }

    /// <summary>
    /// An exact fingerprint (<see cref="ExactFingerprint"/>: 16 hex digits, 64 bits) as the integer SQLite stores and indexes:
    /// 8 bytes in the random-order fingerprint index instead of 17 (issue 23). The migration converts stored ones the same way.
    /// </summary>
    internal static long FingerprintKey(string fingerprint) =>
        unchecked((long)ulong.Parse(fingerprint, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Drops the index (it knew texts a failed transaction did not store); the next poll loads it from the file.</summary>
    private void ForgetIndex()
    {
        _index?.Dispose();
        _index = null;
    }

    public Task<IReadOnlyList<ClusterMember>> GetClusterAsync(string articleId, CancellationToken ct) =>
        ReadAsync(connection => StoredReads.ClusterAsync(connection, articleId, ct), ct);
}
