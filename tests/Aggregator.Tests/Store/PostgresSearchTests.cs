using Aggregator.Parse;
using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Postgres;
using Aggregator.Tests.Fixtures;
using Npgsql;

namespace Aggregator.Tests.Store;

/// <summary>Search on PostgreSQL, plus the SQL folding function agreeing with TextFolding.</summary>
public sealed class PostgresSearchTests : SearchContractTests
{
    private string _connectionString = "";

    protected override async Task<IAggregatorStore> CreateAsync()
    {
        _connectionString = await (await PostgresServer.Shared).CreateDatabaseAsync();
        return Open();
    }

    protected override IAggregatorStore Open() => new PostgresStore(_connectionString);

    [Theory]
    [InlineData("Guaidó’s Regime-Change!")]
    [InlineData("Straße, Øresund and Łódź: ÆTHER œuvre")]
    [InlineData("Việt Nam — “quoted” «guillemets» ½ 3.5%")]
    [InlineData("Ελληνικά Άθήνα and Кириллица Ёлка")]
    [InlineData("<p>Tags &amp; entities</p><br/>Ĳssel")]
    public async Task FoldFunction_GivesTheWordsTextFoldingGives(string text)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT aggregator_fold(@t);", connection);
        command.Parameters.AddWithValue("t", text);
        var folded = (string)(await command.ExecuteScalarAsync())!;

        Assert.Equal(TextFolding.Words(TextFolding.Fold(HtmlText.ToPlainText(text, TextLayout.Blocks))), TextFolding.Words(folded));
    }

    [Fact]
    public async Task Ingest_BindsTheFoldedTextInsteadOfAGeneratedColumn()
    {
        await Save("pr", T0, Candidate("pr", "https://pr.example/new", "Guaidó arrives"));
        Assert.Equal(["Guaidó arrives"], await TitlesAsync("guaido"));

        // Issue 23: a generated column ran aggregator_fold per inserted row; the ingest now binds the text it folded in C#.
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT attgenerated = 's' FROM pg_attribute WHERE attrelid = 'articles'::regclass AND attname = 'search';", connection);
        Assert.False((bool)(await command.ExecuteScalarAsync())!);
    }

}
