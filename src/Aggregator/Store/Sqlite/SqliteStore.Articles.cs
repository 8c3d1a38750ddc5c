using Aggregator.Dedup;
using Aggregator.Normalize;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store.Sqlite;

public sealed partial class SqliteStore
{
    public async Task<IngestSummary> SavePollAsync(PollRecord poll, CancellationToken ct)
    {
        var prepared = ArticleIngest.Prepare(poll);
        await _writeLock.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await using var queries = new IngestQueries(this, connection, tx);
            var summary = await ArticleIngest.SaveAsync(queries, poll, prepared, ct);
            await tx.CommitAsync(ct);
            // Only what is committed may be found by later lookups.
            queries.CommitIndexed();
            return summary;
        }
        catch (SqliteException e)
        {
            // The transaction rolled back: nothing of this poll is stored, everything before it is.
            throw Translate(e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<IReadOnlySet<ArticleCandidate>> UnknownAsync(string outletId, IReadOnlyList<ArticleCandidate> candidates, CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var queries = new IngestQueries(this, connection, null);
            return await ArticleIngest.UnknownAsync(queries, outletId, candidates, ct);
        }
        catch (SqliteException e)
        {
            throw Translate(e);
        }
    }
}
