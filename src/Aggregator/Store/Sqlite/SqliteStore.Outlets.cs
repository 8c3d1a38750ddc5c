using Aggregator.Model;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store.Sqlite;

public sealed partial class SqliteStore
{
    public async Task<OutletHealth?> GetOutletAsync(string outletId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {StoredRows.OutletColumns} FROM outlets o WHERE o.id = $id;";
        command.Parameters.AddWithValue("$id", outletId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? StoredRows.Outlet(reader) : null;
    }

    public async Task<IReadOnlyList<OutletHealth>> GetOutletsAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {StoredRows.OutletColumns} FROM outlets o ORDER BY o.id;";
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await StoredRows.ListAsync(reader, StoredRows.Outlet, ct);
    }

    public async Task SetSubscriptionAsync(string outletId, string? secret, DateTimeOffset? expires, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE outlets SET websub_secret = $secret, websub_expires = $expires WHERE id = $id;";
            command.Parameters.AddWithValue("$id", outletId);
            command.Parameters.AddWithValue("$secret", DbValue(secret));
            command.Parameters.AddWithValue("$expires", DbTime(expires));
            await command.ExecuteNonQueryAsync(ct);
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

    public async Task<IReadOnlyList<DateTimeOffset>> GetPublishTimesAsync(string outletId, DateTimeOffset since, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = StoredRows.PublishTimesSql;
        command.Parameters.AddWithValue("@outlet", outletId);
        command.Parameters.AddWithValue("@since", ToUnixMs(since));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await StoredRows.ListAsync(reader, StoredRows.UnixTime, ct);
    }

    /// <summary>
    /// A success resets the failure count and takes the new validators; a failure keeps the old
    /// validators (the content we hold still matches them) and counts one more failure. The statement comes from the
    /// transaction's <see cref="StatementCache"/>: with the poll log's two triggers it is the largest thing SQLite
    /// compiles for a poll, and a group commit holds many polls (issue 23).
    /// </summary>
    private static async Task SaveOutletStateAsync(StatementCache statements, PollRecord poll, CancellationToken ct)
    {
        var command = statements.For(SaveOutletStateSql);
        StatementCache.Bind(command, "$id", poll.OutletId);
        StatementCache.Bind(command, "$etag", DbValue(poll.ETag));
        StatementCache.Bind(command, "$last_modified", DbValue(poll.LastModified));
        StatementCache.Bind(command, "$attempt", ToUnixMs(poll.AttemptedAt));
        StatementCache.Bind(command, "$ok", poll.Succeeded);
        StatementCache.Bind(command, "$status", DbValue(poll.StatusCode));
        StatementCache.Bind(command, "$next_due", DbTime(poll.NextDue));
        StatementCache.Bind(command, "$error", DbValue(poll.Error));
        StatementCache.Bind(command, "$resolved", DbValue(poll.ResolvedFeedUrl?.AbsoluteUri));
        StatementCache.Bind(command, "$notice", DbValue(poll.Notice));
        StatementCache.Bind(command, "$gone", DbValue(poll.GoneUrl?.AbsoluteUri));
        StatementCache.Bind(command, "$structure", DbValue(poll.Structure));
        StatementCache.Bind(command, "$interval_note", DbValue(poll.IntervalNote));
        StatementCache.Bind(command, "$hint", DbValue(poll.FeedHint is { } hint ? (long)hint.TotalSeconds : null));
        StatementCache.Bind(command, "$websub_hub", DbValue(poll.WebSubHub?.AbsoluteUri));
        StatementCache.Bind(command, "$websub_topic", DbValue(poll.WebSubTopic?.AbsoluteUri));
        await command.ExecuteNonQueryAsync(ct);
    }

    private const string SaveOutletStateSql = """
            INSERT INTO outlets (id, etag, last_modified, last_attempt, last_success, last_status,
                                 consecutive_failures, next_due, last_error, resolved_feed_url, notice, gone_url, structure, interval_note, hint_seconds, websub_hub, websub_topic)
            VALUES ($id, $etag, $last_modified, $attempt, CASE WHEN $ok THEN $attempt END, $status,
                    CASE WHEN $ok THEN 0 ELSE 1 END, $next_due, $error, $resolved, $notice, $gone, $structure, $interval_note, $hint, $websub_hub, $websub_topic)
            ON CONFLICT (id) DO UPDATE SET
                etag                 = CASE WHEN $ok THEN excluded.etag ELSE outlets.etag END,
                last_modified        = CASE WHEN $ok THEN excluded.last_modified ELSE outlets.last_modified END,
                last_attempt         = excluded.last_attempt,
                last_success         = CASE WHEN $ok THEN excluded.last_attempt ELSE outlets.last_success END,
                last_status          = excluded.last_status,
                consecutive_failures = CASE WHEN $ok THEN 0 ELSE outlets.consecutive_failures + 1 END,
                next_due             = excluded.next_due,
                last_error           = excluded.last_error,
                resolved_feed_url    = CASE WHEN $ok THEN excluded.resolved_feed_url ELSE outlets.resolved_feed_url END,
                notice               = CASE WHEN $ok OR excluded.notice IS NOT NULL THEN excluded.notice ELSE outlets.notice END,
                gone_url             = CASE WHEN $ok THEN NULL ELSE COALESCE(excluded.gone_url, outlets.gone_url) END,
                structure            = COALESCE(excluded.structure, outlets.structure),
                interval_note        = COALESCE(excluded.interval_note, outlets.interval_note),
                hint_seconds         = CASE WHEN $ok AND $hint IS NOT NULL THEN excluded.hint_seconds ELSE outlets.hint_seconds END,
                websub_hub           = CASE WHEN $ok THEN excluded.websub_hub ELSE outlets.websub_hub END,
                websub_topic         = CASE WHEN $ok THEN excluded.websub_topic ELSE outlets.websub_topic END,
                websub_secret        = CASE WHEN $ok AND excluded.websub_hub IS NOT outlets.websub_hub THEN NULL ELSE outlets.websub_secret END,
                websub_expires       = CASE WHEN $ok AND excluded.websub_hub IS NOT outlets.websub_hub THEN NULL ELSE outlets.websub_expires END;
            """;
}
