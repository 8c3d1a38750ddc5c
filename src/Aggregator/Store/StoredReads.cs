using System.Data.Common;
using Aggregator.Model;

namespace Aggregator.Store;

/// <summary>
/// The reads whose SQL both providers share, run through ADO.NET's common types: a provider passes an open
/// connection and, where the dialects part, the statement that differs. Values are bound untyped; none is null.
/// </summary>
internal static class StoredReads
{
    /// <summary>Runs a read on a fresh connection of the provider; the provider's errors become the store's one-line error.</summary>
    public static async Task<T> OnConnectionAsync<TConnection, TError, T>(
        Func<CancellationToken, Task<TConnection>> open, Func<TError, StoreException> translate, Func<DbConnection, Task<T>> read, CancellationToken ct)
        where TConnection : DbConnection
        where TError : DbException
    {
        try
        {
            await using var connection = await open(ct);
            return await read(connection);
        }
        catch (TError e)
        {
            throw translate(e);
        }
    }

    /// <param name="copiesSql">Selects cluster_id, seq, outlet_id, link of the articles in the clusters @clusters, in seq order.</param>
    /// <param name="clusters">@clusters as the provider's SQL takes a list of cluster ids.</param>
    public static async Task<TopicPage> TopicPageAsync(
        DbConnection connection, string topicId, TopicPageRequest request, string copiesSql, Func<List<string>, object> clusters, CancellationToken ct)
    {
        List<(Article Article, TopicPosition Cursor)> shown;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = StoredRows.TopicPageSql(request);
            Bind(command, "@topic", topicId);
            Bind(command, "@limit", (long)request.Limit + 1);
            if ((request.Before ?? request.After) is { } cursor)
            {
                Bind(command, "@sort", cursor.SortTime);
                Bind(command, "@seq", cursor.Seq);
            }
            await using var reader = await command.ExecuteReaderAsync(ct);
            shown = await StoredRows.ListAsync(reader, StoredRows.TopicRow, ct);
        }
        return TopicPage.From(shown, request, await CopiesAsync(connection, shown, copiesSql, clusters, ct));
    }

    /// <summary>Every stored copy of the stories shown, by cluster: a page's "also published by".</summary>
    public static async Task<ILookup<string, (long Seq, StoredCopy Copy)>> CopiesAsync(
        DbConnection connection, List<(Article Article, TopicPosition Cursor)> shown, string copiesSql, Func<List<string>, object> clusters, CancellationToken ct)
    {
        var ids = shown.Select(s => s.Article.ClusterId).Distinct().ToList();
        var copies = new List<(string Cluster, long Seq, StoredCopy Copy)>();
        if (ids.Count > 0)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = copiesSql;
            Bind(command, "@clusters", clusters(ids));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                copies.Add((reader.GetString(0), reader.GetInt64(1), new StoredCopy(reader.GetString(2), new Uri(reader.GetString(3)))));
            }
        }
        return copies.ToLookup(c => c.Cluster, c => (c.Seq, c.Copy), StringComparer.Ordinal);
    }

    /// <summary>
    /// Every stored copy of the story an article belongs to, first seen first: what `explain` prints. The founder (whose id
    /// is the cluster id) and the copies that joined it are looked up apart, as SQLite indexes only the latter (issue 23).
    /// </summary>
    public static async Task<IReadOnlyList<ClusterMember>> ClusterAsync(DbConnection connection, string articleId, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {StoredRows.ClusterMemberColumns}
            FROM articles a
            WHERE a.seq IN (
                SELECT f.seq FROM articles c JOIN articles f ON f.id = c.cluster_id AND f.cluster_id = f.id WHERE c.id = @id
                UNION ALL
                SELECT j.seq FROM articles c JOIN articles j ON j.cluster_id = c.cluster_id AND j.cluster_id <> j.id WHERE c.id = @id)
            ORDER BY a.seq;
            """;
        Bind(command, "@id", articleId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var members = new List<ClusterMember>();
        while (await reader.ReadAsync(ct))
        {
            members.Add(StoredRows.ClusterMember(reader, shown: members.Count == 0));
        }
        return members;
    }

    /// <summary>The full-text backlog's counts by outlet: what status and /healthz show.</summary>
    public static async Task<IReadOnlyList<BacklogCount>> BacklogAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = BacklogRows.CountSql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await StoredRows.ListAsync(reader, BacklogRows.Count, ct);
    }

    /// <summary>Where an article stands in the full-text backlog, or null when it waits for nothing.</summary>
    public static async Task<BacklogState?> BacklogStateAsync(DbConnection connection, string articleId, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = BacklogRows.StateSql;
        Bind(command, "@id", articleId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? BacklogRows.State(reader) : null;
    }

    /// <summary>Every stored outlet's id, in order: retention walks them one at a time.</summary>
    public static async Task<List<string>> OutletIdsAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM outlets ORDER BY id;";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var ids = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    private static void Bind(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
