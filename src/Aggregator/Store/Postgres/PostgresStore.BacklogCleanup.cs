using Npgsql;

namespace Aggregator.Store.Postgres;

/// <summary>The full-text backlog of outlets that no longer want full text (removed from feeds.json, or fullText off).</summary>
public sealed partial class PostgresStore
{
    public async Task<IReadOnlyList<BacklogDrop>> DropBacklogExceptAsync(IReadOnlyCollection<string> fullTextOutlets, CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            // Waiting pages only: a given-up row is the reason `explain` gives, and goes with its article.
            await using var command = new NpgsqlCommand("""
                WITH dropped AS (
                    DELETE FROM fulltext_backlog
                    WHERE given_up IS NULL AND NOT (outlet_id = ANY(@keep))
                    RETURNING outlet_id)
                SELECT outlet_id, count(*) FROM dropped GROUP BY outlet_id ORDER BY outlet_id;
                """, connection);
            command.Parameters.Add(TextArray("keep", fullTextOutlets));
            var drops = new List<BacklogDrop>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                drops.Add(new BacklogDrop(reader.GetString(0), (int)reader.GetInt64(1)));
            }
            return drops;
        }
        catch (NpgsqlException e)
        {
            throw Translate(e);
        }
    }
}
