using Npgsql;
using NpgsqlTypes;

namespace Aggregator.Store.Postgres;

/// <summary>Full-text outlets' furniture memory (<see cref="IFurnitureRows"/>): a row per remembered page.</summary>
public sealed partial class PostgresStore
{
    public Task<IReadOnlyList<FurniturePage>> GetFurnitureAsync(string outletId, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<FurniturePage>>(async connection =>
        {
            await using var command = new NpgsqlCommand(
                "SELECT page_key, seq, blocks FROM fulltext_furniture WHERE outlet_id = @outlet ORDER BY seq;", (NpgsqlConnection)connection);
            command.Parameters.AddWithValue("outlet", outletId);
            var pages = new List<FurniturePage>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                pages.Add(new FurniturePage(reader.GetString(0), reader.GetInt64(1), FurniturePage.Unpack(reader.GetFieldValue<byte[]>(2))));
            }
            return pages;
        }, ct);

    public async Task SaveFurnitureAsync(string outletId, IReadOnlyList<FurniturePage> pages, int keep, CancellationToken ct)
    {
        if (pages.Count == 0)
        {
            return;
        }
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            var batch = new NpgsqlBatch(connection, tx);
            await using (batch)
            {
                foreach (var row in pages)
                {
                    var upsert = new NpgsqlBatchCommand("""
                        INSERT INTO fulltext_furniture (outlet_id, page_key, seq, blocks) VALUES (@outlet, @page, @seq, @blocks)
                        ON CONFLICT (outlet_id, page_key) DO UPDATE SET seq = excluded.seq, blocks = excluded.blocks;
                        """);
                    upsert.Parameters.AddWithValue("outlet", outletId);
                    upsert.Parameters.AddWithValue("page", row.PageKey);
                    upsert.Parameters.AddWithValue("seq", row.Sequence);
                    upsert.Parameters.AddWithValue("blocks", NpgsqlDbType.Bytea, row.Packed());
                    batch.BatchCommands.Add(upsert);
                }
                var trim = new NpgsqlBatchCommand("""
                    DELETE FROM fulltext_furniture WHERE outlet_id = @outlet AND seq <
                        (SELECT min(seq) FROM (SELECT seq FROM fulltext_furniture WHERE outlet_id = @outlet ORDER BY seq DESC LIMIT @keep) newest);
                    """);
                trim.Parameters.AddWithValue("outlet", outletId);
                trim.Parameters.AddWithValue("keep", keep);
                batch.BatchCommands.Add(trim);
                await batch.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        catch (NpgsqlException e)
        {
            throw Translate(e);
        }
    }

    public async Task<int> DropFurnitureExceptAsync(IReadOnlyCollection<string> fullTextOutlets, CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var command = new NpgsqlCommand("DELETE FROM fulltext_furniture WHERE NOT (outlet_id = ANY(@keep));", connection);
            command.Parameters.Add(TextArray("keep", fullTextOutlets));
            return await command.ExecuteNonQueryAsync(ct);
        }
        catch (NpgsqlException e)
        {
            throw Translate(e);
        }
    }
}
