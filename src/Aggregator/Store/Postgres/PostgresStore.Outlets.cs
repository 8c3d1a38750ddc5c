using Aggregator.Model;
using Npgsql;

namespace Aggregator.Store.Postgres;

public sealed partial class PostgresStore
{
    public async Task<OutletHealth?> GetOutletAsync(string outletId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand($"SELECT {StoredRows.OutletColumns} FROM outlets o WHERE o.id = @id;", connection);
        command.Parameters.Add(Text("id", outletId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? StoredRows.Outlet(reader) : null;
    }

    public async Task<IReadOnlyList<OutletHealth>> GetOutletsAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand($"SELECT {StoredRows.OutletColumns} FROM outlets o ORDER BY o.id;", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await StoredRows.ListAsync(reader, StoredRows.Outlet, ct);
    }

    public async Task SetSubscriptionAsync(string outletId, string? secret, DateTimeOffset? expires, CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var command = new NpgsqlCommand(
                "UPDATE outlets SET websub_secret = @secret, websub_expires = @expires WHERE id = @id;", connection);
            command.Parameters.Add(Text("id", outletId));
            command.Parameters.Add(Text("secret", secret));
            command.Parameters.Add(Time("expires", expires));
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (NpgsqlException e)
        {
            throw Translate(e);
        }
    }

    public async Task<IReadOnlyList<DateTimeOffset>> GetPublishTimesAsync(string outletId, DateTimeOffset since, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(StoredRows.PublishTimesSql, connection);
        command.Parameters.Add(Text("outlet", outletId));
        command.Parameters.Add(Time("since", since));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await StoredRows.ListAsync(reader, StoredRows.UnixTime, ct);
    }

    /// <summary>
    /// A success resets the failure count and takes the new validators; a failure keeps the old
    /// validators (the content we hold still matches them) and counts one more failure.
    /// </summary>
    private static async Task SaveOutletStateAsync(NpgsqlConnection connection, NpgsqlTransaction tx, PollRecord poll, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO outlets (id, etag, last_modified, last_attempt, last_success, last_status,
                                 consecutive_failures, next_due, last_error, resolved_feed_url, notice, gone_url, structure, interval_note, hint_seconds, websub_hub, websub_topic)
            VALUES (@id, @etag, @last_modified, @attempt, CASE WHEN @ok THEN @attempt END, @status,
                    CASE WHEN @ok THEN 0 ELSE 1 END, @next_due, @error, @resolved, @notice, @gone, @structure, @interval_note, @hint, @websub_hub, @websub_topic)
            ON CONFLICT (id) DO UPDATE SET
                etag                 = CASE WHEN @ok THEN excluded.etag ELSE outlets.etag END,
                last_modified        = CASE WHEN @ok THEN excluded.last_modified ELSE outlets.last_modified END,
                last_attempt         = excluded.last_attempt,
                last_success         = CASE WHEN @ok THEN excluded.last_attempt ELSE outlets.last_success END,
                last_status          = excluded.last_status,
                consecutive_failures = CASE WHEN @ok THEN 0 ELSE outlets.consecutive_failures + 1 END,
                next_due             = excluded.next_due,
                last_error           = excluded.last_error,
                resolved_feed_url    = CASE WHEN @ok THEN excluded.resolved_feed_url ELSE outlets.resolved_feed_url END,
                notice               = CASE WHEN @ok OR excluded.notice IS NOT NULL THEN excluded.notice ELSE outlets.notice END,
                gone_url             = CASE WHEN @ok THEN NULL ELSE COALESCE(excluded.gone_url, outlets.gone_url) END,
                structure            = COALESCE(excluded.structure, outlets.structure),
                interval_note        = COALESCE(excluded.interval_note, outlets.interval_note),
                hint_seconds         = CASE WHEN @ok AND @hint IS NOT NULL THEN excluded.hint_seconds ELSE outlets.hint_seconds END,
                websub_hub           = CASE WHEN @ok THEN excluded.websub_hub ELSE outlets.websub_hub END,
                websub_topic         = CASE WHEN @ok THEN excluded.websub_topic ELSE outlets.websub_topic END,
                websub_secret        = CASE WHEN @ok AND excluded.websub_hub IS DISTINCT FROM outlets.websub_hub THEN NULL ELSE outlets.websub_secret END,
                websub_expires       = CASE WHEN @ok AND excluded.websub_hub IS DISTINCT FROM outlets.websub_hub THEN NULL ELSE outlets.websub_expires END;
            """, connection, tx);
        command.Parameters.Add(Text("id", poll.OutletId));
        command.Parameters.Add(Text("etag", poll.ETag));
        command.Parameters.Add(Text("last_modified", poll.LastModified));
        command.Parameters.Add(Time("attempt", poll.AttemptedAt));
        command.Parameters.Add(Bool("ok", poll.Succeeded));
        command.Parameters.Add(Long("status", poll.StatusCode));
        command.Parameters.Add(Time("next_due", poll.NextDue));
        command.Parameters.Add(Text("error", poll.Error));
        command.Parameters.Add(Text("resolved", poll.ResolvedFeedUrl?.AbsoluteUri));
        command.Parameters.Add(Text("notice", poll.Notice));
        command.Parameters.Add(Text("gone", poll.GoneUrl?.AbsoluteUri));
        command.Parameters.Add(Text("structure", poll.Structure));
        command.Parameters.Add(Text("interval_note", poll.IntervalNote));
        command.Parameters.Add(Long("hint", poll.FeedHint is { } hint ? (long)hint.TotalSeconds : null));
        command.Parameters.Add(Text("websub_hub", poll.WebSubHub?.AbsoluteUri));
        command.Parameters.Add(Text("websub_topic", poll.WebSubTopic?.AbsoluteUri));
        await command.ExecuteNonQueryAsync(ct);
    }
}
