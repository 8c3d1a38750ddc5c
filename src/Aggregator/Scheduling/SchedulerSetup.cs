using Aggregator.Store;
using Quartz;

namespace Aggregator.Scheduling;

/// <summary>
/// Where Quartz keeps the outlets' jobs and triggers. With SQLite (one worker) they live in
/// memory and are rebuilt from feeds.json at every start. With a shared PostgreSQL store they live
/// in the same database in Quartz's clustered ADO.NET job store: every worker fires from one set
/// of triggers, each firing runs on exactly one worker, and a dead worker's in-flight polls are
/// recovered by the others once it misses its check-in.
/// </summary>
public static class SchedulerSetup
{
    /// <summary>How often a worker tells the others it is alive.</summary>
    public static readonly TimeSpan CheckinInterval = TimeSpan.FromSeconds(5);

    /// <summary>How long past a missed check-in the others wait before taking a worker's polls over.</summary>
    public static readonly TimeSpan CheckinMisfireThreshold = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often the database store looks for firings later than their trigger's misfire threshold
    /// (half the outlet's interval). Those are not acquired by the normal firing loop but wait for
    /// this pass, whose default period (60 s) would leave a late outlet unpolled for up to a minute.
    /// </summary>
    public static readonly TimeSpan MisfireHandlerFrequency = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Late firings handled per pass. Quartz's default of 20 would take minutes to bring thousands of
    /// outlets back after the whole cluster was down (or overloaded), 20 every 5 s.
    /// </summary>
    public const int MisfiresPerPass = 1000;

    /// <summary>
    /// Polls in progress at once, as many as `poll` runs (Quartz's default is 10). A poll holds its slot until the store
    /// has committed its articles, and the store commits every poll waiting for its writer together, so this bound is
    /// also the largest commit a round can make: with 10, `run` committed about 450 articles at a time and wrote three
    /// times the bytes per article of a cold `poll`, whose 64 polls make commits of thousands (issue 23). Well above the
    /// fetcher's 16 downloads, too, so outlets that never answer cannot hold every slot.
    /// </summary>
    public const int OutletsAtOnce = 64;

    public static void Configure(IQuartzBuilder quartz, StoreLocation store)
    {
        quartz.UseDefaultThreadPool(OutletsAtOnce);
        if (store.PostgresConnectionString is not { } connectionString)
        {
            return;
        }
        quartz.UsePersistentStore(persistent =>
        {
            // The tables are ours to create (PostgresMigrations step 2); Quartz only checks them at start.
            // The driver given as its factory, not found by name: a trimmed (Native AOT) build need not keep the types
            // Quartz would look up (h54a).
            persistent.UsePostgres(Npgsql.NpgsqlFactory.Instance, connectionString);
            persistent.ConfigureStore(options =>
            {
                options.MisfireHandlerFrequency = MisfireHandlerFrequency;
                options.MaxMisfiresToHandleAtATime = MisfiresPerPass;
            });
            persistent.UseClustering(cluster =>
            {
                cluster.CheckinInterval = CheckinInterval;
                cluster.CheckinMisfireThreshold = CheckinMisfireThreshold;
            });
        });
    }
}
