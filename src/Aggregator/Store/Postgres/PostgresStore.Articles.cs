using Aggregator.Normalize;
using Npgsql;

namespace Aggregator.Store.Postgres;

public sealed partial class PostgresStore
{
    public async Task<IngestSummary> SavePollAsync(PollRecord poll, CancellationToken ct)
    {
        var prepared = ArticleIngest.Prepare(poll);
        using var turn = await TakeIngestTurnAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            var queries = new IngestQueries(this, connection, tx, prepared);
            var summary = await ArticleIngest.SaveAsync(queries, poll, prepared, ct);
            await queries.FlushAsync(ct);
            await tx.CommitAsync(ct);
            // Still in this worker's turn, but no longer holding the ingest lock: other workers' polls go on meanwhile.
            await _statistics.AfterPollAsync(connection, queries.Written, ct);
            return summary;
        }
        catch (NpgsqlException e)
        {
            // The transaction rolled back: nothing of this poll is stored, everything before it is.
            throw Translate(e);
        }
    }

    public async Task<IReadOnlySet<ArticleCandidate>> UnknownAsync(string outletId, IReadOnlyList<ArticleCandidate> candidates, CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            return await ArticleIngest.UnknownAsync(new IngestQueries(this, connection, null), outletId, candidates, ct);
        }
        catch (NpgsqlException e)
        {
            throw Translate(e);
        }
    }
}
