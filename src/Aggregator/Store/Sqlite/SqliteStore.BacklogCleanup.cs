using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store.Sqlite;

/// <summary>The full-text backlog of outlets that no longer want full text (removed from feeds.json, or fullText off).</summary>
public sealed partial class SqliteStore
{
    public async Task<IReadOnlyList<BacklogDrop>> DropBacklogExceptAsync(IReadOnlyCollection<string> fullTextOutlets, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var command = connection.CreateCommand();
            // Waiting pages only: a given-up row is the reason `explain` gives, and goes with its article.
            command.CommandText = """
                DELETE FROM fulltext_backlog
                WHERE given_up IS NULL AND outlet_id NOT IN (SELECT value FROM json_each($keep))
                RETURNING outlet_id;
                """;
            command.Parameters.AddWithValue("$keep", JsonSerializer.Serialize<IReadOnlyList<string>>([.. fullTextOutlets], StoreJson.Default.IReadOnlyListString));
            var dropped = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    dropped.Add(reader.GetString(0));
                }
            }
            return BacklogDrops(dropped);
        }
        catch (SqliteException e)
        {
            throw Translate(e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static List<BacklogDrop> BacklogDrops(List<string> outletIds) =>
        outletIds.GroupBy(id => id, StringComparer.Ordinal).Select(g => new BacklogDrop(g.Key, g.Count())).OrderBy(d => d.OutletId, StringComparer.Ordinal).ToList();
}
