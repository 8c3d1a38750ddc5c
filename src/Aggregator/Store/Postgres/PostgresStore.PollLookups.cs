using System.Data.Common;
using Aggregator.Dedup;
using Npgsql;
using NpgsqlTypes;

namespace Aggregator.Store.Postgres;

public sealed partial class PostgresStore
{
    // Each lateral lookup reads its value's rows in seq order from ix_articles_url_seq / ix_articles_fingerprint_seq, so it
    // is planned that way with or without statistics and stops after LIMIT rows instead of walking the table.
    internal const string SameUrlLookupSql = """
        SELECT u.url, a.cluster_id, a.id FROM unnest(@urls) AS u(url)
        CROSS JOIN LATERAL (SELECT cluster_id, id FROM articles
                            WHERE canonical_url = u.url AND outlet_id <> @outlet ORDER BY seq LIMIT 1) a;
        """;

    internal const string SameTextLookupSql = $"""
        SELECT f.fingerprint, a.* FROM unnest(@fingerprints) AS f(fingerprint)
        CROSS JOIN LATERAL (SELECT {StoredRows.CandidateColumns} FROM articles
                            WHERE fingerprint = f.fingerprint AND outlet_id <> @outlet ORDER BY seq LIMIT @max) a;
        """;

    /// <summary>
    /// A poll's cluster lookups, read once for all its candidates: other outlets' earliest article per canonical URL
    /// (<see cref="StoredRows.SameUrlSql"/>) and their earliest articles per exact fingerprint (the fingerprint half of
    /// FindTextCandidates). Both read only other outlets' rows, which no poll writes while this one holds the ingest lock,
    /// so reading them up front answers exactly as asking per article did.
    /// </summary>
    private sealed class PollLookups
    {
        private readonly Dictionary<string, (string ClusterId, string ArticleId)?> _sameUrl = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<StoredText>> _sameText = new(StringComparer.Ordinal);
        private HashSet<string> _fingerprints = [];

        private PollLookups(string outletId) => OutletId = outletId;

        public string OutletId { get; }

        public static NpgsqlBatchCommand[] Commands(string outletId, IReadOnlyCollection<string> urls, IReadOnlyCollection<string> fingerprints)
        {
            var sameUrl = new NpgsqlBatchCommand(SameUrlLookupSql);
            sameUrl.Parameters.Add(Text("outlet", outletId));
            sameUrl.Parameters.Add(TextArray("urls", urls));
            var sameText = new NpgsqlBatchCommand(SameTextLookupSql);
            sameText.Parameters.Add(Text("outlet", outletId));
            sameText.Parameters.Add(TextArray("fingerprints", fingerprints));
            sameText.Parameters.Add(new NpgsqlParameter("max", NpgsqlDbType.Integer) { Value = ClusterChoice.MaxCandidates });
            return [sameUrl, sameText];
        }

        /// <summary>Reads the results of <see cref="Commands"/>, which follow the current one in <paramref name="reader"/>.</summary>
        public static async Task<PollLookups> ReadAsync(string outletId, DbDataReader reader, IReadOnlyCollection<string> urls,
            IReadOnlyCollection<string> fingerprints, CancellationToken ct)
        {
            var lookups = new PollLookups(outletId) { _fingerprints = [.. fingerprints] };
            foreach (var url in urls)
            {
                lookups._sameUrl[url] = null;
            }
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                lookups._sameUrl[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2));
            }
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var fingerprint = reader.GetString(0);
                if (!lookups._sameText.TryGetValue(fingerprint, out var texts))
                {
                    lookups._sameText[fingerprint] = texts = [];
                }
                texts.Add(new StoredText(reader.GetInt64(1), reader.GetString(2), reader.GetString(3),
                    new ArticleText(reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5))));
            }
            return lookups;
        }

        /// <summary>The URL's answer, wrapped; null when it was not looked up.</summary>
        public Found<(string ClusterId, string ArticleId)?>? SameUrl(string canonicalUrl) =>
            _sameUrl.TryGetValue(canonicalUrl, out var found) ? new(found) : null;

        /// <summary>Other outlets' earliest articles with this fingerprint (a copy); null when it was not looked up.</summary>
        public List<StoredText>? SameText(string fingerprint, int max) =>
            max > ClusterChoice.MaxCandidates || !_fingerprints.Contains(fingerprint) ? null
            : _sameText.TryGetValue(fingerprint, out var texts) ? [.. texts.Take(max)] : [];
    }

    private sealed record Found<T>(T Value);
}
