using System.Net;
using Aggregator.Tests.Fixtures;
using Npgsql;

namespace Aggregator.Tests.Publish.Pages;

/// <summary>
/// defaults.searchTimeout on PostgreSQL is the statement timeout: a search that cannot finish in it is cancelled by the
/// server and the reader gets the one-line 503, counted and logged, while the store is left as it was.
/// </summary>
public sealed class PostgresSearchTimeLimitTests
{
    private const string Reason = "search: stopped after 2 s (defaults.searchTimeout); narrow it with rarer words, a \"phrase\" or outlet:";

    [Fact]
    public async Task SearchBlockedPastTheStatementTimeout_IsA503WithOneLine_LoggedAndCounted_AndTheNextSearchWorks()
    {
        var database = await (await PostgresServer.Shared).CreateDatabaseAsync();
        var log = new CapturedLog();
        await using var server = await PagesServer.StartAsync(extraVenezuelaArticles: 3, postgres: database, log: log);
        server.ScrapeMetrics();
        var before = await server.Http.GetStringAsync(new Uri("/feeds/search.atom?q=venezuela", UriKind.Relative));
        var stored = await CountArticlesAsync(database);

        // Another session holds the table the search reads: the search waits on the lock until the server's statement timeout
        // cancels it. What elapses is the server's business; the test only waits for the answer.
        await using (var holder = new NpgsqlConnection(database))
        {
            await holder.OpenAsync();
            await using var tx = await holder.BeginTransactionAsync();
            await using (var lockTable = new NpgsqlCommand("LOCK TABLE articles IN ACCESS EXCLUSIVE MODE;", holder, tx))
            {
                await lockTable.ExecuteNonQueryAsync();
            }

            using var response = await server.Http.GetAsync(new Uri("/feeds/search.atom?q=venezuela", UriKind.Relative));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(Reason, await response.Content.ReadAsStringAsync());
            await tx.RollbackAsync();
        }

        Assert.Contains("Warning: Search venezuela in topic all stopped after 2 s (defaults.searchTimeout); the reader got a 503", log.Lines);
        Assert.Contains("aggregator_searches_total{outcome=\"stopped\"} 1", server.ScrapeMetrics().Split('\n'));
        // The lock gone, the same search answers as before it, and every stored article is still there.
        Assert.Equal(before, await server.Http.GetStringAsync(new Uri("/feeds/search.atom?q=venezuela", UriKind.Relative)));
        Assert.Equal(stored, await CountArticlesAsync(database));
        Assert.Contains("aggregator_searches_total{outcome=\"ok\"} 2", server.ScrapeMetrics().Split('\n'));
    }

    private static async Task<long> CountArticlesAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM articles;", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
