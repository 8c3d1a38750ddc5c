namespace Aggregator.Tests.Cli;

/// <summary>Run once on SQLite and once on PostgreSQL (<see cref="StatusCommandOnPostgresTests"/>).</summary>
public class StatusCommandTests
{
    protected virtual bool OnPostgres => false;

    [Fact]
    public async Task Status_AfterPoll_ShowsEachOutletsHealth()
    {
        await using var world = await OutletsWorld.StartAsync(OnPostgres);
        await CliRunner.RunAsync(world.Args("poll"));

        var result = await CliRunner.RunAsync(world.Args("status"));

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("OUTLET", result.Lines[0], StringComparison.Ordinal);
        var rows = result.Lines.Skip(1).ToDictionary(l => l.Split(' ')[0]);
        Assert.Equal(7, rows.Count);
        Assert.Matches(@"^popular-resistance\s+\S+Z\s+\S+Z\s+200\s+6\s+0\s+\S+Z\s+-$", rows["popular-resistance"]);
        Assert.Matches(@"^dead-outlet\s+\S+Z\s+-\s+-\s+0\s+1\s+\S+Z\s+fetch: ", rows["dead-outlet"]);
    }

    [Fact]
    public async Task Status_BeforeAnyPoll_ListsOutletsAsNeverPolled()
    {
        await using var world = await OutletsWorld.StartAsync(OnPostgres);

        var result = await CliRunner.RunAsync(world.Args("status"));

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^marxist-com\s+-\s+-\s+-\s+0\s+0\s+-\s+-$", result.Lines.Single(l => l.StartsWith("marxist-com", StringComparison.Ordinal)));
    }
}

/// <summary>The same commands against a shared PostgreSQL store (`--store`).</summary>
[Trait("Category", "Slow")]
public sealed class StatusCommandOnPostgresTests : StatusCommandTests
{
    protected override bool OnPostgres => true;
}
