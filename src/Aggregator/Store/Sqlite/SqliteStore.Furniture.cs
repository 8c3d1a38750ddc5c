using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store.Sqlite;

/// <summary>Full-text outlets' furniture memory (<see cref="IFurnitureRows"/>): a row per remembered page.</summary>
public sealed partial class SqliteStore
{
    public Task<IReadOnlyList<FurniturePage>> GetFurnitureAsync(string outletId, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<FurniturePage>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT page_key, seq, blocks FROM fulltext_furniture WHERE outlet_id = $outlet ORDER BY seq;";
            command.Parameters.Add(new SqliteParameter("$outlet", outletId));
            var pages = new List<FurniturePage>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                pages.Add(new FurniturePage(reader.GetString(0), reader.GetInt64(1), FurniturePage.Unpack((byte[])reader.GetValue(2))));
            }
            return pages;
        }, ct);

    public async Task SaveFurnitureAsync(string outletId, IReadOnlyList<FurniturePage> pages, int keep, CancellationToken ct)
    {
        if (pages.Count == 0)
        {
            return;
        }
        await _writeLock.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await using (var upsert = connection.CreateCommand())
            {
                upsert.Transaction = tx;
                upsert.CommandText = """
                    INSERT INTO fulltext_furniture (outlet_id, page_key, seq, blocks) VALUES ($outlet, $page, $seq, $blocks)
                    ON CONFLICT (outlet_id, page_key) DO UPDATE SET seq = excluded.seq, blocks = excluded.blocks;
                    """;
                upsert.Parameters.Add(new SqliteParameter("$outlet", outletId));
                var page = upsert.Parameters.Add("$page", SqliteType.Text);
                var seq = upsert.Parameters.Add("$seq", SqliteType.Integer);
                var blocks = upsert.Parameters.Add("$blocks", SqliteType.Blob);
                foreach (var row in pages)
                {
                    (page.Value, seq.Value, blocks.Value) = (row.PageKey, row.Sequence, row.Packed());
                    await upsert.ExecuteNonQueryAsync(ct);
                }
            }
            await using (var trim = connection.CreateCommand())
            {
                trim.Transaction = tx;
                trim.CommandText = """
                    DELETE FROM fulltext_furniture WHERE outlet_id = $outlet AND seq <
                        (SELECT min(seq) FROM (SELECT seq FROM fulltext_furniture WHERE outlet_id = $outlet ORDER BY seq DESC LIMIT $keep));
                    """;
                trim.Parameters.Add(new SqliteParameter("$outlet", outletId));
                trim.Parameters.Add(new SqliteParameter("$keep", keep));
                await trim.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
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

    public async Task<int> DropFurnitureExceptAsync(IReadOnlyCollection<string> fullTextOutlets, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM fulltext_furniture WHERE outlet_id NOT IN (SELECT value FROM json_each($keep));";
            command.Parameters.AddWithValue("$keep", JsonSerializer.Serialize<IReadOnlyList<string>>([.. fullTextOutlets], StoreJson.Default.IReadOnlyListString));
            return await command.ExecuteNonQueryAsync(ct);
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
}
