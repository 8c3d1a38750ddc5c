using System.Diagnostics;

namespace Aggregator.Tests.Fixtures;

/// <summary>The test cluster's sweep: a folder whose test process is gone is deleted; a live owner's, or one without an owner yet, stays.</summary>
public sealed class PostgresServerSweepTests
{
    [Fact]
    public async Task AClusterFolderOfADeadTestProcess_IsDeleted_ALiveOnesAndAnUnownedOneStay()
    {
        using var finished = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await finished.WaitForExitAsync();
        var dead = Folder(finished.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var live = Folder(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var unowned = Folder(null);
        try
        {
            PostgresServer.SweepAbandoned(PostgresServer.FindBinaries());

            Assert.False(Directory.Exists(dead));
            Assert.True(Directory.Exists(live));
            Assert.True(Directory.Exists(unowned));
        }
        finally
        {
            foreach (var folder in new[] { dead, live, unowned }.Where(Directory.Exists))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static string Folder(string? owner)
    {
        var folder = Directory.CreateTempSubdirectory(PostgresServer.Prefix).FullName;
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        File.WriteAllText(Path.Combine(folder, "data", "PG_VERSION"), "15");
        if (owner is not null)
        {
            File.WriteAllText(Path.Combine(folder, PostgresServer.OwnerFile), owner);
        }
        return folder;
    }
}
